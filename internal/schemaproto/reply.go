package schemaproto

import (
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// Reply is a decoded schema reply: the schema of a cell (wire.StatusOK) or
// the reason it was not sent (wire.StatusError).
type Reply struct {
	Version uint16 // protocol version of the reply
	Status  byte   // wire.StatusOK or wire.StatusError
	Name    string // the cell's name; may be empty in an error reply

	// StatusOK:
	Profile rustschema.Profile
	Digest  rustschema.Digest // BLAKE3-256 of Text
	Text    []byte            // CFP/1 canonical text

	// StatusError:
	Code    wire.ErrorCode
	Message string // UTF-8, at most wire.MaxMessageLen bytes

	wire *wire.Reply // what it was read from, for verify
}

// fromWire gives a reply decoded by package wire (which the cell runtime
// shares) rustschema's profile and digest types.
func fromWire(w *wire.Reply) *Reply {
	r := &Reply{Version: w.Version, Status: w.Status, Name: w.Name, Code: w.Code, Message: w.Message, wire: w}
	if w.Status == wire.StatusOK {
		r.Profile, r.Digest, r.Text = profileOf(w.Profile), rustschema.Digest(w.Digest), w.Text
	}
	return r
}

// decodeReply decodes a reply payload with wire.DecodeReply: the structure
// byte by byte, not the digest or the canonical text (verify checks those).
// The Text of the result aliases b.
func decodeReply(b []byte) (*Reply, error) {
	w, err := wire.DecodeReply(b)
	if err != nil {
		return nil, err
	}
	return fromWire(w), nil
}

// verify checks an OK reply's content with wire's Reply.Verify.
func (r *Reply) verify() error { return r.wire.Verify() }
