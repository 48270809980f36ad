package schemaproto

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Profile is an rkyv format profile. It mirrors rustschema.Profile field for
// field, so that the two convert into each other (rustschema.Profile(p)),
// without this package (which the Go runtime will import) depending on the
// schema parser. Canon and Validate follow docs/fingerprint.md §3.
type Profile struct {
	Rkyv         string // "0.7" or "0.8"
	PointerWidth int    // 16, 32 or 64
	Endian       string // "little" or "big"
	Unaligned    bool   // 0.8 only
	Strict       bool   // 0.7 only
}

// Validate reports a profile rkyv cannot build.
func (p Profile) Validate() error {
	switch p.Rkyv {
	case "0.7", "0.8":
	default:
		return fmt.Errorf("unsupported rkyv version %q (want 0.7 or 0.8)", p.Rkyv)
	}
	switch p.PointerWidth {
	case 16, 32, 64:
	default:
		return fmt.Errorf("unsupported pointer width %d (want 16, 32 or 64)", p.PointerWidth)
	}
	switch p.Endian {
	case "little", "big":
	default:
		return fmt.Errorf("unsupported endianness %q (want little or big)", p.Endian)
	}
	if p.Unaligned && p.Rkyv != "0.8" {
		return fmt.Errorf("unaligned is an rkyv 0.8 format; rkyv %s is always aligned", p.Rkyv)
	}
	if p.Strict && p.Rkyv != "0.7" {
		return fmt.Errorf("strict is an rkyv 0.7 feature; rkyv 0.8 structs are always repr(C)")
	}
	return nil
}

// Canon writes the profile as it appears in the canonical text (CFP/1 §3),
// e.g. "rkyv0.8 le aligned p32" or "rkyv0.7 le p32 strict".
func (p Profile) Canon() string {
	var b strings.Builder
	b.WriteString("rkyv" + p.Rkyv)
	if p.Endian == "big" {
		b.WriteString(" be")
	} else {
		b.WriteString(" le")
	}
	if p.Rkyv == "0.8" {
		if p.Unaligned {
			b.WriteString(" unaligned")
		} else {
			b.WriteString(" aligned")
		}
	}
	fmt.Fprintf(&b, " p%d", p.PointerWidth)
	if p.Rkyv == "0.7" {
		if p.Strict {
			b.WriteString(" strict")
		} else {
			b.WriteString(" nonstrict")
		}
	}
	return b.String()
}

// Profile bytes on the wire (docs/protocol.md, "Profile").
const (
	profileUnaligned = 1 << 0
	profileStrict    = 1 << 1
)

// appendProfile appends the 4 wire bytes of a valid profile.
func appendProfile(dst []byte, p Profile) []byte {
	var ver, end, flags byte
	if p.Rkyv == "0.7" {
		ver = 7
	} else {
		ver = 8
	}
	if p.Endian == "big" {
		end = 1
	}
	if p.Unaligned {
		flags |= profileUnaligned
	}
	if p.Strict {
		flags |= profileStrict
	}
	return append(dst, ver, byte(p.PointerWidth), end, flags)
}

// decodeProfile reads the 4 wire bytes of a profile and validates them.
func decodeProfile(b []byte) (Profile, error) {
	var p Profile
	switch b[0] {
	case 7:
		p.Rkyv = "0.7"
	case 8:
		p.Rkyv = "0.8"
	default:
		return p, fmt.Errorf("profile: unknown rkyv format byte %d (want 7 or 8)", b[0])
	}
	switch b[1] {
	case 16, 32, 64:
		p.PointerWidth = int(b[1])
	default:
		return p, fmt.Errorf("profile: pointer width %d (want 16, 32 or 64)", b[1])
	}
	switch b[2] {
	case 0:
		p.Endian = "little"
	case 1:
		p.Endian = "big"
	default:
		return p, fmt.Errorf("profile: endianness byte %d (want 0 for little or 1 for big)", b[2])
	}
	if b[3]&^(profileUnaligned|profileStrict) != 0 {
		return p, fmt.Errorf("profile: flags byte 0x%02x has unknown bits set", b[3])
	}
	p.Unaligned = b[3]&profileUnaligned != 0
	p.Strict = b[3]&profileStrict != 0
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("profile: %v", err)
	}
	return p, nil
}

// Digest is the BLAKE3-256 digest of a canonical text. It converts to and
// from rustschema.Digest.
type Digest [32]byte

// String returns the digest as 64 lowercase hex digits.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Fingerprint returns the first 8 bytes of the digest as 16 lowercase hex
// digits (the CFP/1 fingerprint as "cellvet fp" prints it).
func (d Digest) Fingerprint() string { return hex.EncodeToString(d[:8]) }
