package cell

import (
	"context"
	"encoding/binary"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/netutil"
)

// DefaultTimeout bounds a call whose options set no timeout: the wait for
// a pooled connection, connecting, the handshake, sending the request and
// receiving the whole reply. The context's own deadline, when earlier,
// wins.
const DefaultTimeout = 10 * time.Second

// A CallOption configures one call. It is a value, not a function, so
// that options cost no allocation.
type CallOption struct {
	set optionSet
	c   callConfig
}

type optionSet uint8

const (
	optTimeout optionSet = 1 << iota
	optAddress
	optBuffer
	optMaxReply
	optProfile
	optCellSDK
)

type callConfig struct {
	timeout          time.Duration
	network, address string
	views            *Buffer // WithBuffer
	maxReply         int
	format           format
	profileErr       error
	profiled         bool // WithProfile was given
	sdk              bool // WithCellSDK
}

// apply sets what o sets.
func (c *callConfig) apply(o *CallOption) {
	if o.set&optTimeout != 0 {
		c.timeout = o.c.timeout
	}
	if o.set&optAddress != 0 {
		c.network, c.address = o.c.network, o.c.address
	}
	if o.set&optBuffer != 0 {
		c.views = o.c.views
	}
	if o.set&optMaxReply != 0 {
		c.maxReply = o.c.maxReply
	}
	if o.set&optProfile != 0 {
		c.format, c.profileErr, c.profiled = o.c.format, o.c.profileErr, true
	}
	if o.set&optCellSDK != 0 {
		c.sdk = true
	}
}

// WithTimeout bounds the whole call (pool wait, connect, handshake, send,
// receive) by d instead of DefaultTimeout. d <= 0 leaves only the
// context's deadline.
func WithTimeout(d time.Duration) CallOption {
	return CallOption{set: optTimeout, c: callConfig{timeout: d}}
}

// WithAddress makes the call reach the cell at network ("unix" or "tcp")
// and address instead of its Unix socket $CELL_SOCKET_DIR/CELL.sock (or a
// Cell SDK cell's). The cell name is still validated, used in errors and
// selects the expectation (Expect).
func WithAddress(network, address string) CallOption {
	return CallOption{set: optAddress, c: callConfig{network: network, address: address}}
}

// WithBuffer names the Buffer the request's views were built in, for Call
// (CallInto takes its buffer as an argument).
func WithBuffer(b *Buffer) CallOption {
	return CallOption{set: optBuffer, c: callConfig{views: b}}
}

// WithMaxReply sets the largest reply payload the call accepts, checked
// before anything is allocated; default MaxFrameSize. n is capped at
// MaxFrameSize.
func WithMaxReply(n int) CallOption {
	return CallOption{set: optMaxReply, c: callConfig{maxReply: min(n, MaxFrameSize)}}
}

// WithProfile sets the profile the cell archives with (as the canonical
// text spells it, "rkyv0.7 le p32 nonstrict"), for a cell without an
// expectation or a Cell SDK cell; with an expectation checked by the
// handshake, the handshake's profile wins. A profile the runtime does not
// carry fails the call with KindProfile.
func WithProfile(p string) CallOption {
	f, err := profileFormat(p)
	return CallOption{set: optProfile, c: callConfig{format: f, profileErr: err}}
}

// WithCellSDK makes the call talk to a Cell SDK cell, as ExpectCellSDK
// does for every call to a cell, without registering it.
func WithCellSDK() CallOption {
	return CallOption{set: optCellSDK, c: callConfig{sdk: true}}
}

// Kind classifies a failed call. Its values are those of the schema
// request's kinds (one enumeration for every exchange with a cell).
type Kind int

const (
	KindType      = Kind(netutil.KindType)      // Req or Resp is not a message type, req is nil, or the request cannot be encoded
	KindName      = Kind(netutil.KindName)      // invalid cell name or socket path
	KindConnect   = Kind(netutil.KindConnect)   // could not connect
	KindSend      = Kind(netutil.KindSend)      // could not send the request
	KindTimeout   = Kind(netutil.KindTimeout)   // the timeout or the context's deadline passed
	KindCanceled  = Kind(netutil.KindCanceled)  // the context was canceled
	KindClosed    = Kind(netutil.KindClosed)    // the peer closed or reset the connection before the whole reply
	KindTooLarge  = Kind(netutil.KindTooLarge)  // the reply length word exceeds the limit (WithMaxReply)
	KindSize      = Kind(netutil.KindSize)      // the reply length is not the size of a fixed-size Resp
	KindMalformed = Kind(netutil.KindMalformed) // the reply is not a valid Resp, is a control frame, or has bytes after it
	KindMismatch  = Kind(netutil.KindMismatch)  // the handshake found another schema than Expect's (a *MismatchError)
	KindHandshake = Kind(netutil.KindHandshake) // the cell did not answer the handshake's schema request validly
	KindProfile   = Kind(netutil.KindProfile)   // the cell's profile (or WithProfile's) is not carried (a *ProfileError)
	KindRemote    = Kind(netutil.KindRemote)    // a Cell SDK cell answered with an error (a *RemoteError)
	KindTag       = Kind(netutil.KindTag)       // a Cell SDK cell's reply is the response of another method than the request's
)

