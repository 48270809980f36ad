// Package netutil is the one network-error path of cell connections, for
// the cell runtime (cell.Call) and the schema-request client alike: the
// kinds of failure, the time bound of an exchange (dial, deadlines,
// cancellation) and the explanation of network errors in the user's terms.
package netutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"syscall"
	"time"
)

// Kind classifies a failed exchange with a cell: a call or a schema
// request. The cell runtime's Kind has the same values.
type Kind int

const (
	KindType      Kind = iota + 1 // calls: Req or Resp is not a fixed-size message type, or req is nil
	KindName                      // invalid cell name or socket path
	KindConnect                   // could not connect
	KindSend                      // could not send the request
	KindTimeout                   // the timeout or the context's deadline passed
	KindCanceled                  // the context was canceled
	KindClosed                    // the peer closed or reset the connection before the whole reply
	KindTooLarge                  // the reply length exceeds the limit
	KindSize                      // calls: the reply length is not the size of Resp
	KindMalformed                 // the reply violates the protocol or is not a valid Resp
	KindDigest                    // schema requests: the canonical text does not hash to the digest
	KindRefused                   // schema requests: the cell answered with an error reply
	KindWrongCell                 // schema requests: the reply names another cell
	KindMismatch                  // calls: the handshake found another schema than the expected one
	KindHandshake                 // calls: the cell did not answer the handshake's schema request validly
	KindProfile                   // calls: the cell's (or WithProfile's) profile is one the runtime does not carry
	KindRemote                    // calls: a Cell SDK cell answered with an error (ErrorResponse or handler error text)
	KindTag                       // calls: a Cell SDK cell's reply is the response of another method than the request's
)

var kindNames = [...]string{
	KindType: "type", KindName: "name", KindConnect: "connect", KindSend: "send",
	KindTimeout: "timeout", KindCanceled: "canceled", KindClosed: "closed",
	KindTooLarge: "too large", KindSize: "size", KindMalformed: "malformed",
	KindDigest: "digest", KindRefused: "refused", KindWrongCell: "wrong cell",
	KindMismatch: "mismatch", KindHandshake: "handshake", KindProfile: "profile",
	KindRemote: "remote", KindTag: "tag",
}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Bound limits one exchange with a cell: it ends at the earlier of its
// context's deadline and its own timeout, and at once when the context is
// canceled. Applied to a connection (Bind), it bounds every read and write
// of the exchange together, so that a peer trickling bytes cannot stretch
// it.
type Bound struct {
	ctx      context.Context
	start    time.Time
	deadline time.Time // zero: none
	// Timeout is the timeout that ends the exchange, or 0 when the
	// context's deadline comes first (or nothing bounds it).
	Timeout time.Duration
}

// NewBound starts the bound of an exchange now. timeout <= 0 leaves only
// the context's deadline.
func NewBound(ctx context.Context, timeout time.Duration) Bound {
	now := time.Now()
	dl, ok := ctx.Deadline()
	if timeout > 0 && (!ok || dl.Sub(now) > timeout) {
		return Bound{ctx: ctx, start: now, deadline: now.Add(timeout), Timeout: timeout}
	}
	return Bound{ctx: ctx, start: now, deadline: dl}
}

// Start is when b began: a clock reading that a caller on a hot path may
// use instead of its own.
func (b Bound) Start() time.Time { return b.start }

// Dial connects to addr on network within b, and within connectTimeout
// when that is positive: a dial cut short by connectTimeout is not the end
// of b (Ended reports 0) but a failure to connect.
func (b Bound) Dial(network, addr string, connectTimeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: connectTimeout, Deadline: b.deadline}
	return d.DialContext(b.ctx, network, addr)
}

// Bind makes b govern c: c's deadline becomes b's, and the end of b's
// context interrupts blocked I/O on c by moving c's deadline into the
// past. stop detaches the context; it reports false when the context
// ended first (c's deadline is then in the past). A context that can
// never end (Done is nil) costs nothing: no AfterFunc is registered.
func (b Bound) Bind(c net.Conn) (stop func() bool) {
	c.SetDeadline(b.deadline)
	return b.Watch(c)
}

