package schemaproto

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/zeebo/blake3"
)

// Version is the protocol version this package speaks (and the highest it
// reads).
const Version = 1

// Protocol limits (docs/protocol.md, "Limits").
const (
	// MaxReplySize is the largest reply payload a client accepts: 1 MiB.
	MaxReplySize = 1 << 20
	// RequestSize is the size of a schema request, length word included.
	RequestSize = 16
	// MaxNameLen is the longest cell name, in bytes.
	MaxNameLen = 128
	// MaxMessageLen is the longest error message of an error reply, in bytes.
	MaxMessageLen = 1024
	// MaxTextLen is the longest canonical text a reply can carry.
	MaxTextLen = MaxReplySize - replyHeaderLen - MaxNameLen - okFixedLen
)

const (
	requestMagic   = "CELLSCHQ"
	replyMagic     = "CELLSCHR"
	replyHeaderLen = 12 // magic, version, status, name length
	okFixedLen     = 4 + 32 + 4
	errFixedLen    = 2 + 2
)

// Reply statuses.
const (
	StatusOK    = 0
	StatusError = 1
)

// ErrorCode classifies an error reply.
type ErrorCode uint16

// Error codes of an error reply. Code 0 is invalid.
const (
	// CodeUnsupportedVersion: the responder speaks no version at or below
	// the request's.
	CodeUnsupportedVersion ErrorCode = 1
	// CodeRefused: the cell does not disclose its schema.
	CodeRefused ErrorCode = 2
	// CodeUnavailable: the schema cannot be served right now.
	CodeUnavailable ErrorCode = 3
	// CodeBadRequest: the control frame was not a well-formed schema request.
	CodeBadRequest ErrorCode = 4
)

func (c ErrorCode) String() string {
	switch c {
	case CodeUnsupportedVersion:
		return "unsupported version"
	case CodeRefused:
		return "refused"
	case CodeUnavailable:
		return "unavailable"
	case CodeBadRequest:
		return "bad request"
	}
	return "error code " + strconv.Itoa(int(c))
}

// AppendRequest appends a schema request of the given version (normally
// Version) with zero flags: 16 bytes, length word included.
func AppendRequest(dst []byte, version uint16) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, ControlLength)
	dst = append(dst, requestMagic...)
	dst = binary.LittleEndian.AppendUint16(dst, version)
	return binary.LittleEndian.AppendUint16(dst, 0)
}

// IsSchemaRequest reports whether b starts with a schema request: the
// control length word followed by the request magic. It looks at the first
// 12 bytes only (the version is not checked); a runtime that peeks at a
// connection can use it to route the connection.
func IsSchemaRequest(b []byte) bool {
	return len(b) >= 12 && binary.LittleEndian.Uint32(b) == ControlLength && string(b[4:12]) == requestMagic
}

// request is a decoded schema request.
type request struct {
	Version uint16
	Flags   uint16 // reserved; version 1 responders ignore them
}

// parseRequestBody decodes the 12 bytes that follow the control length word.
func parseRequestBody(b []byte) (request, error) {
	if len(b) != RequestSize-4 {
		return request{}, fmt.Errorf("schema request body is %d bytes, want %d", len(b), RequestSize-4)
	}
	if string(b[:8]) != requestMagic {
		return request{}, fmt.Errorf("control frame magic %q is not %q", b[:8], requestMagic)
	}
	return request{
		Version: binary.LittleEndian.Uint16(b[8:]),
		Flags:   binary.LittleEndian.Uint16(b[10:]),
	}, nil
}

// Reply is a schema reply: the schema of a cell (Status StatusOK) or the
// reason it was not sent (StatusError).
type Reply struct {
	Version uint16 // protocol version of the reply
	Status  byte   // StatusOK or StatusError
	Name    string // the cell's name; may be empty in an error reply

	// StatusOK:
	Profile Profile
	Digest  Digest // BLAKE3-256 of Text
	Text    []byte // CFP/1 canonical text

	// StatusError:
	Code    ErrorCode
	Message string // UTF-8, at most MaxMessageLen bytes
}

