package schemaproto

import (
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// decodeProfile reads the 4 wire bytes of a profile (docs/protocol.md,
// "Profile"), validated by package wire, as a rustschema.Profile.
func decodeProfile(b []byte) (rustschema.Profile, error) {
	w, err := wire.DecodeProfile(b)
	if err != nil {
		return rustschema.Profile{}, err
	}
	return profileOf(w), nil
}

// profileOf converts a valid wire profile.
func profileOf(b [4]byte) rustschema.Profile {
	p := rustschema.Profile{Rkyv: "0.8", PointerWidth: int(b[1]), Endian: "little"}
	if b[0] == 7 {
		p.Rkyv = "0.7"
	}
	if b[2] == 1 {
		p.Endian = "big"
	}
	p.Unaligned = b[3]&wire.ProfileUnaligned != 0
	p.Strict = b[3]&wire.ProfileStrict != 0
	return p
}
