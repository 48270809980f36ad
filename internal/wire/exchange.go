package wire

import (
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/cellvet/cellvet/internal/netutil"
)

// Failure is a failed schema exchange: its kind and the problem in the
// user's terms, without the prefix that names the peer (each caller,
// cellvet add and the cell runtime's handshake, words its own).
type Failure struct {
	Kind netutil.Kind
	Msg  string
	Err  error // the underlying error, if any
}

func (f *Failure) Error() string { return f.Msg }

func (f *Failure) Unwrap() error { return f.Err }

func failure(kind netutil.Kind, err error, format string, args ...any) *Failure {
	return &Failure{Kind: kind, Msg: fmt.Sprintf(format, args...), Err: err}
}

// RequestSchema sends the schema request on conn, reads the reply and
// checks it (docs/protocol.md §4.1): decoded exactly, not an error reply,
// its digest the BLAKE3-256 of its text, its profile the text's, and its
// name name when name is not "". b must already govern conn (Bound.Bind);
// timeoutName names b's own timeout in messages ("read timeout"). The Text
// of the reply aliases the receive buffer, which is the reply's own.
func RequestSchema(b netutil.Bound, conn net.Conn, name, timeoutName string) (*Reply, *Failure) {
	if _, err := conn.Write(AppendRequest(make([]byte, 0, requestSize), Version)); err != nil {
		return nil, ioFailure(b, err, "sending the request", timeoutName)
	}
	payload, f := readReply(b, conn, timeoutName)
	if f != nil {
		return nil, f
	}
	r, err := DecodeReply(payload)
	if err != nil {
		return nil, failure(netutil.KindMalformed, err, "malformed reply: %v", err)
	}
	if r.Status == StatusError {
		who := "the cell"
		if r.Name != "" {
			who = fmt.Sprintf("cell %q", r.Name)
		}
		return nil, failure(netutil.KindRefused, nil, "%s refused the schema request (%s): %q", who, r.Code, r.Message)
	}
	if err := r.Verify(); err != nil {
		var dm *DigestMismatchError
		if errors.As(err, &dm) {
			return nil, failure(netutil.KindDigest, err, "%v", err)
		}
		return nil, failure(netutil.KindMalformed, err, "invalid schema reply: %v", err)
	}
	if name != "" && r.Name != name {
		return nil, failure(netutil.KindWrongCell, nil, "the peer is cell %q, not %q", r.Name, name)
	}
	return r, nil
}

// readReply reads the reply frame's payload, explaining every way it can
// fail.
func readReply(b netutil.Bound, conn net.Conn, timeoutName string) ([]byte, *Failure) {
	payload, err := ReadFrame(conn, MaxReplySize)
	if err == nil {
		return payload, nil
	}
	var tooLarge *FrameTooLargeError
	var trunc *TruncatedError
	switch {
	case err == io.EOF:
		return nil, failure(netutil.KindClosed, err, "the peer closed the connection without replying (does it serve schema requests?)")
	case errors.Is(err, ErrControlFrame):
		return nil, failure(netutil.KindMalformed, err, "the reply starts with the reserved length word 0xffffffff (is the peer echoing the request?)")
	case errors.As(err, &tooLarge):
		return nil, failure(netutil.KindTooLarge, err, "reply length %d exceeds the 1 MiB limit", tooLarge.Length)
	case errors.As(err, &trunc) && trunc.Prefix:
		return nil, failure(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of 4 length bytes", trunc.Got)
	case errors.As(err, &trunc):
		return nil, failure(netutil.KindClosed, err, "reply truncated: the peer closed the connection after %d of %d bytes", trunc.Got, trunc.Want)
	}
	return nil, ioFailure(b, err, "reading the reply", timeoutName)
}

// ioFailure explains an I/O error of the exchange, during its stage.
func ioFailure(b netutil.Bound, err error, during, timeoutName string) *Failure {
	var pe *PartialError
	partial := errors.As(err, &pe)
	switch k, cause := b.Ended(err); {
	case k == netutil.KindTimeout && b.Timeout > 0 && partial:
		what := "payload"
		if pe.Prefix {
			what = "length"
		}
		return failure(k, cause, "reply incomplete after %v: got %d of %d %s bytes (%s)", b.Timeout, pe.Got, pe.Want, what, timeoutName)
	case k == netutil.KindTimeout && b.Timeout > 0 && during == "sending the request":
		return failure(k, cause, "could not send the request within %v (%s)", b.Timeout, timeoutName)
	case k == netutil.KindTimeout && b.Timeout > 0:
		return failure(k, cause, "no reply within %v (%s)", b.Timeout, timeoutName)
	case k != 0: // the context's end
		return failure(k, cause, "%s: %v", during, cause)
	}
	cause := netutil.Unwrap(err)
	if partial {
		cause = netutil.Unwrap(pe.Err)
	}
	if netutil.IsReset(err) {
		return failure(netutil.KindClosed, err, "%s: the peer closed the connection (%v)", during, cause)
	}
	if during == "sending the request" {
		return failure(netutil.KindSend, err, "cannot send the request: %v", cause)
	}
	return failure(netutil.KindClosed, err, "%s: %v", during, cause)
}
