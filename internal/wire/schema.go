package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/blake3"
)

// Version is the schema protocol version this package speaks (and the
// highest it reads).
const Version = 1

// Protocol limits (docs/protocol.md, "Limits").
const (
	// MaxReplySize is the largest reply payload a client accepts: 1 MiB.
	MaxReplySize = 1 << 20
	// requestSize is the size of a schema request, length word included.
	requestSize = 16
	// MaxNameLen is the longest cell name, in bytes.
	MaxNameLen = 128
	// MaxMessageLen is the longest error message of an error reply, in bytes.
	MaxMessageLen = 1024
	// maxTextLen is the longest canonical text a reply can carry.
	maxTextLen = MaxReplySize - ReplyHeaderLen - MaxNameLen - OKFixedLen
)

// The reply payload (docs/protocol.md, "Reply"): ReplyMagic, the version
// (u16), the status (u8), the name's length (u8) and the name; then, for
// StatusOK, the profile (4 bytes), the digest (32), the text's length
// (u32) and the text; for StatusError, the code (u16), the message's
// length (u16) and the message.
const (
	ReplyMagic     = "CELLSCHR"
	ReplyHeaderLen = 12         // magic, version, status, name length
	OKFixedLen     = 4 + 32 + 4 // profile, digest, text length
	ErrorFixedLen  = 2 + 2      // code, message length

	requestMagic = "CELLSCHQ"
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
	// codeUnsupportedVersion: the responder speaks no version at or below
	// the request's.
	codeUnsupportedVersion ErrorCode = 1
	// codeRefused: the cell does not disclose its schema.
	codeRefused ErrorCode = 2
	// codeUnavailable: the schema cannot be served right now.
	codeUnavailable ErrorCode = 3
	// codeBadRequest: the control frame was not a well-formed schema request.
	codeBadRequest ErrorCode = 4
)

func (c ErrorCode) String() string {
	switch c {
	case codeUnsupportedVersion:
		return "unsupported version"
	case codeRefused:
		return "refused"
	case codeUnavailable:
		return "unavailable"
	case codeBadRequest:
		return "bad request"
	}
	return "error code " + strconv.Itoa(int(c))
}

// AppendRequest appends a schema request of the given version (normally
// Version) with zero flags: 16 bytes, length word included.
func AppendRequest(dst []byte, version uint16) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, controlLength)
	dst = append(dst, requestMagic...)
	dst = binary.LittleEndian.AppendUint16(dst, version)
	return binary.LittleEndian.AppendUint16(dst, 0)
}

// parseRequestBody decodes the 12 bytes that follow the control length
// word: the magic, the version and the flags (reserved; version 1
// responders ignore them).
func parseRequestBody(b []byte) (version uint16, err error) {
	if string(b[:8]) != requestMagic {
		return 0, fmt.Errorf("control frame magic %q is not %q", b[:8], requestMagic)
	}
	return binary.LittleEndian.Uint16(b[8:]), nil
}

// CheckText checks the CFP/1 header of a canonical text as a schema reply
// carries it: UTF-8, and the lines "cfp 1", "schema_version N" and
// "profile P". It returns P, the profile's canonical spelling (shortened
// if it is too long to be one), and does not parse the type definitions.
func CheckText(text []byte) (profile string, err error) {
	if !utf8.Valid(text) {
		return "", fmt.Errorf("canonical text is not valid UTF-8")
	}
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
		return "", err
	}
	if string(l) != "cfp 1" {
		return "", fmt.Errorf("canonical text starts with %q, not \"cfp 1\" (this cellvet reads CFP/1)", clip(l))
	}
	if l, err = line("schema_version"); err != nil {
		return "", err
	}
	v, ok := bytes.CutPrefix(l, []byte("schema_version "))
	if !ok || !isDecimal(v) {
		return "", fmt.Errorf("canonical text line 2 is %q, want \"schema_version N\"", clip(l))
	}
	if l, err = line("profile"); err != nil {
		return "", err
	}
	p, ok := bytes.CutPrefix(l, []byte("profile "))
	if !ok {
		return "", fmt.Errorf("canonical text line 3 is %q, want \"profile ...\"", clip(l))
	}
	return clip(p), nil
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

// The flag bits of a profile's wire form.
const (
	ProfileUnaligned = 1 << 0 // rkyv 0.8's unaligned format
	ProfileStrict    = 1 << 1 // rkyv 0.7's strict feature
)