// Watch is Bind for a connection whose deadline the caller has set: only
// the end of b's context is watched.
func (b Bound) Watch(c net.Conn) (stop func() bool) {
	if b.ctx.Done() == nil {
		return neverStopped
	}
	return context.AfterFunc(b.ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
}

func neverStopped() bool { return true }

// Deadline is the end of b (zero: none).
func (b Bound) Deadline() time.Time { return b.deadline }

// Context is b's context.
func (b Bound) Context() context.Context { return b.ctx }

// Ended reports whether err, from I/O within b, is the end of b:
// KindCanceled with the context's error when the context was canceled,
// KindTimeout when the context's deadline or b's timeout passed (the
// cause is then context.DeadlineExceeded, as the context's would be), and
// 0 with err otherwise.
func (b Bound) Ended(err error) (Kind, error) {
	switch cerr := b.ctx.Err(); {
	case errors.Is(cerr, context.Canceled):
		return KindCanceled, cerr
	case cerr != nil:
		return KindTimeout, cerr
	case isTimeout(err) && !b.deadline.IsZero() && !time.Now().Before(b.deadline):
		return KindTimeout, context.DeadlineExceeded
	}
	return 0, err
}

// IsReset reports whether the peer reset the connection.
func IsReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// SocketDirEnv is the environment variable that names the directory of the
// cells' Unix sockets.
const SocketDirEnv = "CELL_SOCKET_DIR"

// DialProblem explains a failed dial of network ("unix" or "tcp") and addr.
// timeout is the connect timeout that applied (0: none), for the message of
// a timed out dial.
func DialProblem(network, addr string, timeout time.Duration, err error) string {
	return DialProblemWhere(network, addr, timeout, err, SocketDirEnv+" sets the socket directory")
}

// DialProblemWhere is DialProblem for a socket path chosen by another rule
// than $CELL_SOCKET_DIR's: where says how, for the message of a missing
// socket.
func DialProblemWhere(network, addr string, timeout time.Duration, err error, where string) string {
	var dnsErr *net.DNSError
	switch {
	case isTimeout(err) && timeout > 0:
		return fmt.Sprintf("timed out after %v (connect timeout)", timeout)
	case isTimeout(err):
		return "timed out"
	case network == "unix" && errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("no socket at %s (is the cell running? %s)", addr, where)
	case errors.Is(err, syscall.ECONNREFUSED):
		if network == "unix" {
			// Linux refuses a connect to a file that is not a socket
			// with ECONNREFUSED too; say which case it is.
			if fi, serr := os.Stat(addr); serr == nil && fi.Mode()&fs.ModeSocket == 0 {
				return fmt.Sprintf("%s is not a socket (a %s); a cell listens on a Unix socket there", addr, fileKind(fi.Mode()))
			}
			return fmt.Sprintf("connection refused: nothing listens on %s (a stale socket of a stopped cell?)", addr)
		}
		return fmt.Sprintf("connection refused: nothing listens on %s (is the cell running?)", addr)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("permission denied on %s", addr)
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return fmt.Sprintf("cannot resolve host %q: no such host", dnsErr.Name)
		}
		return fmt.Sprintf("cannot resolve host %q: %v", dnsErr.Name, dnsErr.Err)
	}
	return Unwrap(err).Error()
}

// isTimeout reports whether err is a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Unwrap strips *net.OpError and *os.SyscallError wrappers, whose texts
// repeat the operation and address the caller already names.
func Unwrap(err error) error {
	for {
		switch e := err.(type) {
		case *net.OpError:
			err = e.Err
		case *os.SyscallError:
			err = e.Err
		default:
			return err
		}
	}
}

// IsTransientAccept reports an Accept error worth retrying after a pause
// (out of file descriptors or buffers, an aborted connection).
func IsTransientAccept(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.ENOBUFS) ||
		errors.Is(err, syscall.ENOMEM)
}

// Peer names the remote end of a connection for a log line.
func Peer(c net.Conn) string {
	if a := c.RemoteAddr(); a != nil && a.String() != "" && a.String() != "@" {
		return a.Network() + ":" + a.String()
	}
	if a := c.LocalAddr(); a != nil {
		return "a client of " + a.Network() + ":" + a.String()
	}
	return "a client"
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m.IsRegular():
		return "regular file"
	}
	return "file of mode " + m.String()
}
