package schemaproto

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// The kinds of a failed schema request are netutil's, shared with the
// cell runtime's calls: KindConnect, KindSend, KindTimeout, KindCanceled,
// KindClosed, KindTooLarge, KindMalformed, KindDigest, KindRefused and
// KindWrongCell.
// Error is a failed schema request. Its text is "schema request to
// NETWORK:ADDRESS: " followed by what went wrong.
type Error struct {
	Network, Address string
	Kind             netutil.Kind
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
	fail := func(kind netutil.Kind, err error, format string, args ...any) *Error {
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
	connect := netutil.NewBound(ctx, 0)
	if k, cause := connect.Ended(nil); k != 0 {
		return nil, fail(k, cause, "%v", cause)
	}
	conn, err := connect.Dial(network, addr, connectTimeout)
	if err != nil {
		if k, cause := connect.Ended(err); k != 0 {
			return nil, fail(k, cause, "cannot connect: %v", cause)
		}
		return nil, fail(netutil.KindConnect, err, "cannot connect: %s", netutil.DialProblem(network, addr, connectTimeout, err))
	}
	defer conn.Close()

	// The read timeout bounds the whole exchange once connected.
	b := netutil.NewBound(ctx, readTimeout)
	stop := b.Bind(conn)
	defer stop()
	// ioFail explains an I/O error of the exchange, during its stage.
	ioFail := func(err error, during string) *Error {
		var pe *PartialError
		partial := errors.As(err, &pe)
		switch k, cause := b.Ended(err); {
		case k == netutil.KindTimeout && b.Timeout > 0 && partial:
			what := "payload"
			if pe.Prefix {
				what = "length"
			}
			return fail(k, cause, "reply incomplete after %v: got %d of %d %s bytes (read timeout)", b.Timeout, pe.Got, pe.Want, what)
		case k == netutil.KindTimeout && b.Timeout > 0 && during == "sending the request":
			return fail(k, cause, "could not send the request within %v (read timeout)", b.Timeout)
		case k == netutil.KindTimeout && b.Timeout > 0:
			return fail(k, cause, "no reply within %v (read timeout)", b.Timeout)
		case k != 0:
			return fail(k, cause, "%s: %v", during, cause)
		}
		cause := netutil.Unwrap(err)
		if partial {
			cause = netutil.Unwrap(pe.Err)
		}
		if netutil.IsReset(err) {
			return fail(netutil.KindClosed, err, "%s: the peer closed the connection (%v)", during, cause)
		}
		if during == "sending the request" {
			return fail(netutil.KindSend, err, "cannot send the request: %v", cause)
		}
		return fail(netutil.KindClosed, err, "%s: %v", during, cause)
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
			return nil, fail(netutil.KindClosed, err, "the peer closed the connection without replying (does it serve schema requests?)")
		case errors.Is(err, ErrControlFrame):
			return nil, fail(netutil.KindMalformed, err, "the reply starts with the reserved length word 0xffffffff (is the peer echoing the request?)")
		case errors.As(err, &tooLarge):
			return nil, fail(netutil.KindTooLarge, err, "reply length %d exceeds the %s limit", tooLarge.Length, sizeString(max))
		case errors.As(err, &trunc):
			if trunc.Prefix {
				return nil, fail(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of 4 length bytes", trunc.Got)
			}
			return nil, fail(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of %d bytes", trunc.Got, trunc.Want)
		}
		return nil, ioFail(err, "reading the reply")
	}

	r, err := DecodeReply(payload)
	if err != nil {
		return nil, fail(netutil.KindMalformed, err, "malformed reply: %v", err)
	}
	if r.Status == StatusError {
		who := "the cell"
		if r.Name != "" {
			who = fmt.Sprintf("cell %q", r.Name)
		}
		e := fail(netutil.KindRefused, nil, "%s refused the schema request (%s): %q", who, r.Code, r.Message)
		e.Reply = r
		return nil, e
	}
	if err := r.Verify(); err != nil {
		kind := netutil.KindMalformed
		msg := "invalid schema reply: " + err.Error()
		var dm *DigestMismatchError
		if errors.As(err, &dm) {
			kind, msg = netutil.KindDigest, err.Error()
		}
		e := fail(kind, err, "%s", msg)
		e.Reply = r
		return nil, e
	}
	if opts.Name != "" && r.Name != opts.Name {
		e := fail(netutil.KindWrongCell, nil, "the peer is cell %q, not %q", r.Name, opts.Name)
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
