package rustschema

import (
	"bytes"
	"encoding/hex"
	"slices"
	"sort"
	"strconv"

	"github.com/cellvet/cellvet/internal/blake3"
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
//
// s must be resolved, as Parse and ParseCanonical return it: every type
// once, and every local reference pointing at a type of s.Types. Canon
// panics on any other schema, which no input file can produce.
func Canon(s *Schema, p Profile) *Sum {
	index, ok := resolvedIndex(s)
	if !ok {
		panic("rustschema.Canon: the schema is not resolved (a nil or repeated type, or a reference to a type outside s.Types); build schemas with Parse or ParseCanonical")
	}
	n := len(s.Types)
	w := &canonWriter{
		s:            s,
		index:        index,
		header:       canonHeader(s, p),
		layoutHeader: "cfp-layout 1\nprofile " + p.Canon() + "\n",
		digestHex:    make([]string, n),
		layoutHex:    make([]string, n),
		comp:         make([]int, n),
		mark:         make([]int, n),
	}
	w.text, w.ends = canonText(s, p)
	sum := &Sum{Text: w.text, Digest: blake3.Sum256(w.text), Types: make([]TypeSum, n)}
	for c, scc := range components(s.Types, index) {
		w.component(c+1, scc, sum.Types)
	}
	sum.Layout = schemaLayout(w.layoutHex)
	return sum
}

func canonHeader(s *Schema, p Profile) string {
	return "cfp 1\nschema_version " + strconv.FormatUint(s.SchemaVersion, 10) + "\nprofile " + p.Canon() + "\n"
}

// canonText writes the canonical text of s (§2): the header, then every
// definition, once. Definition i is text[ends[i]:ends[i+1]], which the
// type texts of Canon reuse.
func canonText(s *Schema, p Profile) (text []byte, ends []int) {
	header := canonHeader(s, p)
	var all bytes.Buffer
	all.Grow(len(header) + 96*len(s.Types))
	all.WriteString(header)
	ends = make([]int, len(s.Types)+1)
	ends[0] = all.Len()
	for i, t := range s.Types {
		writeDef(&all, t, nil, true)
		ends[i+1] = all.Len()
	}
	return all.Bytes(), ends
}

// resolvedIndex returns the index of each type of s, and whether s is a
// schema Canon can write: every type once, every type expression well
// formed (the writers visit what it holds), every local reference to a
// type of s.Types.
func resolvedIndex(s *Schema) (map[*TypeDef]int, bool) {
	index := make(map[*TypeDef]int, len(s.Types))
	for i, t := range s.Types {
		if _, dup := index[t]; t == nil || dup {
			return nil, false
		}
		index[t] = i
	}
	var typeOK func(x *Type) bool
	typeOK = func(x *Type) bool {
		if x == nil {
			return false
		}
		switch x.Kind {
		case Local:
			_, in := index[x.Def]
			return in && len(x.Args) == 0
		case Prim, UnitType, Str:
			return len(x.Args) == 0
		case Array, Slice:
			if len(x.Args) != 1 {
				return false
			}
		}
		for _, a := range x.Args {
			if !typeOK(a) {
				return false
			}
		}
		return true
	}
	fieldsOK := func(fs []*Field) bool {
		for _, f := range fs {
			if f == nil || !typeOK(f.Type) {
				return false
			}
		}
		return true
	}
	for _, t := range s.Types {
		if !fieldsOK(t.Fields) {
			return nil, false
		}
		for _, v := range t.Variants {
			if v == nil || !fieldsOK(v.Fields) {
				return nil, false
			}
		}
	}
	return index, true
}

// canonWriter computes the per-type sums (§4, §5), one component at a
// time, each after every component it references.
type canonWriter struct {
	s                    *Schema
	index                map[*TypeDef]int
	header, layoutHeader string
	text                 []byte // the canonical text: definition i is text[ends[i]:ends[i+1]]
	ends                 []int
	digestHex            []string // type digests of the types written so far
	layoutHex            []string // type layout digests of the components written so far
	comp                 []int    // component number of each type, once assigned
	mark                 []int    // component that last listed a type as a reference
	buf, body, lbuf      bytes.Buffer
}

func (w *canonWriter) def(i int) []byte { return w.text[w.ends[i]:w.ends[i+1]] }

// component writes the sums of the members of component c into sums.
func (w *canonWriter) component(c int, scc []*TypeDef, sums []TypeSum) {
	for _, d := range scc {
		w.comp[w.index[d]] = c
	}
	inComp := func(d *TypeDef) bool { return w.comp[w.index[d]] == c }
	// References leaving the component; their sums are done because
	// components come after everything they reference.
	var refs []int
	for _, d := range scc {
		eachLocal(d, func(r *TypeDef) {
			if i := w.index[r]; !inComp(r) && w.mark[i] != c {
				w.mark[i] = c
				refs = append(refs, i)
			}
		})
	}
	sort.Ints(refs) // s.Types is sorted by name, so indices sort by name
	if len(scc) > 1 {
		sort.Slice(scc, func(i, j int) bool { return scc[i].Name < scc[j].Name })
	}
	w.body.Reset()
	for _, d := range scc {
		w.body.Write(w.def(w.index[d]))
	}
	for _, r := range refs {
		w.body.WriteString("ref ")
		w.body.WriteString(w.s.Types[r].Name)
		w.body.WriteByte(' ')
		w.body.WriteString(w.digestHex[r])
		w.body.WriteByte('\n')
	}
	for _, d := range scc {
		i := w.index[d]
		ts := &sums[i]
		ts.Name = d.Name
		w.buf.Reset()
		w.buf.WriteString(w.header)
		w.buf.WriteString("root ")
		w.buf.WriteString(d.Name)
		w.buf.WriteByte('\n')
		w.buf.Write(w.body.Bytes())
		ts.Text = bytes.Clone(w.buf.Bytes())
		ts.Digest = blake3.Sum256(ts.Text)
		w.digestHex[i] = ts.Digest.String()
		w.lbuf.Reset()
		w.lbuf.WriteString(w.layoutHeader)
		writeLayout(&w.lbuf, d, inComp, func(r *TypeDef) string { return w.layoutHex[w.index[r]] })
		ts.Layout = blake3.Sum256(w.lbuf.Bytes())
	}
	// Layout digests are set only after the whole component is written:
	// members refer to each other by number, not by digest.
	for _, d := range scc {
		i := w.index[d]
		w.layoutHex[i] = sums[i].Layout.String()
	}
}

// schemaLayout returns the schema's layout digest: it covers the multiset
// of its types' layout digests. Sorting them by value (not by type name)
// keeps it independent of names.
func schemaLayout(layoutHex []string) Digest {
	sorted := slices.Clone(layoutHex)
	sort.Strings(sorted)
	var b bytes.Buffer
	b.WriteString("cfp-layout 1\nschema\n")
	for _, l := range sorted {
		b.WriteString("type ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return blake3.Sum256(b.Bytes())
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
// graph of types (position of each type: at), each after every component
// it references (Tarjan's algorithm, iterative so that long reference
// chains cannot exhaust the stack).
func components(types []*TypeDef, at map[*TypeDef]int) [][]*TypeDef {
	n := len(types)
	succ := make([][]int, n)
	for i, t := range types {
		eachLocal(t, func(r *TypeDef) { succ[i] = append(succ[i], at[r]) })
	}
	index := make([]int, n) // visit number + 1; 0 when not visited yet
	low := make([]int, n)
	onStack := make([]bool, n)
	type frame struct{ v, next int }
	var stack []int
	var out [][]*TypeDef
	counter := 0
	push := func(v int) {
		counter++
		index[v], low[v] = counter, counter
		stack = append(stack, v)
		onStack[v] = true
	}
	for root := range types {
		if index[root] != 0 {
			continue
		}
		push(root)
		call := []frame{{v: root}}
		for len(call) > 0 {
			top := &call[len(call)-1]
			if top.next < len(succ[top.v]) {
				w := succ[top.v][top.next]
				top.next++
				if index[w] == 0 {
					push(w)
					call = append(call, frame{v: w})
				} else if onStack[w] && index[w] < low[top.v] {
					low[top.v] = index[w]
				}
				continue
			}
			v := top.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				if parent := call[len(call)-1].v; low[v] < low[parent] {
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
				scc = append(scc, types[w])
				if w == v {
					break
				}
			}
			out = append(out, scc)
		}
	}
	return out
}

// writeDef writes one type definition. With names false, type, field and
// variant names are left out. local, when not nil, names local types.
func writeDef(b *bytes.Buffer, t *TypeDef, local func(*Type) string, names bool) {
	b.WriteString(t.Kind.String())
	if names {
		b.WriteByte(' ')
		b.WriteString(t.Name)
		if t.Kind == Struct {
			b.WriteByte(' ')
			b.WriteString(t.Shape.String())
		}
		b.WriteString(" repr=")
		b.WriteString(t.Repr.String())
	}
	b.WriteString(" archived=")
	b.WriteString(t.ArchivedRepr.String())
	if t.As != "" {
		b.WriteString(" as=")
		b.WriteString(t.As)
	}
	b.WriteByte('\n')
	writeFields(b, t.Fields, local, names)
	for _, v := range t.Variants {
		b.WriteString("variant ")
		if names {
			b.WriteString(v.Name)
			b.WriteByte(' ')
			b.WriteString(v.Shape.String())
			b.WriteByte(' ')
		}
		b.WriteString("disc=")
		b.WriteString(strconv.FormatInt(v.Disc, 10))
		b.WriteByte('\n')
		writeFields(b, v.Fields, local, names)
	}
	b.WriteString("end\n")
}

func writeFields(b *bytes.Buffer, fields []*Field, local func(*Type) string, names bool) {
	for _, f := range fields {
		b.WriteString("field ")
		if names {
			b.WriteString(f.Name)
			b.WriteByte(' ')
		}
		b.Write(f.Type.appendTo(b.AvailableBuffer(), local))
		for _, w := range f.With {
			b.WriteString(" with=")
			b.WriteString(w)
		}
		b.WriteByte('\n')
	}
}

// writeLayout writes the name-erased definitions of root's component
// (inComp tells its members). Members are numbered in the order a
// depth-first walk from root first reaches them (fields in declaration
// order, type arguments left to right), so the numbering does not depend on
// names; types outside the component are written as "@" and their layout
// digest, which layoutHex returns.
func writeLayout(b *bytes.Buffer, root *TypeDef, inComp func(*TypeDef) bool, layoutHex func(*TypeDef) string) {
	index := map[*TypeDef]int{}
	var order []*TypeDef
	var visit func(d *TypeDef)
	visit = func(d *TypeDef) {
		index[d] = len(order)
		order = append(order, d)
		eachLocal(d, func(r *TypeDef) {
			if _, ok := index[r]; !ok && inComp(r) {
				visit(r)
			}
		})
	}
	visit(root)
	erase := func(x *Type) string {
		if i, ok := index[x.Def]; ok {
			return "#" + strconv.Itoa(i)
		}
		return "@" + layoutHex(x.Def)
	}
	for i, d := range order {
		b.WriteByte('#')
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(' ')
		writeDef(b, d, erase, false)
	}
}