func (k Kind) String() string { return netutil.Kind(k).String() }

// Error is a failed call. Its text is
// "call to cell NAME (NETWORK:ADDRESS): PROBLEM", without the address when
// the call failed before choosing one.
type Error struct {
	Cell             string
	Network, Address string // "" before the address is known
	Kind             Kind
	Msg              string // what went wrong, without the prefix
	Err              error  // the underlying error: a *TypeError, *BuildError, *ArchiveError, *MismatchError, *ProfileError, *RemoteError, a context error, a net error...
}

func (e *Error) Error() string {
	if e.Address == "" {
		return fmt.Sprintf("call to cell %q: %s", e.Cell, e.Msg)
	}
	return fmt.Sprintf("call to cell %q (%s:%s): %s", e.Cell, e.Network, e.Address, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Call sends *req to the named cell and returns its reply, which owns its
// memory: a fixed-size Resp is copied into a new Resp, one with views is
// received into a new buffer that the *Resp points into (one allocation
// either way). See docs/runtime.md §1 for the steps; every failure is an
// *Error.
func Call[Resp, Req any](ctx context.Context, cell string, req *Req, opts ...CallOption) (*Resp, error) {
	rp := planFor(reflect.TypeFor[Resp]())
	x := exchange{cell: cell, req: planFor(reflect.TypeFor[Req]()), resp: rp, reqPtr: unsafe.Pointer(req)}
	if rp.err == nil && rp.fixed {
		x.out = unsafe.Pointer(new(Resp))
	}
	p, err := x.run(ctx, opts)
	return (*Resp)(p), err
}

// CallInto is Call receiving the reply into buf, whose views the request
// may also use: the *Resp points into buf and is valid until buf is used
// again (the next call with it, Reset, or building into it). With a warm
// pool and buffer and a context whose Done is nil it allocates nothing.
func CallInto[Resp, Req any](ctx context.Context, cell string, req *Req, buf *Buffer, opts ...CallOption) (*Resp, error) {
	x := exchange{cell: cell, req: planFor(reflect.TypeFor[Req]()), resp: planFor(reflect.TypeFor[Resp]()), reqPtr: unsafe.Pointer(req), into: buf}
	p, err := x.run(ctx, opts)
	return (*Resp)(p), err
}

// exchange is one call in progress, shared by Call and CallInto so that
// the generic functions stay thin.
type exchange struct {
	cell             string
	network, address string
	req, resp        *plan
	reqPtr           unsafe.Pointer
	out              unsafe.Pointer // Call with a fixed-size Resp: where the reply is copied
	into             *Buffer        // CallInto
	cfg              callConfig
	b                netutil.Bound
	gen              uint64      // expectations.gen when the call began
	exp              expectation // the cell's expectation, read after gen
	hasExp           bool
	sdk              bool // Cell SDK mode (ExpectCellSDK or WithCellSDK)
}

func (x *exchange) run(ctx context.Context, opts []CallOption) (unsafe.Pointer, error) {
	x.cfg = callConfig{timeout: DefaultTimeout, maxReply: MaxFrameSize}
	for i := range opts {
		x.cfg.apply(&opts[i])
	}
	x.gen = expectations.gen.Load()
	x.exp, x.hasExp = expectations.get(x.cell)
	x.sdk = x.cfg.sdk || x.hasExp && x.exp.sdk
	if x.sdk && !x.cfg.profiled {
		x.cfg.format = format07
	}
	if err := x.check(); err != nil {
		return nil, err
	}
	p, err := pools.lookup(x)
	if err != nil {
		return nil, err
	}
	x.network, x.address = p.network, p.address
	x.b = netutil.NewBound(ctx, x.cfg.timeout)
	if err := ctx.Err(); err != nil {
		return nil, x.ioFail("starting the call", KindConnect, err)
	}
	c, err := p.take(x)
	if err != nil {
		return nil, err
	}
	return x.onConn(c)
}

// check refuses what can be refused before any network work.
func (x *exchange) check() error {
	switch {
	case x.req.err != nil:
		return x.fail(KindType, x.req.err, "request type %v", x.req.err)
	case x.resp.err != nil:
		return x.fail(KindType, x.resp.err, "response type %v", x.resp.err)
	case x.reqPtr == nil:
		return x.fail(KindType, nil, "nil request (*%v)", x.req.typ)
	case x.cfg.profileErr != nil:
		return x.fail(KindProfile, x.cfg.profileErr, "%v", x.cfg.profileErr)
	case x.sdk && x.req.tag == 0:
		return x.fail(KindType, nil, "request type %v is not enum-shaped (its first field is not an unsigned tag): a Cell SDK request is a variant of the service's Protocol enum, a struct bound to Protocol::Method whose first field is the tag, or the whole enum, a cell.Enum", x.req.typ)
	case x.sdk && x.resp.tag == 0:
		return x.fail(KindType, nil, "response type %v is not enum-shaped (its first field is not an unsigned tag): a Cell SDK reply is a variant of the service's Response enum, a struct bound to Response::Method whose first field is the tag, or the whole enum, a cell.Enum", x.resp.typ)
	}
	return nil
}

// onConn carries the call on c, which it returns to the pool or closes.
func (x *exchange) onConn(c *conn) (unsafe.Pointer, error) {
	f := x.cfg.format
	if c.checked {
		f = c.format
	}
	views, send := x.cfg.views, &c.wbuf
	if x.into != nil {
		views, send = x.into, &x.into.send
	}
	head := append((*send)[:0], 0, 0, 0, 0)
	if x.sdk {
		head = append(head, sdkEnvelope[:]...)
	}
	frame, err := x.req.encode(head, x.reqPtr, views, f, MaxFrameSize)
	if err != nil {
		c.pool.put(c, x.b.Start()) // nothing was sent: the connection is as good as before
		return nil, x.fail(KindType, err, "cannot encode the request: %v", err)
	}
	*send = frame
	binary.LittleEndian.PutUint32(frame, uint32(len(frame)-4))

	c.setDeadline(x.b)
	stop := x.b.Watch(c.nc)
	p, err := x.send(c, frame, f)
	// The connection is kept after a reply, and after a Cell SDK handler's
	// error (the cell goes on), unless the context ended as the reply
	// came: the reply stands, but the connection's deadline is now in the
	// past.
	if stop() && (err == nil || handlerFailed(err)) {
		c.pool.put(c, x.b.Start())
	} else {
		c.pool.discard(c)
	}
	return p, err
}

// send writes the request frame and reads and validates the reply.
func (x *exchange) send(c *conn, frame []byte, f format) (unsafe.Pointer, error) {
	if _, err := c.nc.Write(frame); err != nil {
		return nil, x.ioFail("sending the request", KindSend, err)
	}
	payload, err := x.receive(c)
	if err != nil {
		return nil, err
	}
	var p unsafe.Pointer
	if x.sdk {
		p, err = x.sdkReply(c, payload, f)
	} else if p, err = x.resp.access(payload, f); err != nil {
		err = x.archiveFail(err)
	}
	if err != nil {
		return nil, err
	}
	if x.out != nil {
		// payload is the connection's buffer, reused by the next call.
		copy(unsafe.Slice((*byte)(x.out), x.resp.size), payload)
		return x.out, nil
	}
	return p, nil
}

func (x *exchange) archiveFail(err error) error {
	if ae, ok := err.(*ArchiveError); ok && ae.Size {
		return x.fail(KindSize, err, "reply of the wrong size: %s (do the Go type and the cell's type agree? run go vet with cellvet)", archiveDetail(err))
	}
	return x.fail(KindMalformed, err, "invalid %v reply: %s", x.resp.typ, archiveDetail(err))
}

func (x *exchange) fail(kind Kind, err error, format string, args ...any) error {
	return &Error{Cell: x.cell, Network: x.network, Address: x.address, Kind: kind, Msg: fmt.Sprintf(format, args...), Err: err}
}

// ioFail explains an I/O error at one stage of the exchange: the end of
// the call's bound, a reset, or kind.
func (x *exchange) ioFail(stage string, kind Kind, err error) error {
	switch k, cause := x.b.Ended(err); k {
	case netutil.KindCanceled:
		return x.fail(KindCanceled, cause, "canceled while %s", stage)
	case netutil.KindTimeout:
		return x.fail(KindTimeout, cause, "timed out while %s (%s passed)", stage, x.limit())
	}
	if netutil.IsReset(err) {
		return x.fail(KindClosed, err, "the peer reset the connection while %s", stage)
	}
	return x.fail(kind, err, "%s: %v", stage, netutil.Unwrap(err))
}

// limit names what bounds the call, for a timeout's message.
func (x *exchange) limit() string {
	if x.b.Timeout > 0 {
		return fmt.Sprintf("the %v timeout", x.b.Timeout)
	}
	return "the context's deadline"
}
