package wire

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/blake3"
)

// Reply is a decoded schema reply: the schema of a cell (StatusOK) or the
// reason it was not sent (StatusError). It is decoded here, not in the
// schema-request client, so that the cell runtime's handshake checks a
// reply with the same code as cellvet add without linking the schema
// parser.
type Reply struct {
	Version uint16 // protocol version of the reply
	Status  byte   // StatusOK or StatusError
	Name    string // the cell's name; may be empty in an error reply

	// StatusOK:
	Profile [4]byte  // the profile's wire form (docs/protocol.md §3.3), valid
	Digest  [32]byte // BLAKE3-256 of Text
	Text    []byte   // CFP/1 canonical text

	// StatusError:
	Code    ErrorCode
	Message string // UTF-8, at most MaxMessageLen bytes
}

// DecodeReply decodes a reply payload (the frame without its length word).
// It checks the structure byte by byte (magic, version, status, every
// length, the profile bytes, the name, no trailing bytes) but not the
// digest or the canonical text: Verify checks those. The Text of the
// result aliases b.
func DecodeReply(b []byte) (*Reply, error) {
	if len(b) > MaxReplySize {
		return nil, fmt.Errorf("reply of %d bytes exceeds the 1 MiB limit", len(b))
	}
	if len(b) < ReplyHeaderLen {
		if len(b) >= 8 && string(b[:8]) != ReplyMagic {
			return nil, badMagic(b)
		}
		return nil, fmt.Errorf("reply of %d bytes is shorter than the %d-byte header", len(b), ReplyHeaderLen)
	}
	if string(b[:8]) != ReplyMagic {
		return nil, badMagic(b)
	}
	r := &Reply{Version: binary.LittleEndian.Uint16(b[8:]), Status: b[10]}
	if r.Version != Version {
		return nil, fmt.Errorf("unsupported reply version %d (this cellvet reads version %d)", r.Version, Version)
	}
	nameLen := int(b[11])
	rest := b[ReplyHeaderLen:]
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
	var err error
	switch r.Status {
	case StatusOK:
		err = r.decodeSchema(rest)
	case StatusError:
		err = r.decodeError(rest)
	default:
		err = fmt.Errorf("unknown reply status %d (want 0 for a schema or 1 for an error)", r.Status)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

func badMagic(b []byte) error {
	return fmt.Errorf("bad magic %q (want %q): the peer does not speak the cellvet schema protocol", b[:8], ReplyMagic)
}

// decodeSchema decodes the body of a StatusOK reply, after the name.
func (r *Reply) decodeSchema(rest []byte) error {
	if len(rest) < OKFixedLen {
		return fmt.Errorf("reply ends %d bytes into the %d-byte profile, digest and text length", len(rest), OKFixedLen)
	}
	p, err := DecodeProfile(rest[:4])
	if err != nil {
		return err
	}
	r.Profile = p
	copy(r.Digest[:], rest[4:36])
	textLen := binary.LittleEndian.Uint32(rest[36:40])
	rest = rest[40:]
	if uint64(textLen) > uint64(len(rest)) {
		return fmt.Errorf("canonical text length %d exceeds the %d bytes left in the reply", textLen, len(rest))
	}
	r.Text, rest = rest[:textLen:textLen], rest[textLen:]
	if len(rest) > 0 {
		return fmt.Errorf("%d trailing bytes after the canonical text", len(rest))
	}
	return nil
}

// decodeError decodes the body of a StatusError reply, after the name.
func (r *Reply) decodeError(rest []byte) error {
	if len(rest) < ErrorFixedLen {
		return fmt.Errorf("error reply ends %d bytes into the %d-byte code and message length", len(rest), ErrorFixedLen)
	}
	r.Code = ErrorCode(binary.LittleEndian.Uint16(rest))
	if r.Code == 0 {
		return fmt.Errorf("error reply with error code 0")
	}
	msgLen := int(binary.LittleEndian.Uint16(rest[2:]))
	rest = rest[4:]
	if msgLen > MaxMessageLen {
		return fmt.Errorf("error message length %d exceeds %d", msgLen, MaxMessageLen)
	}
	if msgLen > len(rest) {
		return fmt.Errorf("error message length %d exceeds the %d bytes left in the reply", msgLen, len(rest))
	}
	msg := rest[:msgLen]
	if !utf8.Valid(msg) {
		return fmt.Errorf("error message is not valid UTF-8")
	}
	r.Message, rest = string(msg), rest[msgLen:]
	if len(rest) > 0 {
		return fmt.Errorf("%d trailing bytes after the error message", len(rest))
	}
	return nil
}

// DecodeProfile reads and validates the 4 wire bytes of a profile
// (docs/protocol.md §3.3).
func DecodeProfile(b []byte) ([4]byte, error) {
	var p [4]byte
	copy(p[:], b)
	switch {
	case p[0] != 7 && p[0] != 8:
		return p, fmt.Errorf("profile: unknown rkyv format byte %d (want 7 or 8)", p[0])
	case p[1] != 16 && p[1] != 32 && p[1] != 64:
		return p, fmt.Errorf("profile: pointer width %d (want 16, 32 or 64)", p[1])
	case p[2] > 1:
		return p, fmt.Errorf("profile: endianness byte %d (want 0 for little or 1 for big)", p[2])
	case p[3]&^(ProfileUnaligned|ProfileStrict) != 0:
		return p, fmt.Errorf("profile: flags byte 0x%02x has unknown bits set", p[3])
	case p[3]&ProfileUnaligned != 0 && p[0] != 8:
		return p, fmt.Errorf("profile: unaligned is an rkyv 0.8 format; rkyv 0.7 is always aligned")
	case p[3]&ProfileStrict != 0 && p[0] != 7:
		return p, fmt.Errorf("profile: strict is an rkyv 0.7 feature; rkyv 0.8 structs are always repr(C)")
	}
	return p, nil
}

// ProfileCanon spells a valid profile's wire form as the canonical text
// writes it, e.g. "rkyv0.8 le aligned p32" or "rkyv0.7 be p64 strict":
// the inverse of profileBytes.
func ProfileCanon(p [4]byte) string {
	endian := " le"
	if p[2] == 1 {
		endian = " be"
	}
	width := " p" + strconv.Itoa(int(p[1]))
	if p[0] == 7 {
		mode := " nonstrict"
		if p[3]&ProfileStrict != 0 {
			mode = " strict"
		}
		return "rkyv0.7" + endian + width + mode
	}
	mode := " aligned"
	if p[3]&ProfileUnaligned != 0 {
		mode = " unaligned"
	}
	return "rkyv0.8" + endian + mode + width
}

// DigestMismatchError reports a reply whose canonical text does not hash
// to the digest it claims.
type DigestMismatchError struct {
	Claimed, Computed [32]byte
}

func (e *DigestMismatchError) Error() string {
	return fmt.Sprintf("digest mismatch: the reply claims %s but its canonical text hashes to %s; refusing it", hex.EncodeToString(e.Claimed[:]), hex.EncodeToString(e.Computed[:]))
}

// Verify checks a schema reply's content: the BLAKE3-256 digest of Text
// must be Digest (else a *DigestMismatchError), and Text must be UTF-8 and
// begin with the CFP/1 header "cfp 1", "schema_version N", "profile P"
// whose P is the reply's profile. It does not parse the type definitions.
func (r *Reply) Verify() error {
	if r.Status != StatusOK {
		return fmt.Errorf("not a schema reply (status %d)", r.Status)
	}
	if sum := blake3.Sum256(r.Text); sum != r.Digest {
		return &DigestMismatchError{Claimed: r.Digest, Computed: sum}
	}
	if _, err := DecodeProfile(r.Profile[:]); err != nil {
		return err
	}
	p, err := CheckText(r.Text)
	if err != nil {
		return err
	}
	if want := ProfileCanon(r.Profile); p != want {
		return fmt.Errorf("the reply's profile %q differs from its canonical text's profile %q", want, p)
	}
	return nil
}
