package schemaproto

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
)

// Default timeouts of Fetch.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultReadTimeout    = 10 * time.Second
)

// Options configure Fetch.
type Options struct {
	// Name, when set, is the cell the caller means to reach: a reply that
	// names another cell is refused.
	Name string
	// ConnectTimeout bounds connecting; DefaultConnectTimeout when zero.
	ConnectTimeout time.Duration
	// ReadTimeout bounds the whole exchange once connected: sending the
	// request and receiving the complete reply. DefaultReadTimeout when
	// zero.
	ReadTimeout time.Duration
	// MaxReplySize caps the reply payload; MaxReplySize when zero or
	// larger.
	MaxReplySize int
}

// Kind classifies a failed schema request.
type Kind int

const (
	KindConnect   Kind = iota + 1 // could not connect
	KindSend                      // could not send the request
	KindTimeout                   // no complete reply within the read timeout
	KindClosed                    // the peer closed or reset the connection early
	KindTooLarge                  // the reply length exceeds the limit
	KindMalformed                 // the reply violates the protocol
	KindDigest                    // the canonical text does not hash to the digest
	KindRefused                   // the cell answered with an error reply
	KindWrongCell                 // the reply names another cell
	KindCanceled                  // the context was canceled or expired
)

// Error is a failed schema request. Its text is "schema request to
// NETWORK:ADDRESS: " followed by what went wrong.
type Error struct {
	Network, Address string
	Kind             Kind
	Msg              string // what went wrong, without the prefix
	Err              error  // the underlying error, if any
	// Reply is the decoded reply for KindRefused, KindDigest, KindWrongCell
	// and reply-content errors of KindMalformed.
	Reply *Reply
}

func (e *Error) Error() string {
	return "schema request to " + e.Network + ":" + e.Address + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Fetch asks the cell at network ("unix" or "tcp") and addr for its schema
// and returns the verified reply: its digest is the BLAKE3-256 of its
// canonical text, its profile is the one in the text, and (when
// opts.Name is set) its name is opts.Name. Any other outcome, including an
// error reply, is an *Error.
func Fetch(ctx context.Context, network, addr string, opts Options) (*Reply, error) {
	fail := func(kind Kind, err error, format string, args ...any) *Error {
		return &Error{Network: network, Address: addr, Kind: kind, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	connectTimeout := opts.ConnectTimeout
	if connectTimeout <= 0 {
		connectTimeout = DefaultConnectTimeout
	}
	readTimeout := opts.ReadTimeout
	if readTimeout <= 0 {
		readTimeout = DefaultReadTimeout
	}
	max := opts.MaxReplySize
	if max <= 0 || max > MaxReplySize {
		max = MaxReplySize
	}
	if err := ctx.Err(); err != nil {
		return nil, fail(KindCanceled, err, "%v", err)
	}

	d := net.Dialer{Timeout: connectTimeout}
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, fail(KindCanceled, cerr, "cannot connect: %v", cerr)
		}
		return nil, fail(KindConnect, err, "cannot connect: %s", netutil.DialProblem(network, addr, connectTimeout, err))
	}
	defer conn.Close()

	// A canceled context interrupts blocked I/O by moving the deadline
	// into the past.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := conn.SetDeadline(time.Now().Add(readTimeout)); err != nil {
		return nil, fail(KindConnect, err, "cannot set the deadline: %v", err)
	}
	ioFail := func(err error, during string) *Error {
		if cerr := ctx.Err(); cerr != nil {
			return fail(KindCanceled, cerr, "%s: %v", during, cerr)
		}
		var pe *PartialError
		partial := errors.As(err, &pe)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if partial {
				what := "payload"
				if pe.Prefix {
					what = "length"
				}
				return fail(KindTimeout, err, "reply incomplete after %v: got %d of %d %s bytes (read timeout)", readTimeout, pe.Got, pe.Want, what)
			}
			if during == "sending the request" {
				return fail(KindTimeout, err, "could not send the request within %v (read timeout)", readTimeout)
			}
			return fail(KindTimeout, err, "no reply within %v (read timeout)", readTimeout)
		}
		cause := netutil.Unwrap(err)
		if partial {
			cause = netutil.Unwrap(pe.Err)
		}
		if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
			return fail(KindClosed, err, "%s: the peer closed the connection (%v)", during, cause)
		}
		if during == "sending the request" {
			return fail(KindSend, err, "cannot send the request: %v", cause)
		}
		return fail(KindClosed, err, "%s: %v", during, cause)
	}

	if _, err := conn.Write(AppendRequest(nil, Version)); err != nil {
		return nil, ioFail(err, "sending the request")
	}
	payload, err := ReadFrame(conn, max)
	if err != nil {
		var tooLarge *FrameTooLargeError
		var trunc *TruncatedError
		switch {
		case err == io.EOF:
			return nil, fail(KindClosed, err, "the peer closed the connection without replying (does it serve schema requests?)")
		case errors.Is(err, ErrControlFrame):
			return nil, fail(KindMalformed, err, "the reply starts with the reserved length word 0xffffffff (is the peer echoing the request?)")
		case errors.As(err, &tooLarge):
			return nil, fail(KindTooLarge, err, "reply length %d exceeds the %s limit", tooLarge.Length, sizeString(max))
		case errors.As(err, &trunc):
			if trunc.Prefix {
				return nil, fail(KindClosed, err, "reply truncated: the peer closed the connection after %d of 4 length bytes", trunc.Got)
			}
			return nil, fail(KindClosed, err, "reply truncated: the peer closed the connection after %d of %d bytes", trunc.Got, trunc.Want)
		}
		return nil, ioFail(err, "reading the reply")
	}

	r, err := DecodeReply(payload)
	if err != nil {
		return nil, fail(KindMalformed, err, "malformed reply: %v", err)
	}
	if r.Status == StatusError {
		who := "the cell"
		if r.Name != "" {
			who = fmt.Sprintf("cell %q", r.Name)
		}
		e := fail(KindRefused, nil, "%s refused the schema request (%s): %q", who, r.Code, r.Message)
		e.Reply = r
		return nil, e
	}
	if err := r.Verify(); err != nil {
		kind := KindMalformed
		msg := "invalid schema reply: " + err.Error()
		var dm *DigestMismatchError
		if errors.As(err, &dm) {
			kind, msg = KindDigest, err.Error()
		}
		e := fail(kind, err, "%s", msg)
		e.Reply = r
		return nil, e
	}
	if opts.Name != "" && r.Name != opts.Name {
		e := fail(KindWrongCell, nil, "the peer is cell %q, not %q", r.Name, opts.Name)
		e.Reply = r
		return nil, e
	}
	// Detach the text from the receive buffer's header bytes.
	r.Text = append(make([]byte, 0, len(r.Text)), r.Text...)
	return r, nil
}

// FetchTarget is Fetch for a resolved target; opts.Name defaults to the
// target's name.
func FetchTarget(ctx context.Context, t Target, opts Options) (*Reply, error) {
	if opts.Name == "" {
		opts.Name = t.Name
	}
	return Fetch(ctx, t.Network, t.Address, opts)
}
