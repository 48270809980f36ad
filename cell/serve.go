package cell

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// Serve defaults (docs/runtime.md §6, §9).
const (
	DefaultMaxServedConns  = 1024
	DefaultShutdownTimeout = 5 * time.Second
)

// requestTimeout bounds the rest of a frame (a request or a schema
// request) once its first bytes have come, and the writing of its reply,
// so that a trickling or stalled client cannot hold a connection slot for
// ever. A variable for the tests.
var requestTimeout = 10 * time.Second

// A ServeOption configures Serve.
type ServeOption func(*serveConfig)

type serveConfig struct {
	schema          *Schema
	schemaErr       error // WithCanon's NewSchema failed
	maxConns        int
	maxRequest      int
	shutdownTimeout time.Duration
	errorLog        func(error)
}

// A Schema is a cell's schema as Serve answers schema requests
// (docs/protocol.md) with it, so that "cellvet add NAME" can pin the cell
// while it runs and callers' handshakes can check it.
type Schema struct{ s *wire.Schema }

// NewSchema returns the schema of the named cell from its CFP/1 canonical
// text, as "cellvet fp --canon SCHEMA.rs [PROFILE]" prints it (its header
// names the profile). The text is checked as cellvet checks a reply, and
// its digest is computed here.
func NewSchema(cell string, canon []byte) (*Schema, error) {
	s, err := wire.NewSchema(cell, canon)
	if err != nil {
		return nil, err
	}
	return &Schema{s}, nil
}

// WithSchema makes Serve answer schema requests with s on the same
// connections as messages: a connection may send any number of schema
// requests before, between or after its messages. Without it a schema
// request closes the connection, as on any cell that does not serve its
// schema (and callers with an expectation fail with KindHandshake).
func WithSchema(s *Schema) ServeOption {
	return func(c *serveConfig) { c.schema = s }
}

// WithCanon is WithSchema(NewSchema(cell, canon)): the canonical text as
// "cellvet fp --canon" prints it, typically embedded with //go:embed. An
// invalid text makes Serve return NewSchema's error.
func WithCanon(cell string, canon []byte) ServeOption {
	s, err := NewSchema(cell, canon)
	return func(c *serveConfig) { c.schema, c.schemaErr = s, err }
}

// WithMaxConns bounds the connections served at once (default 1024):
// while n are open Serve accepts no more, and further clients wait in the
// listen backlog.
func WithMaxConns(n int) ServeOption {
	return func(c *serveConfig) { c.maxConns = n }
}

// WithMaxRequest sets the largest request payload (default MaxFrameSize,
// at most MaxFrameSize); a longer length word closes the connection
// before anything is allocated.
func WithMaxRequest(n int) ServeOption {
	return func(c *serveConfig) { c.maxRequest = min(n, MaxFrameSize) }
}

// WithShutdownTimeout sets how long shutdown waits for running handlers
// (default 5 s) before canceling their context and closing their
// connections.
func WithShutdownTimeout(d time.Duration) ServeOption {
	return func(c *serveConfig) { c.shutdownTimeout = d }
}

// WithErrorLog receives the errors of served connections: invalid or
// oversized requests, handler errors and panics (with their stack),
// failed writes, bad schema requests.
func WithErrorLog(f func(error)) ServeOption {
	return func(c *serveConfig) { c.errorLog = f }
}

// Listen opens the named cell's Unix socket, $CELL_SOCKET_DIR/CELL.sock,
// creating the directory and replacing a stale socket of a stopped process.
// Closing the listener removes the socket.
func Listen(cell string) (net.Listener, error) { return wire.Listen(cell, "") }

type replyKey struct{}

// ReplyBuffer returns the Buffer of the call being served, for building
// the response's views; nil outside a handler. It is the connection's and
// is reset before each call: what the handler builds in it is valid until
// the response is encoded.
func ReplyBuffer(ctx context.Context) *Buffer {
	b, _ := ctx.Value(replyKey{}).(*Buffer)
	return b
}

