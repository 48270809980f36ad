package rustschema

import (
	"fmt"
	"strings"
)

// Profile is an rkyv format profile: everything besides the schema that
// changes archived bytes or layouts.
type Profile struct {
	Rkyv         string // "0.7" or "0.8"
	PointerWidth int    // 16, 32 or 64 (0.7: size_16/32/64)
	Endian       string // "little" or "big"; for 0.7, little is the native format of a little-endian host and big is archive_be
	Unaligned    bool   // 0.8 only: the unaligned feature
	Strict       bool   // 0.7 only: the strict feature
}

// DefaultProfile is rkyv 0.8's default format: little-endian, aligned,
// 32-bit relative pointers.
func DefaultProfile() Profile {
	return Profile{Rkyv: "0.8", PointerWidth: 32, Endian: "little"}
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

// Canon writes the profile as it appears in the canonical text, e.g.
// "rkyv0.8 le aligned p32" or "rkyv0.7 le p32 strict".
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
