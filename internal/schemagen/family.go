// Package schemagen generates random, deterministic Rust schema files for
// the rkyv layout oracle (testdata/oracle), and reads the oracle's golden
// JSON lines back.
//
// A schema is a self-contained Rust source: `use rkyv::Archive;`, a few std
// `use` lines, optional `const N: usize = ...;` items and 3–10 structs and
// enums that derive only Archive. The generator is tuned per Family (the rkyv
// version and format features the oracle crate is built with), so that every
// generated schema compiles there.
//
// Generation is a pure function of (seed, family): the package has its own
// PRNG (splitmix64) and never uses math/rand, so the output is stable across
// Go releases. Changing the generator changes the golden files; regenerate
// them with `bash testdata/oracle/run.sh regen`.
package schemagen

import "fmt"

// Family is an oracle profile: an rkyv version plus the format features the
// oracle crate is built with. Its string value is used in file names
// (testdata/oracle/golden/<family>.jsonl) and in the JSON records.
type Family string

// The oracle families. The first five are required (they have committed
// golden files with 500 schemas each); the others are optional extras for
// generated schemas. The fixture crates are measured in every family.
const (
	V08          Family = "v08"           // rkyv 0.8 default: little-endian, aligned, pointer_width_32
	V08PW64      Family = "v08_pw64"      // rkyv 0.8 + pointer_width_64
	V08Unaligned Family = "v08_unaligned" // rkyv 0.8 + unaligned
	V07          Family = "v07"           // rkyv 0.7 default: size_32, native endianness, not strict
	V07Strict    Family = "v07_strict"    // rkyv 0.7 + strict (size_32)
	V08PW16      Family = "v08_pw16"      // rkyv 0.8 + pointer_width_16 (optional)
	V08BE        Family = "v08_be"        // rkyv 0.8 + big_endian (optional)
	V07Size64    Family = "v07_size64"    // rkyv 0.7 size_64 (optional)
	// Profiles the fixture crates are also measured in (optional).
	V08PW64Unaligned Family = "v08_pw64_unaligned" // rkyv 0.8 + pointer_width_64 + unaligned
	V07Size16        Family = "v07_size16"         // rkyv 0.7 size_16
	V07BE            Family = "v07_be"             // rkyv 0.7 size_32 + archive_be
)

// RequiredFamilies are the families with committed golden files.
var RequiredFamilies = []Family{V08, V08PW64, V08Unaligned, V07, V07Strict}

// OptionalFamilies can be generated and run but have no committed golden.
var OptionalFamilies = []Family{V08PW16, V08BE, V07Size64, V08PW64Unaligned, V07Size16, V07BE}

// AllFamilies lists every family, required first.
func AllFamilies() []Family {
	return append(append([]Family(nil), RequiredFamilies...), OptionalFamilies...)
}

// ParseFamily checks a family name.
func ParseFamily(s string) (Family, error) {
	for _, f := range AllFamilies() {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("schemagen: unknown family %q (want one of %v)", s, AllFamilies())
}

// Rkyv is the rkyv minor version of the family: "0.7" or "0.8".
func (f Family) Rkyv() string {
	switch f {
	case V07, V07Strict, V07Size64, V07Size16, V07BE:
		return "0.7"
	}
	return "0.8"
}

// Is07 reports whether the family is an rkyv 0.7 family.
func (f Family) Is07() bool { return f.Rkyv() == "0.7" }

// Strict reports the rkyv 0.7 strict feature.
func (f Family) Strict() bool { return f == V07Strict }

// Tuples reports whether tuples are Archive in this family (not under 0.7
// strict).
func (f Family) Tuples() bool { return !f.Strict() }

// Crate is the oracle crate directory (under testdata/oracle) that builds
// this family.
func (f Family) Crate() string {
	if f.Is07() {
		return "rkyv07"
	}
	return "rkyv08"
}

// CargoFeature is the oracle crate's Cargo feature for this family ("" for
// none: the rkyv 0.8 defaults). The oracle crates have no default features.
func (f Family) CargoFeature() string {
	switch f {
	case V07:
		return "size32"
	case V08PW64:
		return "pw64"
	case V08Unaligned:
		return "unaligned"
	case V08PW16:
		return "pw16"
	case V08BE:
		return "be"
	case V07Strict:
		return "strict"
	case V07Size64:
		return "size64"
	case V08PW64Unaligned:
		return "pw64_unaligned"
	case V07Size16:
		return "size16"
	case V07BE:
		return "be"
	}
	return ""
}

// SchemaSeed is the seed of schema number id in a batch generated from
// base. The oracle uses it so that each record can be regenerated alone.
func SchemaSeed(base int64, id int) int64 {
	return base*1_000_003 + int64(id)
}