// Serve answers calls on l with handle until ctx is done, then shuts down
// gracefully and returns nil (docs/runtime.md §6). It returns an error at
// once, closing l, when Req or Resp cannot be a message or an option is
// invalid, and when Accept fails for good.
//
// Each connection is served by one goroutine: frames one after the other,
// schema requests between them. The *Req handed to handle points into the
// connection's receive buffer and is valid until handle returns; the
// *Resp is encoded before the connection reads on. A handler error, a nil
// response, a panic and an invalid request close the connection without
// a reply; the error goes to the WithErrorLog function.
func Serve[Req, Resp any](ctx context.Context, l net.Listener, handle func(context.Context, *Req) (*Resp, error), opts ...ServeOption) error {
	s, err := newServer(planFor(reflect.TypeFor[Req]()), planFor(reflect.TypeFor[Resp]()), opts)
	if err != nil {
		l.Close()
		return err
	}
	s.handle = func(ctx context.Context, req unsafe.Pointer) (unsafe.Pointer, error) {
		resp, err := handle(ctx, (*Req)(req))
		return unsafe.Pointer(resp), err
	}
	return s.serve(ctx, l)
}

type server struct {
	cfg       serveConfig
	req, resp *plan
	format    format
	formatErr error // the schema's profile is not carried: messages are refused
	handle    func(context.Context, unsafe.Pointer) (unsafe.Pointer, error)

	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[*serverConn]struct{}
	closing atomic.Bool // set under mu
}

func newServer(req, resp *plan, opts []ServeOption) (*server, error) {
	s := &server{req: req, resp: resp, conns: map[*serverConn]struct{}{}}
	s.cfg = serveConfig{maxConns: DefaultMaxServedConns, maxRequest: MaxFrameSize, shutdownTimeout: DefaultShutdownTimeout}
	for _, o := range opts {
		o(&s.cfg)
	}
	switch {
	case req.err != nil:
		return nil, fmt.Errorf("cell.Serve: request type %w", req.err)
	case resp.err != nil:
		return nil, fmt.Errorf("cell.Serve: response type %w", resp.err)
	case s.cfg.schemaErr != nil:
		return nil, fmt.Errorf("cell.Serve: WithCanon: %w", s.cfg.schemaErr)
	case s.cfg.maxConns <= 0:
		return nil, fmt.Errorf("cell.Serve: WithMaxConns(%d): want at least 1", s.cfg.maxConns)
	}
	if s.cfg.schema != nil {
		s.format, s.formatErr = profileFormat(s.cfg.schema.s.Profile())
	}
	return s, nil
}

func (s *server) logf(format string, args ...any) {
	if s.cfg.errorLog != nil {
		s.cfg.errorLog(fmt.Errorf("cell server: "+format, args...))
	}
}

