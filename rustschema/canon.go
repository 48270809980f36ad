package rustschema

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/zeebo/blake3"
)

// This file implements CFP/1, the canonical form and fingerprint of a
// schema. docs/fingerprint.md is its normative specification; keep the two
// in step, and add a conformance vector under testdata/cfp1 for every rule.

// Digest is the 32-byte BLAKE3 digest of a canonical text.
type Digest [32]byte

// String returns the digest as 64 lowercase hex digits.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Fingerprint returns the first 8 bytes of the digest.
func (d Digest) Fingerprint() Fingerprint {
	var f Fingerprint
	copy(f[:], d[:8])
	return f
}

// Fingerprint is the 8-byte prefix of a Digest: the value that travels in
// constants, handshakes and diagnostics.
type Fingerprint [8]byte

// String returns the fingerprint as 16 lowercase hex digits, in byte order.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }

// ParseFingerprint reads 16 hex digits (an optional 0x prefix is allowed).
func ParseFingerprint(s string) (Fingerprint, error) {
	var f Fingerprint
	t := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(t) != 16 {
		return f, fmt.Errorf("fingerprint %q: want 16 hex digits, found %d", s, len(t))
	}
	if _, err := hex.Decode(f[:], []byte(t)); err != nil {
		return f, fmt.Errorf("fingerprint %q: %v", s, err)
	}
	return f, nil
}

// Sum is the result of canonicalizing a schema under a profile.
type Sum struct {
	// Text is the canonical text; Digest is its BLAKE3 digest.
	Text   []byte
	Digest Digest
	// Layout is the digest of the name-erased layout text: it stays the
	// same when only names change.
	Layout Digest
	// Types holds a per-type sum for every type of the schema, in the
	// schema's (sorted) order.
	Types []TypeSum
}

// Fingerprint returns the schema fingerprint.
func (s *Sum) Fingerprint() Fingerprint { return s.Digest.Fingerprint() }

// TypeSum is the sum over one type's closure: the type and every local
// type it reaches.
type TypeSum struct {
	Name   string
	Text   []byte // canonical text of the closure, with a root line
	Digest Digest
	Layout Digest // digest of the closure's name-erased layout text
}

// Canon computes the canonical text, digests and per-type sums of s under
// profile p.
func Canon(s *Schema, p Profile) *Sum {
	sum := &Sum{Text: canonText(s, p, "", s.Types)}
	sum.Digest = blake3.Sum256(sum.Text)
	layouts := make([]string, 0, len(s.Types))
	for _, t := range s.Types {
		closure := Closure(t)
		ts := TypeSum{Name: t.Name, Text: canonText(s, p, t.Name, closure)}
		ts.Digest = blake3.Sum256(ts.Text)
		ts.Layout = blake3.Sum256(layoutText(p, t))
		sum.Types = append(sum.Types, ts)
		layouts = append(layouts, ts.Layout.String())
	}
	// The schema's layout digest covers the multiset of its types' layout
	// digests. Sorting them by value (not by type name) keeps it
	// independent of names.
	sort.Strings(layouts)
	var b strings.Builder
	b.WriteString("cfp-layout 1\nschema\n")
	for _, l := range layouts {
		b.WriteString("type " + l + "\n")
	}
	sum.Layout = blake3.Sum256([]byte(b.String()))
	return sum
}

