package schemaproto

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// Default timeouts of Fetch.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultReadTimeout    = 10 * time.Second
)

// Options configure Fetch.
type Options struct {
	// ConnectTimeout bounds connecting; DefaultConnectTimeout when zero.
	ConnectTimeout time.Duration
	// ReadTimeout bounds the whole exchange once connected: sending the
	// request and receiving the complete reply. DefaultReadTimeout when
	// zero.
	ReadTimeout time.Duration
}

// Error is a failed schema request. Its text is "schema request to
// NETWORK:ADDRESS: " followed by what went wrong. Its kinds are the ones
// the cell runtime's calls share: connect, send, timeout, canceled,
// closed, too large, malformed, digest, refused and wrong cell.
type Error struct {
	Network, Address string
	Kind             netutil.Kind
	Msg              string // what went wrong, without the prefix
	Err              error  // the underlying error, if any
}

func (e *Error) Error() string {
	return "schema request to " + e.Network + ":" + e.Address + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Fetch asks the cell at t for its schema and returns the verified reply:
// its digest is the BLAKE3-256 of its canonical text, its profile is the
// one in the text, and (when t.Name is set) its name is t.Name. Any other
// outcome, including an error reply, is an *Error.
func Fetch(ctx context.Context, t wire.Target, opts Options) (*Reply, error) {
	fail := func(kind netutil.Kind, err error, format string, args ...any) *Error {
		return &Error{Network: t.Network, Address: t.Address, Kind: kind, Msg: fmt.Sprintf(format, args...), Err: err}
	}
	connectTimeout := opts.ConnectTimeout
	if connectTimeout <= 0 {
		connectTimeout = DefaultConnectTimeout
	}
	readTimeout := opts.ReadTimeout
	if readTimeout <= 0 {
		readTimeout = DefaultReadTimeout
	}
	connect := netutil.NewBound(ctx, 0)
	if k, cause := connect.Ended(nil); k != 0 {
		return nil, fail(k, cause, "%v", cause)
	}
	conn, err := connect.Dial(t.Network, t.Address, connectTimeout)
	if err != nil {
		if k, cause := connect.Ended(err); k != 0 {
			return nil, fail(k, cause, "cannot connect: %v", cause)
		}
		return nil, fail(netutil.KindConnect, err, "cannot connect: %s", netutil.DialProblem(t.Network, t.Address, connectTimeout, err))
	}
	defer conn.Close()

	// The read timeout bounds the whole exchange once connected.
	payload, err := exchange(netutil.NewBound(ctx, readTimeout), conn, fail)
	if err != nil {
		return nil, err
	}
	r, err := decodeReply(payload)
	if err != nil {
		return nil, fail(netutil.KindMalformed, err, "malformed reply: %v", err)
	}
	if r.Status == wire.StatusError {
		who := "the cell"
		if r.Name != "" {
			who = fmt.Sprintf("cell %q", r.Name)
		}
		return nil, fail(netutil.KindRefused, nil, "%s refused the schema request (%s): %q", who, r.Code, r.Message)
	}
	if err := r.verify(); err != nil {
		var dm *digestMismatchError
		if errors.As(err, &dm) {
			return nil, fail(netutil.KindDigest, err, "%v", err)
		}
		return nil, fail(netutil.KindMalformed, err, "invalid schema reply: %v", err)
	}
	if t.Name != "" && r.Name != t.Name {
		return nil, fail(netutil.KindWrongCell, nil, "the peer is cell %q, not %q", r.Name, t.Name)
	}
	// Detach the text from the receive buffer's header bytes.
	r.Text = append(make([]byte, 0, len(r.Text)), r.Text...)
	return r, nil
}

// exchange sends the schema request on conn and reads the reply's
// payload, within b.
func exchange(b netutil.Bound, conn net.Conn, fail func(netutil.Kind, error, string, ...any) *Error) ([]byte, error) {
	stop := b.Bind(conn)
	defer stop()
	// ioFail explains an I/O error of the exchange, during its stage.
	ioFail := func(err error, during string) *Error {
		var pe *wire.PartialError
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
		case k != 0: // the context's end
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

	if _, err := conn.Write(wire.AppendRequest(nil, wire.Version)); err != nil {
		return nil, ioFail(err, "sending the request")
	}
	payload, err := wire.ReadFrame(conn, wire.MaxReplySize)
	if err != nil {
		var tooLarge *wire.FrameTooLargeError
		var trunc *wire.TruncatedError
		switch {
		case err == io.EOF:
			return nil, fail(netutil.KindClosed, err, "the peer closed the connection without replying (does it serve schema requests?)")
		case errors.Is(err, wire.ErrControlFrame):
			return nil, fail(netutil.KindMalformed, err, "the reply starts with the reserved length word 0xffffffff (is the peer echoing the request?)")
		case errors.As(err, &tooLarge):
			return nil, fail(netutil.KindTooLarge, err, "reply length %d exceeds the 1 MiB limit", tooLarge.Length)
		case errors.As(err, &trunc) && trunc.Prefix:
			return nil, fail(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of 4 length bytes", trunc.Got)
		case errors.As(err, &trunc):
			return nil, fail(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of %d bytes", trunc.Got, trunc.Want)
		}
		return nil, ioFail(err, "reading the reply")
	}
	return payload, nil
}