// serve accepts connections until ctx is done or Accept fails for good.
func (s *server) serve(ctx context.Context, l net.Listener) error {
	// Handlers keep ctx's values but not its end: shutdown cancels them
	// only when the shutdown timeout passes.
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	slots := make(chan struct{}, s.cfg.maxConns)
	err := s.acceptLoop(ctx, l, hctx, slots)
	l.Close()
	s.shutdown(cancel)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func (s *server) acceptLoop(ctx context.Context, l net.Listener, hctx context.Context, slots chan struct{}) error {
	var backoff time.Duration
	for {
		select { // bounded: no Accept while every slot is taken
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		nc, err := l.Accept()
		if err != nil {
			<-slots
			if ctx.Err() == nil && netutil.IsTransientAccept(err) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.logf("accept: %v; retrying in %v", err, backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		sc := &serverConn{s: s, nc: nc, rbuf: alignedBuf(nil, 16+connBufSize)[12:]}
		sc.idle.Store(true)
		sc.ctx = context.WithValue(hctx, replyKey{}, &sc.reply)
		if !s.track(sc) {
			nc.Close()
			<-slots
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() { <-slots }()
			defer s.untrack(sc)
			defer nc.Close()
			sc.serve()
		}()
	}
}

func (s *server) track(sc *serverConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.conns[sc] = struct{}{}
	return true
}

func (s *server) untrack(sc *serverConn) {
	s.mu.Lock()
	delete(s.conns, sc)
	s.mu.Unlock()
}

// shutdown closes the idle connections, lets the others finish their
// call, and after the shutdown timeout cancels the handlers and closes
// everything; it returns when every connection goroutine has.
func (s *server) shutdown(cancel context.CancelFunc) {
	s.mu.Lock()
	s.closing.Store(true)
	for sc := range s.conns {
		if sc.idle.Load() {
			sc.nc.Close()
		}
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	t := time.NewTimer(s.cfg.shutdownTimeout)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	cancel()
	s.mu.Lock()
	for sc := range s.conns {
		sc.nc.Close()
	}
	s.mu.Unlock()
	<-done
}

// setIdle records whether sc waits for a frame (shutdown closes it then)
// and reports false when the server is shutting down. It takes no lock,
// as it runs twice per request: shutdown sets closing and then reads idle,
// setIdle sets idle and then reads closing, so that (the atomics being
// sequentially consistent) a connection going idle either sees closing or
// is seen idle and closed.
func (s *server) setIdle(sc *serverConn, idle bool) bool {
	sc.idle.Store(idle)
	return !s.closing.Load()
}

// serverConn is one served connection and its reused buffers.
type serverConn struct {
	s     *server
	nc    net.Conn
	ctx   context.Context // the handlers' context, carrying reply
	rbuf  []byte          // rbuf[4:] is 16-byte aligned; a frame always starts at rbuf[0]
	end   int             // bytes of rbuf read
	wbuf  []byte
	reply Buffer
	idle  atomic.Bool
	timed bool      // a read deadline is set
	wdl   time.Time // the write deadline last set
	who   string    // the peer, for the log; set at the first error
}

var errStop = errors.New("stop serving the connection")

// serve reads and answers frames until the peer leaves, an error ends the
// connection or the server shuts down.
func (c *serverConn) serve() {
	for {
		if err := c.next(); err != nil {
			if err != errStop {
				c.s.logf("%s: %v", c.peer(), err)
			}
			return
		}
	}
}

func (c *serverConn) peer() string {
	if c.who == "" {
		c.who = netutil.Peer(c.nc)
	}
	return c.who
}

// next serves one frame: a message or a schema request.
func (c *serverConn) next() error {
	if c.end > 0 && !c.s.setIdle(c, false) { // a pipelined frame has begun
		return errStop
	}
	if err := c.fill(4, true); err != nil {
		return err
	}
	n := binary.LittleEndian.Uint32(c.rbuf)
	if n == 0xFFFFFFFF {
		return c.schemaRequest()
	}
	s := c.s
	switch {
	case uint64(n) > uint64(s.cfg.maxRequest):
		return fmt.Errorf("request length %d exceeds the %d-byte limit; closing the connection", n, s.cfg.maxRequest)
	case s.req.fixed && int(n) != s.req.size:
		return fmt.Errorf("request frame of %d bytes, but the request type %v is %d bytes; closing the connection", n, s.req.typ, s.req.size)
	case s.formatErr != nil:
		return fmt.Errorf("a message, but the schema's %v; closing the connection", s.formatErr)
	}
	need := 4 + int(n)
	if need > len(c.rbuf) {
		grown := alignedBuf(nil, 16+need)[12:]
		copy(grown, c.rbuf[:c.end])
		c.rbuf = grown
	}
	if err := c.fill(need, false); err != nil {
		return err
	}
	if err := c.answer(c.rbuf[4:need]); err != nil {
		return err
	}
	c.consume(need)
	if !s.setIdle(c, true) {
		return errStop
	}
	return nil
}

// fill reads until rbuf holds at least want bytes. The first bytes of a
// frame may take for ever (the connection is idle: shutdown may close
// it); once they have come, the rest must come within requestTimeout.
func (c *serverConn) fill(want int, first bool) error {
	for c.end < want {
		if !first || c.end > 0 {
			c.deadline()
		}
		n, err := c.nc.Read(c.rbuf[c.end:])
		c.end += n
		if n > 0 && first && !c.s.setIdle(c, false) {
			return errStop
		}
		if err != nil && c.end < want {
			return c.readError(err, want)
		}
	}
	if c.timed {
		c.timed = false
		c.nc.SetReadDeadline(time.Time{})
	}
	return nil
}

func (c *serverConn) deadline() {
	if !c.timed {
		c.timed = true
		c.nc.SetReadDeadline(time.Now().Add(requestTimeout))
	}
}

// writeDeadline bounds the next write by requestTimeout, give or take a
// tenth: moving a socket's deadline updates a runtime timer, which at the
// floor's rate is worth saving on most replies.
func (c *serverConn) writeDeadline() {
	now := time.Now()
	if c.wdl.Sub(now) >= requestTimeout-requestTimeout/10 {
		return
	}
	c.wdl = now.Add(requestTimeout)
	c.nc.SetWriteDeadline(c.wdl)
}

func (c *serverConn) readError(err error, want int) error {
	switch {
	case c.end == 0 && (err == io.EOF || errors.Is(err, net.ErrClosed)):
		return errStop // the client left, or shutdown closed an idle connection
	case c.s.closingNow():
		return errStop
	case err == io.EOF:
		return fmt.Errorf("truncated frame: the client closed the connection after %d of %d bytes", c.end, want)
	}
	return fmt.Errorf("reading a frame (got %d of %d bytes): %v", c.end, want, netutil.Unwrap(err))
}

func (s *server) closingNow() bool { return s.closing.Load() }

// consume drops the first n bytes of rbuf, moving what follows (a
// pipelined frame) to the front so that its payload is aligned.
func (c *serverConn) consume(n int) {
	c.end = copy(c.rbuf, c.rbuf[n:c.end])
}

// schemaRequest answers a schema request whose control word is in rbuf.
func (c *serverConn) schemaRequest() error {
	if c.s.cfg.schema == nil {
		return errors.New("a control frame (schema request?) and no schema responder (WithCanon); closing the connection")
	}
	const size = 4 + wire.RequestBodyLen
	if err := c.fill(size, false); err != nil {
		return err
	}
	c.writeDeadline()
	if err := c.s.cfg.schema.s.Answer(c.rbuf[4:size], c.nc); err != nil {
		return fmt.Errorf("schema request: %v", err)
	}
	c.consume(size)
	if !c.s.setIdle(c, true) {
		return errStop
	}
	return nil
}

// answer validates the request payload in place, runs the handler and
// writes its response.
func (c *serverConn) answer(payload []byte) error {
	s := c.s
	req, err := s.req.access(payload, s.format)
	if err != nil {
		return fmt.Errorf("invalid %v request: %s; closing the connection", s.req.typ, archiveDetail(err))
	}
	c.reply.Reset()
	resp, err := c.call(req)
	switch {
	case err != nil:
		return fmt.Errorf("%v; closing the connection without a reply", err)
	case resp == nil:
		return errors.New("handler returned a nil response and no error; closing the connection without a reply")
	}
	frame, err := s.resp.encode(append(c.wbuf[:0], 0, 0, 0, 0), resp, &c.reply, s.format, MaxFrameSize)
	if err != nil {
		return fmt.Errorf("cannot encode the response: %v; closing the connection without a reply", err)
	}
	c.wbuf = frame
	binary.LittleEndian.PutUint32(frame, uint32(len(frame)-4))
	c.writeDeadline()
	if _, err := c.nc.Write(frame); err != nil {
		if s.closingNow() {
			return errStop
		}
		return fmt.Errorf("writing the reply: %v", netutil.Unwrap(err))
	}
	return nil
}

// call runs the handler, turning a panic into an error carrying its stack.
func (c *serverConn) call(req unsafe.Pointer) (resp unsafe.Pointer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panicked: %v\n%s", r, debug.Stack())
		}
	}()
	resp, err = c.s.handle(c.ctx, req)
	if err != nil {
		err = fmt.Errorf("handler: %w", err)
	}
	return resp, err
}
