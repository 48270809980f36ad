package rustschema

// This file keeps the first, straightforward implementation of Canon as
// the reference that canonFast is checked against byte for byte
// (TestCanonFastMatchesSlow); it reads like docs/fingerprint.md.

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/zeebo/blake3"
)

// canonSlow is the reference implementation of Canon, for resolved
// schemas.
func canonSlow(s *Schema, p Profile) *Sum {
	n := len(s.Types)
	index := make(map[*TypeDef]int, n)
	for i, t := range s.Types {
		index[t] = i
	}
	// Every definition is written once, into one buffer; the schema text
	// is the header and all of it, and type texts reuse the pieces.
	header := "cfp 1\nschema_version " + strconv.FormatUint(s.SchemaVersion, 10) + "\nprofile " + p.Canon() + "\n"
	var all bytes.Buffer
	all.Grow(len(header) + 96*n)
	all.WriteString(header)
	ends := make([]int, n+1)
	ends[0] = all.Len()
	for i, t := range s.Types {
		writeDef(&all, t, nil, true)
		ends[i+1] = all.Len()
	}
	text := all.Bytes()
	def := func(i int) []byte { return text[ends[i]:ends[i+1]] }
	sum := &Sum{Text: text, Types: make([]TypeSum, n)}
	sum.Digest = blake3.Sum256(text)

	digestHex := make([]string, n)
	layoutHex := make([]string, n)
	comp := make([]int, n) // component number + 1 of each type, once assigned
	mark := make([]int, n) // stamp of the component that last listed a type as a reference
	var buf, body, lbuf bytes.Buffer
	layoutHeader := "cfp-layout 1\nprofile " + p.Canon() + "\n"
	for c, scc := range components(s.Types) {
		for _, d := range scc {
			comp[index[d]] = c + 1
		}
		inComp := func(d *TypeDef) bool { return comp[index[d]] == c+1 }
		// References leaving the component; their sums are done because
		// components come after everything they reference.
		var refs []int
		for _, d := range scc {
			eachLocal(d, func(r *TypeDef) {
				if i := index[r]; !inComp(r) && mark[i] != c+1 {
					mark[i] = c + 1
					refs = append(refs, i)
				}
			})
		}
		sort.Ints(refs) // s.Types is sorted by name, so indices sort by name
		if len(scc) > 1 {
			sort.Slice(scc, func(i, j int) bool { return scc[i].Name < scc[j].Name })
		}
		body.Reset()
		for _, d := range scc {
			body.Write(def(index[d]))
		}
		for _, r := range refs {
			body.WriteString("ref ")
			body.WriteString(s.Types[r].Name)
			body.WriteByte(' ')
			body.WriteString(digestHex[r])
			body.WriteByte('\n')
		}
		for _, d := range scc {
			i := index[d]
			ts := &sum.Types[i]
			ts.Name = d.Name
			buf.Reset()
			buf.WriteString(header)
			buf.WriteString("root ")
			buf.WriteString(d.Name)
			buf.WriteByte('\n')
			buf.Write(body.Bytes())
			ts.Text = bytes.Clone(buf.Bytes())
			ts.Digest = blake3.Sum256(ts.Text)
			digestHex[i] = ts.Digest.String()
			lbuf.Reset()
			lbuf.WriteString(layoutHeader)
			writeLayout(&lbuf, d, inComp, func(r *TypeDef) string { return layoutHex[index[r]] })
			ts.Layout = blake3.Sum256(lbuf.Bytes())
		}
		// Layout digests are set only after the whole component is
		// written: members refer to each other by number, not by digest.
		for _, d := range scc {
			i := index[d]
			layoutHex[i] = sum.Types[i].Layout.String()
		}
	}
	// The schema's layout digest covers the multiset of its types' layout
	// digests. Sorting them by value (not by type name) keeps it
	// independent of names.
	sorted := append([]string(nil), layoutHex...)
	sort.Strings(sorted)
	buf.Reset()
	buf.WriteString("cfp-layout 1\nschema\n")
	for _, l := range sorted {
		buf.WriteString("type ")
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	sum.Layout = blake3.Sum256(buf.Bytes())
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
		f.Type.write(b, local)
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
