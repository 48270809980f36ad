// Package celltag reads the `cell:"NAME,OPTION,..."` struct tag of a Go
// field bound to a Rust one. The runtime (package cell) and the vet pass
// read it with this one parser, so that the vet pass reports every tag
// the runtime would refuse.
//
// NAME is the Rust field's or variant's name, possibly empty. The options
// are "tag" (the tag field of a variant struct), "tag=N" (the tag value of
// a field of a cell.Enum's variants struct, N below 2^32), "decl=N" (the
// field's index in the Rust declaration, N below 2^16) and "enum=SET" (the
// field holds a fieldless enum's tag, valid when in SET: numbers and
// inclusive ranges A-B below 2^32 joined by "|", e.g. "0-2" or "3|7");
// each at most once.
package celltag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Tag is a parsed cell tag.
type Tag struct {
	Name  string // the Rust name; "" when not given
	IsTag bool   // the option "tag"
	Tag   int64  // tag=N; -1 without
	Decl  int64  // decl=N; -1 without
	Enum  Set    // enum=SET; nil without
}

// Range is the tags Lo to Hi, both included.
type Range struct{ Lo, Hi uint32 }

// Set is the valid tags of a fieldless enum.
type Set []Range

// Has reports whether v is in s.
func (s Set) Has(v uint32) bool {
	for _, r := range s {
		if r.Lo <= v && v <= r.Hi {
			return true
		}
	}
	return false
}

// String returns s as the enum option writes it.
func (s Set) String() string {
	parts := make([]string, len(s))
	for i, r := range s {
		parts[i] = strconv.FormatUint(uint64(r.Lo), 10)
		if r.Hi != r.Lo {
			parts[i] += "-" + strconv.FormatUint(uint64(r.Hi), 10)
		}
	}
	return strings.Join(parts, "|")
}

// SetOf returns the set holding exactly tags, as ranges, smallest first.
func SetOf(tags []uint32) Set {
	var s Set
	for _, t := range tags {
		s = append(s, Range{t, t})
	}
	return s.canonical()
}

// Equal reports whether s and t hold the same tags, however written.
func (s Set) Equal(t Set) bool { return slices.Equal(s.canonical(), t.canonical()) }

// canonical returns s sorted, its overlapping and adjacent ranges merged.
func (s Set) canonical() Set {
	sorted := slices.SortedFunc(slices.Values(s), func(a, b Range) int { return cmp.Compare(a.Lo, b.Lo) })
	var out Set
	for _, r := range sorted {
		if n := len(out); n > 0 && uint64(r.Lo) <= uint64(out[n-1].Hi)+1 {
			out[n-1].Hi = max(out[n-1].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// parseSet parses the SET of enum=SET; ok is false when it does not parse.
func parseSet(text string) (s Set, ok bool) {
	for item := range strings.SplitSeq(text, "|") {
		lo, hi, isRange := strings.Cut(item, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 10, 32)
		b, err2 := strconv.ParseUint(hi, 10, 32)
		if err1 != nil || err2 != nil || a > b {
			return nil, false
		}
		s = append(s, Range{uint32(a), uint32(b)})
	}
	return s, true
}

// Problem is what is wrong with a tag.
type Problem int

const (
	BadNumber Problem = iota + 1 // key=N whose N (or SET) does not parse or is too large
	Twice                        // an option given twice
	Unknown                      // an option the grammar does not have
)

// Error is a tag the grammar refuses.
type Error struct {
	Value   string // the tag's value, as written
	Problem Problem
	Option  string // the whole option, e.g. "decl=one"
	Key     string // its key, e.g. "decl"
	Num     string // the text after "=", for BadNumber
}

func (e *Error) Error() string {
	switch e.Problem {
	case BadNumber:
		switch e.Key {
		case "enum":
			return fmt.Sprintf("bad tag set %q in struct tag %q (enum=SET takes the tags of a fieldless enum's variants: decimal numbers and ranges A-B below 2^32, joined by |, e.g. enum=0-2)", e.Num, e.Value)
		case "tag":
			return fmt.Sprintf("bad variant tag %q in struct tag %q (tag=N takes a decimal number below 2^32)", e.Num, e.Value)
		}
		return fmt.Sprintf("bad declaration index %q in struct tag %q (decl=N takes a decimal number, the field's index in the Rust struct from 0)", e.Num, e.Value)
	case Twice:
		return fmt.Sprintf("option %s given twice in struct tag %q", e.Key, e.Value)
	}
	return fmt.Sprintf("unknown option %q in struct tag %q (the runtime knows tag, tag=N, decl=N and enum=SET)", e.Option, e.Value)
}

// Split returns the name and the non-empty options of a tag's value.
func Split(value string) (name string, opts []string) {
	name, rest, _ := strings.Cut(value, ",")
	for o := range strings.SplitSeq(rest, ",") {
		if o != "" {
			opts = append(opts, o)
		}
	}
	return name, opts
}

// Parse parses a tag's value (what reflect.StructTag.Lookup("cell")
// returns).
func Parse(value string) (Tag, error) {
	t := Tag{Tag: -1, Decl: -1}
	name, opts := Split(value)
	t.Name = name
	for _, opt := range opts {
		key, num, hasNum := strings.Cut(opt, "=")
		var dst *int64
		var bits int
		switch {
		case opt == "tag" && !t.IsTag:
			t.IsTag = true
			continue
		case key == "tag" && hasNum:
			dst, bits = &t.Tag, 32
		case key == "decl" && hasNum:
			dst, bits = &t.Decl, 16
		case key == "enum" && hasNum && t.Enum != nil:
			return t, &Error{Value: value, Problem: Twice, Option: opt, Key: key}
		case key == "enum" && hasNum:
			set, ok := parseSet(num)
			if !ok {
				return t, &Error{Value: value, Problem: BadNumber, Option: opt, Key: key, Num: num}
			}
			t.Enum = set
			continue
		case opt == "tag":
			return t, &Error{Value: value, Problem: Twice, Option: opt, Key: key}
		default:
			return t, &Error{Value: value, Problem: Unknown, Option: opt, Key: key}
		}
		if *dst >= 0 {
			return t, &Error{Value: value, Problem: Twice, Option: opt, Key: key}
		}
		n, err := strconv.ParseUint(num, 10, bits)
		if err != nil {
			return t, &Error{Value: value, Problem: BadNumber, Option: opt, Key: key, Num: num}
		}
		*dst = int64(n)
	}
	return t, nil
}

// Misplaced returns why the options of t, the tag of a field of struct
// typ (a struct the runtime walks field by field, not a cell.Enum's
// variants struct), do not belong there, or "" when they do: tag=N is a
// variant's tag, and a _ field (padding) is no Rust field, so it has no
// declaration index. The runtime refuses such a field (a *TypeError) and
// the vet pass reports it, both with this text.
func (t Tag) Misplaced(typ string, padding bool) string {
	switch {
	case t.Tag >= 0:
		return fmt.Sprintf("tag=N is for the fields of a cell.Enum's variants struct, not for a field of %s", typ)
	case padding && (t.Decl >= 0 || t.Enum != nil):
		return fmt.Sprintf("a _ field of %s is padding, not a Rust field: it takes no decl=N or enum=SET", typ)
	}
	return ""
}