// NewReply returns the verified OK reply for a cell's schema; it computes
// the digest of text.
func NewReply(name string, p Profile, text []byte) (*Reply, error) {
	r := &Reply{Version: Version, Status: StatusOK, Name: name, Profile: p, Text: text, Digest: blake3.Sum256(text)}
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	if err := r.Verify(); err != nil {
		return nil, err
	}
	if len(text) > MaxTextLen {
		return nil, fmt.Errorf("canonical text of %d bytes is too long for a schema reply (at most %d)", len(text), MaxTextLen)
	}
	return r, nil
}

// NewErrorReply returns an error reply. name may be empty.
func NewErrorReply(name string, code ErrorCode, message string) (*Reply, error) {
	r := &Reply{Version: Version, Status: StatusError, Name: name, Code: code, Message: message}
	if _, err := EncodeReply(r); err != nil {
		return nil, err
	}
	return r, nil
}

// Fingerprint returns the 16 hex digits of the schema fingerprint.
func (r *Reply) Fingerprint() string { return r.Digest.Fingerprint().String() }

// EncodeReply encodes r as a reply payload (without the frame's length
// word). It checks everything DecodeReply checks, so that what it writes
// decodes back to r; it does not check the digest (see Verify).
func EncodeReply(r *Reply) ([]byte, error) {
	if r.Version != Version {
		return nil, fmt.Errorf("cannot encode reply version %d (this package writes version %d)", r.Version, Version)
	}
	if len(r.Name) > MaxNameLen {
		return nil, fmt.Errorf("cell name of %d bytes is too long (at most %d)", len(r.Name), MaxNameLen)
	}
	b := make([]byte, 0, replyHeaderLen+len(r.Name)+okFixedLen+len(r.Text))
	b = append(b, replyMagic...)
	b = binary.LittleEndian.AppendUint16(b, r.Version)
	b = append(b, r.Status, byte(len(r.Name)))
	b = append(b, r.Name...)
	switch r.Status {
	case StatusOK:
		if err := ValidateName(r.Name); err != nil {
			return nil, err
		}
		if err := r.Profile.Validate(); err != nil {
			return nil, err
		}
		if len(r.Text) > MaxReplySize {
			return nil, fmt.Errorf("canonical text of %d bytes is too long for a schema reply", len(r.Text))
		}
		b = appendProfile(b, r.Profile)
		b = append(b, r.Digest[:]...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(r.Text)))
		b = append(b, r.Text...)
	case StatusError:
		if r.Name != "" {
			if err := ValidateName(r.Name); err != nil {
				return nil, err
			}
		}
		if r.Code == 0 {
			return nil, fmt.Errorf("error reply without an error code")
		}
		if len(r.Message) > MaxMessageLen {
			return nil, fmt.Errorf("error message of %d bytes is too long (at most %d)", len(r.Message), MaxMessageLen)
		}
		if !utf8.ValidString(r.Message) {
			return nil, fmt.Errorf("error message is not valid UTF-8")
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(r.Code))
		b = binary.LittleEndian.AppendUint16(b, uint16(len(r.Message)))
		b = append(b, r.Message...)
	default:
		return nil, fmt.Errorf("unknown reply status %d", r.Status)
	}
	if len(b) > MaxReplySize {
		return nil, fmt.Errorf("reply of %d bytes exceeds the %s limit", len(b), sizeString(MaxReplySize))
	}
	return b, nil
}

