package rustschema

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/zeebo/blake3"
)

// canonFast computes Canon for schemas whose local references all point
// at types of s.Types (every resolved schema), working on type indices
// instead of pointer-keyed maps and writing with append. It returns nil
// for any other schema, which Canon then refuses. It must agree with the
// reference implementation canonSlow (canon_ref_test.go)
// byte for byte (TestCanonFastMatchesSlow).
func canonFast(s *Schema, p Profile) *Sum {
	n := len(s.Types)
	if n >= 1<<31-1 {
		return nil
	}
	g := canonGraph{index: make(map[*TypeDef]int32, n), start: make([]int32, n+1)}
	for i, t := range s.Types {
		if t == nil {
			return nil
		}
		g.index[t] = int32(i)
	}
	if len(g.index) != n {
		return nil
	}
	// Every local reference of every type, once, in eachLocal order; the
	// writers below walk types in the same order and take the indices
	// from here instead of looking them up again.
	g.locals = make([]int32, 0, 2*n)
	g.ok = true
	for i, t := range s.Types {
		g.def(t)
		if !g.ok {
			return nil
		}
		g.start[i+1] = int32(len(g.locals))
	}

	header := "cfp 1\nschema_version " + strconv.FormatUint(s.SchemaVersion, 10) + "\nprofile " + p.Canon() + "\n"
	all := make([]byte, 0, len(header)+192*n)
	all = append(all, header...)
	ends := make([]int, n+1)
	ends[0] = len(all)
	// The name-erased definitions are written here too, while each
	// definition's type tree is still in cache, as templates: the
	// local references are left out and their places recorded, to be
	// filled with digests or member numbers when each type's layout
	// text is put together in component order below.
	tw := tmplWriter{b: make([]byte, 0, 128*n), holes: make([]int, 0, len(g.locals)), start: make([]int, n+1)}
	for i, t := range s.Types {
		all = appendDef(all, t, nil)
		ends[i+1] = len(all)
		tw.b = appendDef(tw.b, t, &tw)
		tw.start[i+1] = len(tw.b)
	}
	text := all
	sum := &Sum{Text: text, Types: make([]TypeSum, n)}

	// The hex forms of the digests, encoded once each: a type's digest is
	// written into the text of every type that references it, and its
	// layout digest into every layout text that references it and into
	// the schema's layout text.
	hexDigests := make([]byte, n*hexLen)
	hexLayouts := make([]byte, n*hexLen)
	layoutDigest := make([]Digest, n)
	members, cstart := g.components(n)
	comp := make([]int32, n) // component number + 1 of each type
	for c := 0; c+1 < len(cstart); c++ {
		scc := members[cstart[c]:cstart[c+1]]
		for _, d := range scc {
			comp[d] = int32(c + 1)
		}
		if len(scc) > 1 {
			sort.Slice(scc, func(i, j int) bool { return s.Types[scc[i]].Name < s.Types[scc[j]].Name })
		}
	}
	// Type digests depend only on type digests, layout digests only on
	// layout digests: the two chains share nothing they write, so the
	// layout chain runs on another processor while this one does the
	// type chain. (Small schemas or one processor: not worth a goroutine.)
	lw := layoutWriter{g: &g, tw: &tw, hex: hexLayouts, comp: comp, num: make([]int32, n), stamp: make([]int32, n)}
	layoutHeader := "cfp-layout 1\nprofile " + p.Canon() + "\n"
	var wg sync.WaitGroup
	if n >= 512 && runtime.GOMAXPROCS(0) > 1 {
		wg.Go(func() { lw.all(layoutHeader, members, cstart, layoutDigest) })
	} else {
		lw.all(layoutHeader, members, cstart, layoutDigest)
	}

	mark := make([]int32, n) // stamp of the component that last listed a type as a reference
	var refs []int32
	var arena []byte
	for c := 0; c+1 < len(cstart); c++ {
		scc := members[cstart[c]:cstart[c+1]]
		cn := int32(c + 1)
		refs = refs[:0]
		for _, d := range scc {
			for _, r := range g.locals[g.start[d]:g.start[d+1]] {
				if comp[r] != cn && mark[r] != cn {
					mark[r] = cn
					refs = append(refs, r)
				}
			}
		}
		slices.Sort(refs) // s.Types is sorted by name, so indices sort by name
		// The members' texts share everything after their root line: the
		// component's definitions and the references out of it. Each
		// text is written straight into the arena at its final size, so
		// nothing is copied twice.
		shared := 0
		for _, d := range scc {
			shared += ends[d+1] - ends[d]
		}
		for _, r := range refs {
			shared += len("ref ") + len(s.Types[r].Name) + 1 + hexLen + 1
		}
		for _, d := range scc {
			t := s.Types[d]
			ts := &sum.Types[d]
			ts.Name = t.Name
			need := len(header) + len("root ") + len(t.Name) + 1 + shared
			if cap(arena)-len(arena) < need {
				arena = make([]byte, 0, max(need, 64<<10))
			}
			b := arena[len(arena) : len(arena) : len(arena)+need]
			b = append(b, header...)
			b = append(b, "root "...)
			b = append(b, t.Name...)
			b = append(b, '\n')
			for _, m := range scc {
				b = append(b, text[ends[m]:ends[m+1]]...)
			}
			for _, r := range refs {
				b = append(b, "ref "...)
				b = append(b, s.Types[r].Name...)
				b = append(b, ' ')
				b = append(b, hexDigests[int(r)*hexLen:int(r+1)*hexLen]...)
				b = append(b, '\n')
			}
			arena = arena[:len(arena)+need]
			ts.Text = b
			ts.Digest = blake3.Sum256(b)
			hex.Encode(hexDigests[int(d)*hexLen:], ts.Digest[:])
		}
	}
	sum.Digest = blake3.Sum256(text)
	wg.Wait()
	for i := range sum.Types {
		sum.Types[i].Layout = layoutDigest[i]
	}

	// The schema's layout digest covers the multiset of its types' layout
	// digests, sorted by value (hex order is byte order).
	// Sorting keys of the first eight bytes and an index moves 16 bytes
	// per swap instead of a 32-byte digest, and the first eight bytes
	// decide almost every comparison.
	keys := make([]digestKey, n)
	for i := range layoutDigest {
		keys[i] = digestKey{binary.BigEndian.Uint64(layoutDigest[i][:8]), int32(i)}
	}
	sortDigestKeys(keys, layoutDigest)
	// One allocation of the final size instead of growing by doubling.
	const schemaHeader = "cfp-layout 1\nschema\n"
	lbuf := make([]byte, 0, len(schemaHeader)+n*len("type \n")+n*hexLen)
	lbuf = append(lbuf, schemaHeader...)
	for _, k := range keys {
		lbuf = append(lbuf, "type "...)
		lbuf = append(lbuf, hexLayouts[int(k.i)*hexLen:int(k.i+1)*hexLen]...)
		lbuf = append(lbuf, '\n')
	}
	sum.Layout = blake3.Sum256(lbuf)
	return sum
}

