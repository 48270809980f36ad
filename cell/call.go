package cell

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// DefaultTimeout bounds a Call whose options set no timeout: connecting,
// sending the request and receiving the whole reply. The context's own
// deadline, when earlier, wins.
const DefaultTimeout = 10 * time.Second

// A CallOption configures one Call.
type CallOption func(*callConfig)

type callConfig struct {
	timeout time.Duration
	network string
	address string
}

// WithTimeout bounds the whole call (connect, send, receive) by d instead
// of DefaultTimeout. d <= 0 leaves only the context's deadline.
func WithTimeout(d time.Duration) CallOption {
	return func(c *callConfig) { c.timeout = d }
}

// WithAddress makes Call reach the cell at network ("unix" or "tcp") and
// address instead of its Unix socket $CELL_SOCKET_DIR/CELL.sock. The cell
// name is still validated and used in errors.
func WithAddress(network, address string) CallOption {
	return func(c *callConfig) { c.network, c.address = network, address }
}

// Kind classifies a failed call. Its values are those of the schema
// request's kinds (one enumeration for every exchange with a cell).
type Kind int

const (
	KindType      = Kind(netutil.KindType)      // Req or Resp is not a fixed-size message type, or req is nil
	KindName      = Kind(netutil.KindName)      // invalid cell name or socket path
	KindConnect   = Kind(netutil.KindConnect)   // could not connect
	KindSend      = Kind(netutil.KindSend)      // could not send the request
	KindTimeout   = Kind(netutil.KindTimeout)   // the timeout or the context's deadline passed
	KindCanceled  = Kind(netutil.KindCanceled)  // the context was canceled
	KindClosed    = Kind(netutil.KindClosed)    // the peer closed or reset the connection before the whole reply
	KindTooLarge  = Kind(netutil.KindTooLarge)  // the reply length word exceeds MaxFrameSize
	KindSize      = Kind(netutil.KindSize)      // the reply length is not the size of Resp
	KindMalformed = Kind(netutil.KindMalformed) // the reply is not a valid Resp (a bool byte not 0/1, a control word)
)

func (k Kind) String() string { return netutil.Kind(k).String() }

// Error is a failed Call. Its text is
// "call to cell NAME (NETWORK:ADDRESS): PROBLEM", without the address when
// the call failed before choosing one.
type Error struct {
	Cell             string
	Network, Address string // "" before the address is known
	Kind             Kind
	Msg              string // what went wrong, without the prefix
	Err              error  // the underlying error: a *TypeError, a context error, a net error...
}