// DecodeReply decodes a reply payload (the frame without its length word).
// It checks the structure byte by byte (magic, version, status, every
// length, the profile bytes, the name, no trailing bytes) but not the
// digest or the canonical text: call Verify for those. The Text of the
// result aliases b.
func DecodeReply(b []byte) (*Reply, error) {
	if len(b) > MaxReplySize {
		return nil, fmt.Errorf("reply of %d bytes exceeds the %s limit", len(b), sizeString(MaxReplySize))
	}
	if len(b) < replyHeaderLen {
		if len(b) >= 8 && string(b[:8]) != replyMagic {
			return nil, fmt.Errorf("bad magic %q (want %q): the peer does not speak the cellvet schema protocol", b[:8], replyMagic)
		}
		return nil, fmt.Errorf("reply of %d bytes is shorter than the %d-byte header", len(b), replyHeaderLen)
	}
	if string(b[:8]) != replyMagic {
		return nil, fmt.Errorf("bad magic %q (want %q): the peer does not speak the cellvet schema protocol", b[:8], replyMagic)
	}
	r := &Reply{Version: binary.LittleEndian.Uint16(b[8:]), Status: b[10]}
	if r.Version != Version {
		return nil, fmt.Errorf("unsupported reply version %d (this cellvet reads version %d)", r.Version, Version)
	}
	nameLen := int(b[11])
	rest := b[replyHeaderLen:]
	if nameLen > MaxNameLen {
		return nil, fmt.Errorf("cell name length %d exceeds %d", nameLen, MaxNameLen)
	}
	if nameLen > len(rest) {
		return nil, fmt.Errorf("cell name length %d exceeds the %d bytes left in the reply", nameLen, len(rest))
	}
	r.Name, rest = string(rest[:nameLen]), rest[nameLen:]
	if r.Name != "" || r.Status == StatusOK {
		if err := ValidateName(r.Name); err != nil {
			return nil, err
		}
	}
	switch r.Status {
	case StatusOK:
		if len(rest) < okFixedLen {
			return nil, fmt.Errorf("reply ends %d bytes into the %d-byte profile, digest and text length", len(rest), okFixedLen)
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
	case StatusError:
		if len(rest) < errFixedLen {
			return nil, fmt.Errorf("error reply ends %d bytes into the %d-byte code and message length", len(rest), errFixedLen)
		}
		r.Code = ErrorCode(binary.LittleEndian.Uint16(rest))
		if r.Code == 0 {
			return nil, fmt.Errorf("error reply with error code 0")
		}
		msgLen := int(binary.LittleEndian.Uint16(rest[2:]))
		rest = rest[4:]
		if msgLen > MaxMessageLen {
			return nil, fmt.Errorf("error message length %d exceeds %d", msgLen, MaxMessageLen)
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

// DigestMismatchError reports a reply whose canonical text does not hash to
// the digest it claims.
type DigestMismatchError struct {
	Claimed, Computed Digest
}

func (e *DigestMismatchError) Error() string {
	return fmt.Sprintf("digest mismatch: the reply claims %s but its canonical text hashes to %s; refusing it", e.Claimed, e.Computed)
}

// Verify checks an OK reply's content: the BLAKE3-256 digest of Text must
// be Digest, the profile must be valid, and Text must be UTF-8 and begin
// with the CFP/1 header "cfp 1", "schema_version N", "profile P" whose P
// is the reply's profile. It does not parse the type definitions.
func (r *Reply) Verify() error {
	if r.Status != StatusOK {
		return fmt.Errorf("not a schema reply (status %d)", r.Status)
	}
	if sum := Digest(blake3.Sum256(r.Text)); sum != r.Digest {
		return &DigestMismatchError{Claimed: r.Digest, Computed: sum}
	}
	if err := r.Profile.Validate(); err != nil {
		return fmt.Errorf("profile: %v", err)
	}
	if !utf8.Valid(r.Text) {
		return fmt.Errorf("canonical text is not valid UTF-8")
	}
	text := r.Text
	line := func(what string) ([]byte, error) {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return nil, fmt.Errorf("canonical text ends inside its %s line", what)
		}
		l := text[:i]
		text = text[i+1:]
		return l, nil
	}
	l, err := line("first")
	if err != nil {
		return err
	}
	if string(l) != "cfp 1" {
		return fmt.Errorf("canonical text starts with %q, not \"cfp 1\" (this cellvet reads CFP/1)", clip(l))
	}
	if l, err = line("schema_version"); err != nil {
		return err
	}
	v, ok := bytes.CutPrefix(l, []byte("schema_version "))
	if !ok || !isDecimal(v) {
		return fmt.Errorf("canonical text line 2 is %q, want \"schema_version N\"", clip(l))
	}
	if l, err = line("profile"); err != nil {
		return err
	}
	p, ok := bytes.CutPrefix(l, []byte("profile "))
	if !ok {
		return fmt.Errorf("canonical text line 3 is %q, want \"profile ...\"", clip(l))
	}
	if want := r.Profile.Canon(); string(p) != want {
		return fmt.Errorf("the reply's profile %q differs from its canonical text's profile %q", want, clip(p))
	}
	return nil
}

func isDecimal(b []byte) bool {
	if len(b) == 0 || len(b) > 20 || (len(b) > 1 && b[0] == '0') {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// clip shortens peer-supplied text for an error message.
func clip(b []byte) string {
	const max = 64
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
