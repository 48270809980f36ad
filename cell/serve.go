package cell

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// A ServeOption configures Serve.
type ServeOption func(*serveConfig)

type serveConfig struct {
	schema   *Schema
	errorLog func(error)
}

// A Schema is a cell's schema as Serve answers schema requests
// (docs/protocol.md) with it, so that "cellvet add NAME" can pin the cell
// while it runs.
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

// schemaTimeout bounds the rest of a schema request, once its control word
// is read, and the writing of the reply.
var schemaTimeout = 10 * time.Second

// WithSchema makes Serve answer schema requests with s on the same
// connections as messages: a connection may send any number of schema
// requests before, between or after its messages. Without it a schema
// request closes the connection, as on any cell that does not serve its
// schema.
func WithSchema(s *Schema) ServeOption {
	return func(c *serveConfig) { c.schema = s }
}

// WithErrorLog receives the errors of served connections (malformed or
// wrong-sized requests, handler errors, failed writes, bad schema requests).
func WithErrorLog(f func(error)) ServeOption {
	return func(c *serveConfig) { c.errorLog = f }
}

// Listen opens the named cell's Unix socket, $CELL_SOCKET_DIR/CELL.sock,
// creating the directory and replacing a stale socket of a stopped process.
// Closing the listener removes the socket.
func Listen(cell string) (net.Listener, error) { return wire.Listen(cell, "") }

// Serve answers calls on l until ctx is done, then closes l and every
// connection, waits for their goroutines and returns nil. It returns early
// with an error if Req or Resp is not a fixed-size message type, or when
// Accept fails for good (then l is closed too).
//
// Each connection is served in its own goroutine: frames are read one after
// the other; a message frame must be exactly the size of Req, and is decoded
// and passed to handle, whose *Resp is written back as one frame. A handler
// error, a nil response, a wrong-sized or invalid request closes the
// connection without a reply (the caller sees "closed the connection
// without replying"); the error goes to the WithErrorLog function.
func Serve[Req, Resp any](ctx context.Context, l net.Listener, handle func(context.Context, *Req) (*Resp, error), opts ...ServeOption) error {
	s := &server{}
	for _, o := range opts {
		o(&s.cfg)
	}
	s.req = codecFor(reflect.TypeFor[Req]())
	s.resp = codecFor(reflect.TypeFor[Resp]())
	switch {
	case s.req.err != nil:
		l.Close()
		return fmt.Errorf("cell.Serve: request type %w", s.req.err)
	case s.resp.err != nil:
		l.Close()
		return fmt.Errorf("cell.Serve: response type %w", s.resp.err)
	}
	handleFrame := func(ctx context.Context, payload []byte) ([]byte, error) {
		req := new(Req)
		if err := s.req.decode(payload, unsafe.Pointer(req)); err != nil {
			return nil, fmt.Errorf("invalid %v request: %v", s.req.typ, err)
		}
		resp, err := handle(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("handler: %w", err)
		}
		if resp == nil {
			return nil, errors.New("handler returned a nil response and no error")
		}
		frame := make([]byte, 4+s.resp.size)
		binary.LittleEndian.PutUint32(frame, uint32(s.resp.size))
		s.resp.encode(unsafe.Pointer(resp), frame[4:])
		return frame, nil
	}

	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	var backoff time.Duration
	for {
		conn, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil && netutil.IsTransientAccept(err) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.logf("accept: %v; retrying in %v", err, backoff)
				time.Sleep(backoff)
				continue
			}
			l.Close()
			s.shutdown()
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		backoff = 0
		if !s.conns.Add(conn) {
			conn.Close()
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.conns.Remove(conn)
			defer conn.Close()
			s.serveConn(ctx, conn, handleFrame)
		}()
	}
}

type server struct {
	cfg       serveConfig
	req, resp *codec
	wg        sync.WaitGroup

	conns netutil.Conns
}

func (s *server) logf(format string, args ...any) {
	if s.cfg.errorLog != nil {
		s.cfg.errorLog(fmt.Errorf("cell server: "+format, args...))
	}
}

// shutdown closes every connection, refuses new ones and waits for the
// connection goroutines.
func (s *server) shutdown() {
	s.conns.Close()
	s.wg.Wait()
}

func (s *server) serveConn(ctx context.Context, conn net.Conn, handleFrame func(context.Context, []byte) ([]byte, error)) {
	who := netutil.Peer(conn)
	for {
		payload, err := wire.ReadFrame(conn, s.req.size)
		var tooLarge *wire.FrameTooLargeError
		switch {
		case err == nil:
		case err == io.EOF || errors.Is(err, net.ErrClosed):
			return
		case errors.Is(err, wire.ErrControlFrame):
			if s.cfg.schema == nil {
				s.logf("%s: a control frame (schema request?) and no schema responder; closing the connection", who)
				return
			}
			conn.SetDeadline(time.Now().Add(schemaTimeout))
			if err := s.cfg.schema.s.Handle(conn); err != nil {
				s.logf("%s: schema request: %v", who, err)
				return
			}
			conn.SetDeadline(time.Time{})
			continue
		case errors.As(err, &tooLarge):
			s.logf("%s: request frame of %d bytes, but the request type %v is %d bytes; closing the connection", who, tooLarge.Length, s.req.typ, s.req.size)
			return
		default:
			if ctx.Err() == nil {
				s.logf("%s: reading a request: %v", who, err)
			}
			return
		}
		if len(payload) != s.req.size {
			s.logf("%s: request frame of %d bytes, but the request type %v is %d bytes; closing the connection", who, len(payload), s.req.typ, s.req.size)
			return
		}
		frame, err := handleFrame(ctx, payload)
		if err != nil {
			s.logf("%s: %v; closing the connection without a reply", who, err)
			return
		}
		if _, err := conn.Write(frame); err != nil {
			if ctx.Err() == nil {
				s.logf("%s: writing the reply: %v", who, err)
			}
			return
		}
	}
}