// Closure returns t and every local type reachable from its fields, sorted
// by name.
func Closure(t *TypeDef) []*TypeDef {
	seen := map[*TypeDef]bool{}
	var out []*TypeDef
	var visitDef func(d *TypeDef)
	var visitType func(x *Type)
	visitType = func(x *Type) {
		if x.Kind == Local && x.Def != nil {
			visitDef(x.Def)
		}
		for _, a := range x.Args {
			visitType(a)
		}
	}
	visitDef = func(d *TypeDef) {
		if seen[d] {
			return
		}
		seen[d] = true
		out = append(out, d)
		for _, f := range d.Fields {
			visitType(f.Type)
		}
		for _, v := range d.Variants {
			for _, f := range v.Fields {
				visitType(f.Type)
			}
		}
	}
	visitDef(t)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func canonText(s *Schema, p Profile, root string, types []*TypeDef) []byte {
	var b strings.Builder
	b.WriteString("cfp 1\n")
	b.WriteString("schema_version " + strconv.FormatUint(s.SchemaVersion, 10) + "\n")
	b.WriteString("profile " + p.Canon() + "\n")
	if root != "" {
		b.WriteString("root " + root + "\n")
	}
	for _, t := range types {
		writeDef(&b, t, func(x *Type) string { return x.String() }, true)
	}
	return []byte(b.String())
}

// writeDef writes one type definition. With names false, type, field and
// variant names are left out and local types are written by typeString.
func writeDef(b *strings.Builder, t *TypeDef, typeString func(*Type) string, names bool) {
	b.WriteString(t.Kind.String())
	if names {
		b.WriteString(" " + t.Name)
	}
	if t.Kind == Struct && names {
		b.WriteString(" " + t.Shape.String())
	}
	if names {
		b.WriteString(" repr=" + t.Repr.String())
	}
	b.WriteString(" archived=" + t.ArchivedRepr.String())
	if t.As != "" {
		b.WriteString(" as=" + t.As)
	}
	b.WriteByte('\n')
	writeFields := func(fields []*Field) {
		for _, f := range fields {
			b.WriteString("field ")
			if names {
				b.WriteString(f.Name + " ")
			}
			b.WriteString(typeString(f.Type))
			for _, w := range f.With {
				b.WriteString(" with=" + w)
			}
			b.WriteByte('\n')
		}
	}
	writeFields(t.Fields)
	for _, v := range t.Variants {
		b.WriteString("variant ")
		if names {
			b.WriteString(v.Name + " " + v.Shape.String() + " ")
		}
		b.WriteString("disc=" + strconv.FormatInt(v.Disc, 10) + "\n")
		writeFields(v.Fields)
	}
	b.WriteString("end\n")
}

// layoutText writes the name-erased layout text of t's closure. Local types
// are numbered in the order a depth-first walk from t first reaches them
// (fields in declaration order), so the numbering does not depend on names.
func layoutText(p Profile, root *TypeDef) []byte {
	index := map[*TypeDef]int{}
	var order []*TypeDef
	var visitDef func(d *TypeDef)
	var visitType func(x *Type)
	visitType = func(x *Type) {
		if x.Kind == Local && x.Def != nil {
			visitDef(x.Def)
		}
		for _, a := range x.Args {
			visitType(a)
		}
	}
	visitDef = func(d *TypeDef) {
		if _, ok := index[d]; ok {
			return
		}
		index[d] = len(order)
		order = append(order, d)
		for _, f := range d.Fields {
			visitType(f.Type)
		}
		for _, v := range d.Variants {
			for _, f := range v.Fields {
				visitType(f.Type)
			}
		}
	}
	visitDef(root)
	erase := func(x *Type) string { return erasedType(x, index) }
	var b strings.Builder
	b.WriteString("cfp-layout 1\nprofile " + p.Canon() + "\n")
	for i, d := range order {
		b.WriteString("#" + strconv.Itoa(i) + " ")
		writeDef(&b, d, erase, false)
	}
	return []byte(b.String())
}

// erasedType writes x like Type.String but names local types by their
// closure index.
func erasedType(x *Type, index map[*TypeDef]int) string {
	if !hasLocal(x) {
		return x.String()
	}
	if x.Kind == Local {
		return "#" + strconv.Itoa(index[x.Def])
	}
	// Rebuild with the local names replaced; a shallow copy keeps
	// Type.String the single writer of the type grammar.
	c := *x
	c.Args = make([]*Type, len(x.Args))
	for i, a := range x.Args {
		c.Args[i] = &Type{Kind: Local, Name: erasedType(a, index)}
	}
	return c.String()
}

func hasLocal(x *Type) bool {
	if x.Kind == Local {
		return true
	}
	for _, a := range x.Args {
		if hasLocal(a) {
			return true
		}
	}
	return false
}
