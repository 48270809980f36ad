package schemaproto

import (
	"context"
	"fmt"
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
	b := netutil.NewBound(ctx, readTimeout)
	stop := b.Bind(conn)
	defer stop()
	w, f := wire.RequestSchema(b, conn, t.Name, "read timeout")
	if f != nil {
		return nil, fail(f.Kind, f.Err, "%s", f.Msg)
	}
	r := fromWire(w)
	// Detach the text from the receive buffer's header bytes.
	r.Text = append(make([]byte, 0, len(r.Text)), r.Text...)
	return r, nil
}