// digestKey is the sort key of a digest: its first eight bytes as a
// big-endian integer and its index.
type digestKey struct {
	hi uint64
	i  int32
}

// compareDigests orders digests by value, a word at a time.
func compareDigests(a, b Digest) int {
	for i := 0; i < len(a); i += 8 {
		x, y := binary.BigEndian.Uint64(a[i:]), binary.BigEndian.Uint64(b[i:])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// sortDigestKeys sorts keys by the digests they index. Digests are
// uniformly distributed, so a radix sort of the first eight bytes orders
// all but (almost never) a few keys in linear time; keys with equal first
// eight bytes end up adjacent and are then ordered by whole digest.
func sortDigestKeys(keys []digestKey, digests []Digest) {
	byDigest := func(a, b digestKey) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		return compareDigests(digests[a.i], digests[b.i])
	}
	if len(keys) < 256 {
		slices.SortFunc(keys, byDigest)
		return
	}
	tmp := make([]digestKey, len(keys))
	src, dst := keys, tmp
	for shift := 0; shift < 64; shift += 8 {
		var count [257]int
		for _, k := range src {
			count[int(byte(k.hi>>shift))+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			b := byte(k.hi >> shift)
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	// Eight passes leave the result in keys.
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j].hi == keys[i].hi {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(keys[i:j], byDigest)
		}
		i = j
	}
}

// canonGraph is the reference graph of a schema by type index.
type canonGraph struct {
	index  map[*TypeDef]int32
	locals []int32 // local references of type i: locals[start[i]:start[i+1]]
	start  []int32
	ok     bool // every reference could be indexed and is written as eachLocal visits it
}

func (g *canonGraph) def(d *TypeDef) {
	for _, f := range d.Fields {
		g.typ(f.Type)
	}
	for _, v := range d.Variants {
		for _, f := range v.Fields {
			g.typ(f.Type)
		}
	}
}

// typ records the local references of x. The canonical writers visit
// only some type arguments of some kinds (none of a primitive's, the first
// of an array's); references are taken in order from the list only when
// that is the same walk as eachLocal's.
func (g *canonGraph) typ(x *Type) {
	switch x.Kind {
	case Local:
		i, found := g.index[x.Def]
		if x.Def == nil || !found || len(x.Args) != 0 {
			g.ok = false
			return
		}
		g.locals = append(g.locals, i)
		return
	case Prim, UnitType, Str:
		if len(x.Args) != 0 {
			g.ok = false
		}
		return
	case Array, Slice:
		if len(x.Args) != 1 {
			g.ok = false
			return
		}
	}
	for _, a := range x.Args {
		g.typ(a)
	}
}

// components is components() by index: the members of component c are
// members[cstart[c]:cstart[c+1]], in the same order.
func (g *canonGraph) components(n int) (members, cstart []int32) {
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	type frame struct{ v, next int32 }
	var stack []int32
	var call []frame
	members = make([]int32, 0, n)
	cstart = make([]int32, 1, n+1)
	counter := int32(0)
	push := func(d int32) {
		index[d], low[d] = counter, counter
		counter++
		stack = append(stack, d)
		onStack[d] = true
	}
	for root := int32(0); root < int32(n); root++ {
		if index[root] >= 0 {
			continue
		}
		push(root)
		call = append(call[:0], frame{root, g.start[root]})
		for len(call) > 0 {
			top := &call[len(call)-1]
			if top.next < g.start[top.v+1] {
				w := g.locals[top.next]
				top.next++
				if index[w] < 0 {
					push(w)
					call = append(call, frame{w, g.start[w]})
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
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				members = append(members, w)
				if w == v {
					break
				}
			}
			cstart = append(cstart, int32(len(members)))
		}
	}
	return members, cstart
}

// hexLen is the length of a digest in hex.
const hexLen = 2 * len(Digest{})

// tmplWriter collects the name-erased definitions of a schema's types
// with their local references left out: definition i is
// b[start[i]:start[i+1]], and the k-th entry of the graph's locals goes
// at b[holes[k]] (the writers visit local references in the graph's
// order, see canonGraph.typ).
type tmplWriter struct {
	b     []byte
	holes []int
	start []int
}

// layoutWriter writes writeLayout's text by index, from the templates.
type layoutWriter struct {
	g      *canonGraph
	tw     *tmplWriter
	hex    []byte // hex layout digests of finished components, 64 bytes each
	comp   []int32
	comp1  int32 // component number + 1 of the component being written
	single bool  // the component has one member
	num    []int32
	stamp  []int32
	cur    int32 // stamp of the root being written
	order  []int32
}

// all computes the layout digest of every type, component by component
// in the order of members (see canonGraph.components), into digests.
func (w *layoutWriter) all(header string, members, cstart []int32, digests []Digest) {
	var b []byte
	for c := 0; c+1 < len(cstart); c++ {
		scc := members[cstart[c]:cstart[c+1]]
		w.comp1 = int32(c + 1)
		w.single = len(scc) == 1
		for _, d := range scc {
			b = append(b[:0], header...)
			b = w.write(b, d)
			digests[d] = blake3.Sum256(b)
		}
		// Hex forms are set only after the whole component is written:
		// members refer to each other by number, not by digest.
		for _, d := range scc {
			hex.Encode(w.hex[int(d)*hexLen:], digests[d][:])
		}
	}
}

func (w *layoutWriter) write(b []byte, root int32) []byte {
	w.order = w.order[:0]
	w.cur++
	if w.single {
		w.num[root], w.stamp[root] = 0, w.cur
		w.order = append(w.order, root)
	} else {
		w.visit(root)
	}
	for i, d := range w.order {
		b = append(b, '#')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ' ')
		tmpl, prev := w.tw.b, w.tw.start[d]
		for k := w.g.start[d]; k < w.g.start[d+1]; k++ {
			hole := w.tw.holes[k]
			b = append(b, tmpl[prev:hole]...)
			b = w.ref(b, w.g.locals[k])
			prev = hole
		}
		b = append(b, tmpl[prev:w.tw.start[d+1]]...)
	}
	return b
}

func (w *layoutWriter) visit(d int32) {
	w.num[d], w.stamp[d] = int32(len(w.order)), w.cur
	w.order = append(w.order, d)
	for _, r := range w.g.locals[w.g.start[d]:w.g.start[d+1]] {
		if w.stamp[r] != w.cur && w.comp[r] == w.comp1 {
			w.visit(r)
		}
	}
}

// ref writes a reference to type r: its number when it is written in
// this text, else its layout digest.
func (w *layoutWriter) ref(b []byte, r int32) []byte {
	if w.stamp[r] == w.cur {
		b = append(b, '#')
		return strconv.AppendInt(b, int64(w.num[r]), 10)
	}
	b = append(b, '@')
	return append(b, w.hex[int(r)*hexLen:int(r+1)*hexLen]...)
}

// local records the place of a local reference in the template being
// written.
func (w *tmplWriter) local(b []byte) []byte {
	w.holes = append(w.holes, len(b))
	return b
}

// appendDef is writeDef with append: names true when w is nil, else the
// name-erased form with the places of local types recorded by w.
func appendDef(b []byte, t *TypeDef, w *tmplWriter) []byte {
	names := w == nil
	b = append(b, t.Kind.String()...)
	if names {
		b = append(b, ' ')
		b = append(b, t.Name...)
		if t.Kind == Struct {
			b = append(b, ' ')
			b = append(b, t.Shape.String()...)
		}
		b = append(b, " repr="...)
		b = appendRepr(b, t.Repr)
	}
	b = append(b, " archived="...)
	b = appendRepr(b, t.ArchivedRepr)
	if t.As != "" {
		b = append(b, " as="...)
		b = append(b, t.As...)
	}
	b = append(b, '\n')
	b = appendFields(b, t.Fields, w)
	for _, v := range t.Variants {
		b = append(b, "variant "...)
		if names {
			b = append(b, v.Name...)
			b = append(b, ' ')
			b = append(b, v.Shape.String()...)
			b = append(b, ' ')
		}
		b = append(b, "disc="...)
		b = strconv.AppendInt(b, v.Disc, 10)
		b = append(b, '\n')
		b = appendFields(b, v.Fields, w)
	}
	return append(b, "end\n"...)
}

func appendFields(b []byte, fields []*Field, w *tmplWriter) []byte {
	for _, f := range fields {
		b = append(b, "field "...)
		if w == nil {
			b = append(b, f.Name...)
			b = append(b, ' ')
		}
		b = appendType(b, f.Type, w)
		for _, x := range f.With {
			b = append(b, " with="...)
			b = append(b, x...)
		}
		b = append(b, '\n')
	}
	return b
}

func appendRepr(b []byte, r Repr) []byte {
	if r.IsZero() {
		return append(b, "rust"...)
	}
	sep := false
	part := func(s string) {
		if sep {
			b = append(b, ',')
		}
		sep = true
		b = append(b, s...)
	}
	if r.C {
		part("C")
	}
	if r.Transparent {
		part("transparent")
	}
	if r.Int != "" {
		part(r.Int)
	}
	if r.Align != 0 {
		part("align(")
		b = strconv.AppendUint(b, r.Align, 10)
		b = append(b, ')')
	}
	if r.Packed != 0 {
		part("packed(")
		b = strconv.AppendUint(b, r.Packed, 10)
		b = append(b, ')')
	}
	return b
}

// appendType is (*Type).write with append; w, when not nil, records the
// places of local types instead of writing their names.
func appendType(b []byte, t *Type, w *tmplWriter) []byte {
	switch t.Kind {
	case Prim:
		b = append(b, t.Name...)
	case Local:
		if w != nil {
			b = w.local(b)
		} else {
			b = append(b, t.Name...)
		}
	case UnitType:
		b = append(b, "()"...)
	case Str:
		b = append(b, "str"...)
	case Array:
		b = append(b, '[')
		b = appendType(b, t.Args[0], w)
		b = append(b, ';')
		b = strconv.AppendUint(b, t.Len, 10)
		b = append(b, ']')
	case Slice:
		b = append(b, '[')
		b = appendType(b, t.Args[0], w)
		b = append(b, ']')
	case TupleType:
		b = append(b, '(')
		for i, a := range t.Args {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendType(b, a, w)
		}
		if len(t.Args) == 1 {
			b = append(b, ',')
		}
		b = append(b, ')')
	default:
		b = append(b, stdName(t.Kind)...)
		if len(t.Args) > 0 {
			b = append(b, '<')
			for i, a := range t.Args {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendType(b, a, w)
			}
			b = append(b, '>')
		}
	}
	return b
}
