package schemaproto

import (
	"fmt"

	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// decodeProfile reads the 4 wire bytes of a profile (docs/protocol.md,
// "Profile") and validates them.
func decodeProfile(b []byte) (rustschema.Profile, error) {
	var p rustschema.Profile
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
	if b[3]&^(wire.ProfileUnaligned|wire.ProfileStrict) != 0 {
		return p, fmt.Errorf("profile: flags byte 0x%02x has unknown bits set", b[3])
	}
	p.Unaligned = b[3]&wire.ProfileUnaligned != 0
	p.Strict = b[3]&wire.ProfileStrict != 0
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("profile: %v", err)
	}
	return p, nil
}
