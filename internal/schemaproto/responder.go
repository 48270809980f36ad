package schemaproto

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
)

// DefaultRequestTimeout bounds how long a responder waits for a request on
// a connection (and for each following one) before closing it.
const DefaultRequestTimeout = 10 * time.Second

// A Responder answers schema requests with one fixed reply. Its exported
// fields may be set before it serves; it is safe for concurrent use.
type Responder struct {
	// Next, when set, receives every connection whose next frame is not a
	// schema request, with the bytes already read from it replayed: the
	// runtime's handler for normal messages. When nil such a connection is
	// closed.
	Next func(net.Conn)
	// RequestTimeout bounds the wait for each request and the writing of
	// each reply; DefaultRequestTimeout when zero.
	RequestTimeout time.Duration
	// ErrorLog, when set, receives the errors of served connections (bad
	// requests, timeouts, failed writes).
	ErrorLog func(error)

	reply *Reply
	frame []byte // the encoded reply frame
	name  string

	conns netutil.Conns // closed when ServeContext shuts the responder down
}

// NewResponder returns a responder that serves the schema of the named
// cell: its profile and CFP/1 canonical text. The text is checked as a
// client would check it (Reply.Verify) and the digest computed here.
func NewResponder(name string, p Profile, text []byte) (*Responder, error) {
	r, err := NewReply(name, p, append([]byte(nil), text...))
	if err != nil {
		return nil, err
	}
	return newResponder(r)
}

// NewRefusingResponder returns a responder that answers every schema
// request with an error reply, e.g. for a cell that does not disclose its
// schema (CodeRefused).
func NewRefusingResponder(name string, code ErrorCode, message string) (*Responder, error) {
	r, err := NewErrorReply(name, code, message)
	if err != nil {
		return nil, err
	}
	return newResponder(r)
}

func newResponder(r *Reply) (*Responder, error) {
	payload, err := EncodeReply(r)
	if err != nil {
		return nil, err
	}
	frame, err := AppendFrame(nil, payload)
	if err != nil {
		return nil, err
	}
	return &Responder{reply: r, frame: frame, name: r.Name}, nil
}

// Reply returns the reply the responder serves. The caller must not modify
// it.
func (s *Responder) Reply() *Reply { return s.reply }

func (s *Responder) timeout() time.Duration {
	if s.RequestTimeout > 0 {
		return s.RequestTimeout
	}
	return DefaultRequestTimeout
}

func (s *Responder) logf(format string, args ...any) {
	if s.ErrorLog != nil {
		s.ErrorLog(fmt.Errorf(format, args...))
	}
}

// Handle answers one schema request on rw, whose control length word
// 0xFFFFFFFF the caller has already read (ReadFrame returned
// ErrControlFrame): it reads the 12 remaining request bytes and writes the
// reply. A request it cannot serve (unknown magic, version 0) gets an error
// reply and a non-nil error; the caller should then close the connection.
// Handle sets no deadlines: a caller holding a net.Conn sets them.
func (s *Responder) Handle(rw io.ReadWriter) error {
	var body [RequestSize - 4]byte
	if n, err := io.ReadFull(rw, body[:]); err != nil {
		return fmt.Errorf("reading the schema request: got %d of %d bytes after the control word: %w", n, len(body), err)
	}
	req, err := parseRequestBody(body[:])
	if err != nil {
		s.writeError(rw, CodeBadRequest, "malformed schema request: "+err.Error())
		return err
	}
	if req.Version == 0 {
		msg := fmt.Sprintf("schema protocol version 0 is not supported (this cell speaks version %d)", Version)
		s.writeError(rw, CodeUnsupportedVersion, msg)
		return errors.New(msg)
	}
	// Version 1 is the only version; any request of version >= 1 is
	// answered in it (the highest version at or below the request's).
	if _, err := rw.Write(s.frame); err != nil {
		return fmt.Errorf("writing the schema reply: %w", err)
	}
	return nil
}

func (s *Responder) writeError(w io.Writer, code ErrorCode, msg string) {
	if len(msg) > MaxMessageLen {
		msg = msg[:MaxMessageLen]
	}
	r := &Reply{Version: Version, Status: StatusError, Name: s.name, Code: code, Message: msg}
	payload, err := EncodeReply(r)
	if err != nil {
		return
	}
	WriteFrame(w, payload)
}

// ServeConn serves one connection: it answers schema requests until the
// peer closes the connection or stays silent past RequestTimeout. At the
// first frame that is not a schema request it hands the connection (with
// the length word replayed) to Next, which then owns it; without Next it
// closes it. ServeConn closes conn unless it handed it on.
func (s *Responder) ServeConn(conn net.Conn) {
	if !s.conns.Add(conn) {
		conn.Close()
		return
	}
	handed := false
	defer func() {
		s.conns.Remove(conn)
		if !handed {
			conn.Close()
		}
	}()
	for {
		conn.SetDeadline(time.Now().Add(s.timeout()))
		var word [4]byte
		n, err := io.ReadFull(conn, word[:])
		if err != nil {
			if !(n == 0 && err == io.EOF) && !errors.Is(err, net.ErrClosed) {
				s.logf("schema responder: %s: reading a request: %v", netutil.Peer(conn), err)
			}
			return
		}
		if binary.LittleEndian.Uint32(word[:]) == ControlLength {
			if err := s.Handle(conn); err != nil {
				s.logf("schema responder: %s: %v", netutil.Peer(conn), err)
				return
			}
			continue
		}
		if s.Next == nil {
			s.logf("schema responder: %s: a %d-byte message frame is not a schema request; closing the connection", netutil.Peer(conn), binary.LittleEndian.Uint32(word[:]))
			return
		}
		conn.SetDeadline(time.Time{})
		handed = true
		s.conns.Remove(conn)
		s.Next(&replayConn{Conn: conn, buf: word[:]})
		return
	}
}

// Serve accepts connections on l and serves each with ServeConn in its own
// goroutine, until Accept fails for good; it then returns that error
// (net.ErrClosed when l was closed).
func (s *Responder) Serve(l net.Listener) error {
	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if netutil.IsTransientAccept(err) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.logf("schema responder: accept: %v; retrying in %v", err, backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		go s.ServeConn(c)
	}
}

// ServeContext is Serve until ctx is done: it then closes l and the
// connections being served, and returns nil. The responder is then shut
// down: ServeConn closes any connection it is given (Handle still works).
func (s *Responder) ServeContext(ctx context.Context, l net.Listener) error {
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	err := s.Serve(l)
	if ctx.Err() != nil {
		s.conns.Close()
		return nil
	}
	return err
}

// ServeSchema is "cellvet serve-schema": it serves the schema of the named
// cell (profile and canonical text, as rustschema.Canon writes them) on
// listenAddr (see Listen; "" is the cell's own Unix socket) until ctx is
// done. ready, when set, is called with the listening address once
// requests can be served. A Unix socket is removed on return.
func ServeSchema(ctx context.Context, name string, p Profile, text []byte, listenAddr string, ready func(net.Addr)) error {
	s, err := NewResponder(name, p, text)
	if err != nil {
		return err
	}
	l, err := Listen(name, listenAddr)
	if err != nil {
		return err
	}
	defer l.Close()
	if ready != nil {
		ready(l.Addr())
	}
	return s.ServeContext(ctx, l)
}

// replayConn is a connection whose first reads return buf.
type replayConn struct {
	net.Conn
	buf []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.buf) > 0 {
		n := copy(p, c.buf)
		c.buf = c.buf[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}