func (e *Error) Error() string {
	if e.Address == "" {
		return fmt.Sprintf("call to cell %q: %s", e.Cell, e.Msg)
	}
	return fmt.Sprintf("call to cell %q (%s:%s): %s", e.Cell, e.Network, e.Address, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Call sends *req to the named cell and returns its reply.
//
// It connects to the cell's Unix socket $CELL_SOCKET_DIR/CELL.sock
// (/tmp/cell when unset; see WithAddress), writes the request as one frame
// (u32 little-endian length, then the payload) and reads one reply frame,
// then closes the connection. The whole call is bounded by the context and
// by the timeout (DefaultTimeout unless WithTimeout says otherwise).
//
// This version supports fixed-size messages only: Req and Resp are made of
// fixed-width integers, floats, bools, arrays of those and nested such
// structs. A payload is the value's bytes, little-endian, each field at its
// Go offset, padding zeroed: the archived rkyv form of a single fixed-size
// root, provided the Go type mirrors the archived layout (which the cellvet
// vet pass checks). Other types are refused with a KindType error.
//
// Every failure is an *Error.
func Call[Resp, Req any](ctx context.Context, cell string, req *Req, opts ...CallOption) (*Resp, error) {
	cfg := callConfig{timeout: DefaultTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	e := &Error{Cell: cell}
	fail := func(kind Kind, err error, format string, args ...any) error {
		e.Kind, e.Err, e.Msg = kind, err, fmt.Sprintf(format, args...)
		return e
	}

	reqC := codecFor(reflect.TypeFor[Req]())
	if reqC.err != nil {
		return nil, fail(KindType, reqC.err, "request type %v", reqC.err)
	}
	respC := codecFor(reflect.TypeFor[Resp]())
	if respC.err != nil {
		return nil, fail(KindType, respC.err, "response type %v", respC.err)
	}
	if req == nil {
		return nil, fail(KindType, nil, "nil request (*%v)", reqC.typ)
	}
	if err := wire.ValidateName(cell); err != nil {
		return nil, fail(KindName, err, "%v", err)
	}
	if cfg.address != "" {
		e.Network, e.Address = cfg.network, cfg.address
	} else {
		t, err := wire.Resolve(cell)
		if err != nil {
			return nil, fail(KindName, err, "%v", err)
		}
		e.Network, e.Address = t.Network, t.Address
	}

	// Encode before connecting: nothing can fail after the request is out
	// but the exchange itself.
	frame := make([]byte, 4+reqC.size)
	binary.LittleEndian.PutUint32(frame, uint32(reqC.size))
	reqC.encode(unsafe.Pointer(req), frame[4:])

	b := netutil.NewBound(ctx, cfg.timeout)
	// ioFail explains an I/O error at one stage of the exchange.
	ioFail := func(stage string, kind Kind, err error) error {
		switch k, cause := b.Ended(err); k {
		case netutil.KindCanceled:
			return fail(KindCanceled, cause, "canceled while %s", stage)
		case netutil.KindTimeout:
			limit := "the context's deadline"
			if b.Timeout > 0 {
				limit = fmt.Sprintf("the %v timeout", b.Timeout)
			}
			return fail(KindTimeout, cause, "timed out while %s (%s passed)", stage, limit)
		}
		if netutil.IsReset(err) {
			return fail(KindClosed, err, "the peer reset the connection while %s", stage)
		}
		return fail(kind, err, "%s: %v", stage, netutil.Unwrap(err))
	}
	if err := ctx.Err(); err != nil {
		return nil, ioFail("starting the call", KindConnect, err)
	}

	conn, err := b.Dial(e.Network, e.Address, 0)
	if err != nil {
		if k, _ := b.Ended(err); k != 0 {
			return nil, ioFail("connecting", KindConnect, err)
		}
		return nil, fail(KindConnect, err, "cannot connect: %s", netutil.DialProblem(e.Network, e.Address, 0, err))
	}
	defer conn.Close()
	stop := b.Bind(conn)
	defer stop()

	if _, err := conn.Write(frame); err != nil {
		return nil, ioFail("sending the request", KindSend, err)
	}

	payload, err := wire.ReadFrame(conn, respC.size)
	if err != nil {
		var tooLarge *wire.FrameTooLargeError
		var trunc *wire.TruncatedError
		var partial *wire.PartialError
		switch {
		case err == io.EOF:
			return nil, fail(KindClosed, err, "the peer closed the connection without replying")
		case errors.Is(err, wire.ErrControlFrame):
			return nil, fail(KindMalformed, err, "the reply starts with the reserved length word 0xffffffff (a control frame, not a message)")
		case errors.As(err, &tooLarge) && tooLarge.Length > MaxFrameSize:
			return nil, fail(KindTooLarge, err, "reply length %d exceeds the 1 MiB frame limit", tooLarge.Length)
		case errors.As(err, &tooLarge):
			return nil, sizeFail(fail, int(tooLarge.Length), respC)
		case errors.As(err, &trunc) && trunc.Prefix:
			return nil, fail(KindClosed, err, "the peer closed the connection after %d of 4 length bytes", trunc.Got)
		case errors.As(err, &trunc):
			return nil, fail(KindClosed, err, "reply truncated: the peer closed the connection after %d of %d payload bytes", trunc.Got, trunc.Want)
		case errors.As(err, &partial) && !partial.Prefix:
			return nil, ioFail(fmt.Sprintf("reading the reply (got %d of %d payload bytes)", partial.Got, partial.Want), KindClosed, partial.Err)
		}
		return nil, ioFail("waiting for the reply", KindClosed, err)
	}
	if len(payload) != respC.size {
		return nil, sizeFail(fail, len(payload), respC)
	}
	resp := new(Resp)
	if err := respC.decode(payload, unsafe.Pointer(resp)); err != nil {
		return nil, fail(KindMalformed, err, "invalid %v reply: %v", respC.typ, err)
	}
	return resp, nil
}

func sizeFail(fail func(Kind, error, string, ...any) error, got int, c *codec) error {
	return fail(KindSize, nil, "reply of %d bytes, but the response type %v is %d bytes (do the Go type and the cell's type agree? run go vet with cellvet)", got, c.typ, c.size)
}
