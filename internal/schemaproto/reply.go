package schemaproto

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/blake3"
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
}

// decodeReply decodes a reply payload (the frame without its length word).
// It checks the structure byte by byte (magic, version, status, every
// length, the profile bytes, the name, no trailing bytes) but not the
// digest or the canonical text: call verify for those. The Text of the
// result aliases b.
func decodeReply(b []byte) (*Reply, error) {
	if len(b) > wire.MaxReplySize {
		return nil, fmt.Errorf("reply of %d bytes exceeds the 1 MiB limit", len(b))
	}
	if len(b) < wire.ReplyHeaderLen {
		if len(b) >= 8 && string(b[:8]) != wire.ReplyMagic {
			return nil, fmt.Errorf("bad magic %q (want %q): the peer does not speak the cellvet schema protocol", b[:8], wire.ReplyMagic)
		}
		return nil, fmt.Errorf("reply of %d bytes is shorter than the %d-byte header", len(b), wire.ReplyHeaderLen)
	}
	if string(b[:8]) != wire.ReplyMagic {
		return nil, fmt.Errorf("bad magic %q (want %q): the peer does not speak the cellvet schema protocol", b[:8], wire.ReplyMagic)
	}
	r := &Reply{Version: binary.LittleEndian.Uint16(b[8:]), Status: b[10]}
	if r.Version != wire.Version {
		return nil, fmt.Errorf("unsupported reply version %d (this cellvet reads version %d)", r.Version, wire.Version)
	}
	nameLen := int(b[11])
	rest := b[wire.ReplyHeaderLen:]
	if nameLen > wire.MaxNameLen {
		return nil, fmt.Errorf("cell name length %d exceeds %d", nameLen, wire.MaxNameLen)
	}
	if nameLen > len(rest) {
		return nil, fmt.Errorf("cell name length %d exceeds the %d bytes left in the reply", nameLen, len(rest))
	}
	r.Name, rest = string(rest[:nameLen]), rest[nameLen:]
	if r.Name != "" || r.Status == wire.StatusOK {
		if err := wire.ValidateName(r.Name); err != nil {
			return nil, err
		}
	}
	switch r.Status {
	case wire.StatusOK:
		if len(rest) < wire.OKFixedLen {
			return nil, fmt.Errorf("reply ends %d bytes into the %d-byte profile, digest and text length", len(rest), wire.OKFixedLen)
		}
		p, err := decodeProfile(rest[:4])
		if err != nil {
			return nil, err
		}
		r.Profile = p
		copy(r.Digest[:], rest[4:36])
		textLen := binary.LittleEndian.Uint32(rest[36:40])
		rest = rest[40:]
		if uint64(textLen) > uint64(len(rest)) {
			return nil, fmt.Errorf("canonical text length %d exceeds the %d bytes left in the reply", textLen, len(rest))
		}
		r.Text, rest = rest[:textLen:textLen], rest[textLen:]
		if len(rest) > 0 {
			return nil, fmt.Errorf("%d trailing bytes after the canonical text", len(rest))
		}
	case wire.StatusError:
		if len(rest) < wire.ErrorFixedLen {
			return nil, fmt.Errorf("error reply ends %d bytes into the %d-byte code and message length", len(rest), wire.ErrorFixedLen)
		}
		r.Code = wire.ErrorCode(binary.LittleEndian.Uint16(rest))
		if r.Code == 0 {
			return nil, fmt.Errorf("error reply with error code 0")
		}
		msgLen := int(binary.LittleEndian.Uint16(rest[2:]))
		rest = rest[4:]
		if msgLen > wire.MaxMessageLen {
			return nil, fmt.Errorf("error message length %d exceeds %d", msgLen, wire.MaxMessageLen)
		}
		if msgLen > len(rest) {
			return nil, fmt.Errorf("error message length %d exceeds the %d bytes left in the reply", msgLen, len(rest))
		}
		msg := rest[:msgLen]
		if !utf8.Valid(msg) {
			return nil, fmt.Errorf("error message is not valid UTF-8")
		}
		r.Message, rest = string(msg), rest[msgLen:]
		if len(rest) > 0 {
			return nil, fmt.Errorf("%d trailing bytes after the error message", len(rest))
		}
	default:
		return nil, fmt.Errorf("unknown reply status %d (want 0 for a schema or 1 for an error)", r.Status)
	}
	return r, nil
}

// digestMismatchError reports a reply whose canonical text does not hash to
// the digest it claims.
type digestMismatchError struct {
	Claimed, Computed rustschema.Digest
}

func (e *digestMismatchError) Error() string {
	return fmt.Sprintf("digest mismatch: the reply claims %s but its canonical text hashes to %s; refusing it", e.Claimed, e.Computed)
}

// verify checks an OK reply's content: the BLAKE3-256 digest of Text must
// be Digest, the profile must be valid, and Text must be UTF-8 and begin
// with the CFP/1 header "cfp 1", "schema_version N", "profile P" whose P
// is the reply's profile. It does not parse the type definitions.
func (r *Reply) verify() error {
	if r.Status != wire.StatusOK {
		return fmt.Errorf("not a schema reply (status %d)", r.Status)
	}
	if sum := rustschema.Digest(blake3.Sum256(r.Text)); sum != r.Digest {
		return &digestMismatchError{Claimed: r.Digest, Computed: sum}
	}
	if err := r.Profile.Validate(); err != nil {
		return fmt.Errorf("profile: %v", err)
	}
	p, err := wire.CheckText(r.Text)
	if err != nil {
		return err
	}
	if want := r.Profile.Canon(); p != want {
		return fmt.Errorf("the reply's profile %q differs from its canonical text's profile %q", want, p)
	}
	return nil
}
