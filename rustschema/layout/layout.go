// Package layout computes the archived memory layout of the types of a
// resolved schema under an rkyv format profile: size and alignment of every
// archived type, the offset of every field and the tag of every enum
// variant.
//
// rkyv 0.8 archived types are repr(C) (enums repr(u8)), so their layouts
// follow from the C layout rules alone. rkyv 0.7 archived structs and tuples
// are repr(Rust) unless the strict feature or #[archive_attr(repr(C))] is
// used; their field order is decided by rustc. This package re-implements
// rustc's ordering algorithm (see rustc.go) and marks such layouts
// Predicted: they match rustc 1.95 on x86_64, which is not a language
// guarantee. See docs/layout.md for the rules, their sources and the host
// assumption for rkyv 0.7.
package layout

import (
	"fmt"

	"github.com/cellvet/cellvet/rustschema"
)

// Layouts holds the archived layout of every type of a schema under one
// profile. Like most Go values it is not safe for concurrent use: Of works
// in the engine's memo and scratch space, so concurrent callers of Of
// must hold a lock of their own.
type Layouts struct {
	Profile rustschema.Profile
	// Types is in the order of Schema.Types (sorted by name).
	Types []*Type

	eng *engine
}

// Type is the archived layout of one struct or enum.
type Type struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // "struct" or "enum"
	Size  uint64 `json:"size"`
	Align uint64 `json:"align"`
	// Predicted reports that rkyv 0.7 repr(Rust) field ordering is
	// involved somewhere in this type's layout (its own fields, or a tuple
	// or type it holds by value): the layout is rustc's current choice,
	// predicted, not guaranteed.
	Predicted bool `json:"predicted"`
	// Fields are the fields of a struct in declaration order (tuple
	// fields are named "0", "1", ...).
	Fields []Field `json:"fields,omitempty"`
	// Tag is the integer type of an enum's archived tag: "u8", "u16", ...
	// (rkyv 0.7 #[archive_attr(repr(i8))] gives a signed one).
	Tag      string    `json:"tag,omitempty"`
	Variants []Variant `json:"variants,omitempty"`
}

// Field is a field of a struct or enum variant.
type Field struct {
	Name string `json:"name"`
	// Type is the field's Rust type in canonical form
	// (rustschema.Type.String).
	Type string `json:"type"`
	// Offset is from the start of the struct, or for a variant field from
	// the start of the enum (the tag is at offset 0).
	Offset uint64 `json:"offset"`
	// Size and Align are those of the field's archived type (in a packed
	// struct the field itself may sit less aligned).
	Size  uint64 `json:"size"`
	Align uint64 `json:"align"`
}

// Variant is an enum variant: its archived tag value and its fields.
type Variant struct {
	Name   string  `json:"name"`
	Tag    uint64  `json:"tag"`
	Fields []Field `json:"fields"`
}

// Compute lays out every type of s under profile p. Every error is a
// *rustschema.Error positioned in the schema file; the first one (in the
// order of s.Types) is returned and no layouts.
func Compute(s *rustschema.Schema, p rustschema.Profile) (*Layouts, error) {
	l, err := Lazy(s, p)
	if err != nil {
		return nil, err
	}
	l.Types = make([]*Type, 0, len(s.Types))
	for _, d := range s.Types {
		st := l.eng.def(d, d.Pos)
		if st.err != nil {
			return nil, st.err
		}
		l.Types = append(l.Types, st.out)
	}
	return l, nil
}

// Lazy returns Layouts for s under p whose Types is empty: Of lays out
// what it is asked for, and what that holds, and nothing else. The vet
// pass checks a few types of a schema per package.
func Lazy(s *rustschema.Schema, p rustschema.Profile) (*Layouts, error) {
	if s == nil {
		return nil, &rustschema.Error{Msg: "layout: no schema"}
	}
	if err := p.Validate(); err != nil {
		return nil, &rustschema.Error{Pos: rustschema.Pos{File: s.File}, Msg: err.Error()}
	}
	return &Layouts{Profile: p, eng: newEngine(p, len(s.Types))}, nil
}

// Of returns the archived size and alignment of a resolved type expression
// of the schema l was computed from (or of any type built from std types
// only).
func (l *Layouts) Of(t *rustschema.Type) (size, align uint64, err error) {
	if l == nil || l.eng == nil {
		return 0, 0, fmt.Errorf("layout: Of called on Layouts not made by Compute or Lazy")
	}
	if t == nil {
		return 0, 0, fmt.Errorf("layout: Of called with a nil type")
	}
	r, rerr := l.eng.typ(t, t.Pos)
	if rerr != nil {
		return 0, 0, rerr
	}
	return r.Size, r.Align, nil
}