// profileBytes returns the wire form of a profile (docs/protocol.md,
// "Profile") from its canonical spelling: "rkyv0.8 le aligned p32" is
// 8 32 0 0, "rkyv0.7 be p64 strict" is 7 64 1 2. The runtime reads the
// spelling here, not with rustschema, so as not to link the schema
// parser; the tests check it against rustschema for every profile.
func profileBytes(canon string) ([4]byte, error) {
	var b [4]byte
	bad := fmt.Errorf("the canonical text's profile %q is not one this cellvet knows", canon)
	f := strings.Split(canon, " ")
	if len(f) != 4 {
		return b, bad
	}
	var width, mode string
	switch f[0] {
	case "rkyv0.7":
		b[0], width, mode = 7, f[2], f[3]
	case "rkyv0.8":
		b[0], width, mode = 8, f[3], f[2]
	default:
		return b, bad
	}
	switch f[1] {
	case "le":
	case "be":
		b[2] = 1
	default:
		return b, bad
	}
	switch width {
	case "p16", "p32", "p64":
		n, _ := strconv.Atoi(width[1:])
		b[1] = byte(n)
	default:
		return b, bad
	}
	switch {
	case b[0] == 8 && mode == "aligned", b[0] == 7 && mode == "nonstrict":
	case b[0] == 8 && mode == "unaligned":
		b[3] = ProfileUnaligned
	case b[0] == 7 && mode == "strict":
		b[3] = ProfileStrict
	default:
		return b, bad
	}
	return b, nil
}

// A Schema is the schema a cell serves: it answers every schema request
// with one reply frame, encoded once.
type Schema struct {
	name    string
	profile string
	frame   []byte
}

// NewSchema returns the schema of the named cell, given its CFP/1
// canonical text (as "cellvet fp --canon" prints it), whose header names
// the profile. The text is checked as a client checks it and its digest
// computed here.
func NewSchema(name string, text []byte) (*Schema, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	canon, err := CheckText(text)
	if err != nil {
		return nil, err
	}
	profile, err := profileBytes(canon)
	if err != nil {
		return nil, err
	}
	if len(text) > maxTextLen {
		return nil, fmt.Errorf("canonical text of %d bytes is too long for a schema reply (at most %d)", len(text), maxTextLen)
	}
	digest := blake3.Sum256(text)
	b := appendReplyHeader(make([]byte, 0, 4+ReplyHeaderLen+len(name)+OKFixedLen+len(text)), StatusOK, name)
	b = append(b, profile[:]...)
	b = append(b, digest[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(text)))
	b = append(b, text...)
	return &Schema{name: name, profile: canon, frame: endFrame(b)}, nil
}

// appendReplyHeader starts a reply frame: a length word to fill in
// (endFrame), then the reply's header and the cell's name.
func appendReplyHeader(b []byte, status byte, name string) []byte {
	b = append(b, 0, 0, 0, 0)
	b = append(b, ReplyMagic...)
	b = binary.LittleEndian.AppendUint16(b, Version)
	b = append(b, status, byte(len(name)))
	return append(b, name...)
}

func endFrame(b []byte) []byte {
	binary.LittleEndian.PutUint32(b, uint32(len(b)-4))
	return b
}

// Handle answers one schema request on rw, whose control length word
// 0xFFFFFFFF the caller has already read (ReadFrame returned
// ErrControlFrame): it reads the 12 remaining request bytes and writes the
// reply. A request it cannot serve (unknown magic, version 0) gets an error
// reply and a non-nil error; the caller should then close the connection.
// Handle sets no deadlines: a caller holding a net.Conn sets them.
func (s *Schema) Handle(rw io.ReadWriter) error {
	var body [RequestBodyLen]byte
	if n, err := io.ReadFull(rw, body[:]); err != nil {
		return fmt.Errorf("reading the schema request: got %d of %d bytes after the control word: %w", n, len(body), err)
	}
	return s.Answer(body[:], rw)
}

// RequestBodyLen is the length of a schema request after its control
// length word.
const RequestBodyLen = requestSize - 4

// Answer answers the schema request whose RequestBodyLen bytes after the
// control word are body, for a caller that has read them itself (the cell
// runtime reads frames through its own buffer). Its errors are Handle's.
func (s *Schema) Answer(body []byte, w io.Writer) error {
	version, err := parseRequestBody(body)
	if err != nil {
		s.writeError(w, codeBadRequest, "malformed schema request: "+err.Error())
		return err
	}
	if version == 0 {
		msg := fmt.Sprintf("schema protocol version 0 is not supported (this cell speaks version %d)", Version)
		s.writeError(w, codeUnsupportedVersion, msg)
		return errors.New(msg)
	}
	// Version 1 is the only version; any request of version >= 1 is
	// answered in it (the highest version at or below the request's).
	if _, err := w.Write(s.frame); err != nil {
		return fmt.Errorf("writing the schema reply: %w", err)
	}
	return nil
}

// Profile returns the canonical spelling of the schema's profile, as its
// text's header writes it.
func (s *Schema) Profile() string { return s.profile }

// writeError writes an error reply. msg, this package's own text, is far
// shorter than MaxMessageLen.
func (s *Schema) writeError(w io.Writer, code ErrorCode, msg string) {
	b := appendReplyHeader(nil, StatusError, s.name)
	b = binary.LittleEndian.AppendUint16(b, uint16(code))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(msg)))
	w.Write(endFrame(append(b, msg...)))
}
