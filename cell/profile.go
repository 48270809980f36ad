package cell

import (
	"fmt"
	"strings"
)

// format is a profile's archive format, as far as the runtime cares: the
// two carried profiles differ only in the string's inline form (enum tag
// values are the Go type's, which the vet pass checks against the profile).
type format uint8

const (
	format08 format = iota // rkyv0.8 le aligned p32 (the default, the zero value)
	format07               // rkyv0.7 le p32, strict or nonstrict
)

// ProfileError reports a profile whose archives the runtime does not carry,
// or a malformed profile text.
type ProfileError struct {
	Profile string // as given, e.g. "rkyv0.8 le aligned p64"
	Reason  string
}

func (e *ProfileError) Error() string {
	return fmt.Sprintf("profile %q: %s; the runtime carries rkyv0.8 le aligned p32 and rkyv0.7 le p32 (strict or nonstrict)", e.Profile, e.Reason)
}

// profileFormat returns the format of a profile as the canonical text's
// third line writes it (rustschema's Profile.Canon: "rkyv0.8 le aligned
// p32", "rkyv0.7 le p32 nonstrict", ...), or a *ProfileError for a profile
// the runtime does not carry (p16, p64, be, unaligned) or a malformed one.
func profileFormat(profile string) (format, error) {
	w := strings.Split(profile, " ")
	fail := func(msg string, args ...any) (format, error) {
		return 0, &ProfileError{Profile: profile, Reason: fmt.Sprintf(msg, args...)}
	}
	var f format
	var width, order string
	switch {
	case len(w) == 4 && w[0] == "rkyv0.8" && (w[2] == "aligned" || w[2] == "unaligned"):
		f, width, order = format08, w[3], w[1]
		if w[2] == "unaligned" && validProfileWords(w[1], w[3]) {
			return fail("unaligned archives (align 1 everywhere) have layouts Go types cannot mirror")
		}
	case len(w) == 4 && w[0] == "rkyv0.7" && (w[3] == "strict" || w[3] == "nonstrict"):
		f, width, order = format07, w[2], w[1]
	default:
		return fail("malformed (want \"rkyv0.8 <le|be> <aligned|unaligned> p<16|32|64>\" or \"rkyv0.7 <le|be> p<16|32|64> <strict|nonstrict>\")")
	}
	if !validProfileWords(order, width) {
		return fail("malformed endianness %q or pointer width %q", order, width)
	}
	if order == "be" {
		return fail("big-endian archives are not carried (hosts are little-endian)")
	}
	if width != "p32" {
		return fail("pointer width %s is not carried (the view types have 32-bit offsets and lengths)", strings.TrimPrefix(width, "p"))
	}
	return f, nil
}

func validProfileWords(order, width string) bool {
	return (order == "le" || order == "be") && (width == "p16" || width == "p32" || width == "p64")
}
