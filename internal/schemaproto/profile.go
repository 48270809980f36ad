package schemaproto

import (
	"fmt"

	"github.com/cellvet/cellvet/rustschema"
)

// Profile is the rkyv format profile of a schema (docs/fingerprint.md §3).
type Profile = rustschema.Profile

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

// Digest is the BLAKE3-256 digest of a canonical text.
type Digest = rustschema.Digest
