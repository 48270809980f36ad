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

// TypeSum is the sum over one type and everything it references.
type TypeSum struct {
	Name   string
	Text   []byte // type text: the type's cycle group and the digests of what it references
	Digest Digest
	Layout Digest // digest of the name-erased type layout text
}

// Canon computes the canonical text, digests and per-type sums of s under
// profile p.
//
// Per-type digests are Merkle-style (docs/fingerprint.md §4): a type's text
// holds the definitions of its strongly connected component (the types
// that reach each other) and only the digests of the types it references
// outside it. This keeps the work linear in the schema size, where writing
// each type's whole closure would be quadratic for long reference chains.
func Canon(s *Schema, p Profile) *Sum {
	defs := defTexts(s)
	header := "cfp 1\nschema_version " + strconv.FormatUint(s.SchemaVersion, 10) + "\nprofile " + p.Canon() + "\n"
	var text strings.Builder
	text.WriteString(header)
	for _, t := range s.Types {
		text.WriteString(defs[t])
	}
	sum := &Sum{Text: []byte(text.String())}
	sum.Digest = blake3.Sum256(sum.Text)
	byDef := make(map[*TypeDef]*TypeSum, len(s.Types))
	sum.Types = make([]TypeSum, len(s.Types))
	for i, t := range s.Types {
		sum.Types[i].Name = t.Name
		byDef[t] = &sum.Types[i]
	}
	layoutHeader := "cfp-layout 1\nprofile " + p.Canon() + "\n"
	for _, scc := range components(s.Types) {
		in := make(map[*TypeDef]bool, len(scc))
		for _, d := range scc {
			in[d] = true
		}
		// References leaving the component; their sums are done because
		// components come after everything they reference.
		var refs []*TypeDef
		seen := map[*TypeDef]bool{}
		for _, d := range scc {
			eachLocal(d, func(r *TypeDef) {
				if !in[r] && !seen[r] {
					seen[r] = true
					refs = append(refs, r)
				}
			})
		}
		sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
		sort.Slice(scc, func(i, j int) bool { return scc[i].Name < scc[j].Name })
		var body strings.Builder
		for _, d := range scc {
			body.WriteString(defs[d])
		}
		for _, r := range refs {
			body.WriteString("ref " + r.Name + " " + byDef[r].Digest.String() + "\n")
		}
		for _, d := range scc {
			ts := byDef[d]
			ts.Text = []byte(header + "root " + d.Name + "\n" + body.String())
			ts.Digest = blake3.Sum256(ts.Text)
			ts.Layout = blake3.Sum256([]byte(layoutHeader + layoutText(d, in, byDef)))
		}
	}
	// The schema's layout digest covers the multiset of its types' layout
	// digests. Sorting them by value (not by type name) keeps it
	// independent of names.
	layouts := make([]string, len(sum.Types))
	for i := range sum.Types {
		layouts[i] = sum.Types[i].Layout.String()
	}
	sort.Strings(layouts)
	var b strings.Builder
	b.WriteString("cfp-layout 1\nschema\n")
	for _, l := range layouts {
		b.WriteString("type " + l + "\n")
	}
	sum.Layout = blake3.Sum256([]byte(b.String()))
	return sum
}

// eachLocal calls f for every local type referenced by d's fields, in
// declaration order, type arguments left to right.
func eachLocal(d *TypeDef, f func(*TypeDef)) {
	var visit func(x *Type)
	visit = func(x *Type) {
		if x.Kind == Local && x.Def != nil {
			f(x.Def)
		}
		for _, a := range x.Args {
			visit(a)
		}
	}
	for _, fl := range d.Fields {
		visit(fl.Type)
	}
	for _, v := range d.Variants {
		for _, fl := range v.Fields {
			visit(fl.Type)
		}
	}
}

// components returns the strongly connected components of the reference
// graph, each after every component it references (Tarjan's algorithm,
// iterative so that long reference chains cannot exhaust the stack).
func components(types []*TypeDef) [][]*TypeDef {
	index := make(map[*TypeDef]int, len(types))
	low := make(map[*TypeDef]int, len(types))
	onStack := make(map[*TypeDef]bool, len(types))
	succ := make(map[*TypeDef][]*TypeDef, len(types))
	for _, t := range types {
		eachLocal(t, func(r *TypeDef) { succ[t] = append(succ[t], r) })
	}
	type frame struct {
		d    *TypeDef
		next int
	}
	var stack []*TypeDef
	var out [][]*TypeDef
	counter := 0
	push := func(d *TypeDef) {
		index[d], low[d] = counter, counter
		counter++
		stack = append(stack, d)
		onStack[d] = true
	}
	for _, root := range types {
		if _, ok := index[root]; ok {
			continue
		}
		push(root)
		call := []frame{{d: root}}
		for len(call) > 0 {
			top := &call[len(call)-1]
			if top.next < len(succ[top.d]) {
				w := succ[top.d][top.next]
				top.next++
				if _, ok := index[w]; !ok {
					push(w)
					call = append(call, frame{d: w})
				} else if onStack[w] && index[w] < low[top.d] {
					low[top.d] = index[w]
				}
				continue
			}
			v := top.d
			call = call[:len(call)-1]
			if len(call) > 0 {
				if parent := call[len(call)-1].d; low[v] < low[parent] {
					low[parent] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			var scc []*TypeDef
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == v {
					break
				}
			}
			out = append(out, scc)
		}
	}
	return out
}

func canonText(s *Schema, p Profile) []byte { return Canon(s, p).Text }

// defTexts writes every definition of s once, for the schema text and the
// type texts to share.
func defTexts(s *Schema) map[*TypeDef]string {
	m := make(map[*TypeDef]string, len(s.Types))
	var b strings.Builder
	for _, t := range s.Types {
		b.Reset()
		writeDef(&b, t, nil, true)
		m[t] = b.String()
	}
	return m
}

// writeDef writes one type definition. With names false, type, field and
// variant names are left out. local, when not nil, names local types.
func writeDef(b *strings.Builder, t *TypeDef, local func(*Type) string, names bool) {
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
			f.Type.write(b, local)
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

// layoutText writes the name-erased definitions of root's component.
// Members are numbered in the order a depth-first walk from root first
// reaches them (fields in declaration order, type arguments left to right),
// so the numbering does not depend on names; types outside the component are
// written as "@" and their layout digest.
func layoutText(root *TypeDef, in map[*TypeDef]bool, sums map[*TypeDef]*TypeSum) string {
	index := map[*TypeDef]int{}
	var order []*TypeDef
	var visit func(d *TypeDef)
	visit = func(d *TypeDef) {
		index[d] = len(order)
		order = append(order, d)
		eachLocal(d, func(r *TypeDef) {
			if _, ok := index[r]; !ok && in[r] {
				visit(r)
			}
		})
	}
	visit(root)
	erase := func(x *Type) string {
		if in[x.Def] {
			return "#" + strconv.Itoa(index[x.Def])
		}
		return "@" + sums[x.Def].Layout.String()
	}
	var b strings.Builder
	for i, d := range order {
		b.WriteString("#" + strconv.Itoa(i) + " ")
		writeDef(&b, d, erase, false)
	}
	return b.String()
}
