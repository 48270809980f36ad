package schemagen

import (
	"fmt"
	"sort"
	"strings"
)

// Schema is one generated schema: its Rust source and the model the oracle
// needs to measure it (type, field and variant names plus each field's type
// exactly as written in Source).
type Schema struct {
	Family Family
	Seed   int64
	Source string
	Types  []*Type // in source order
}

// Type is a generated struct or enum.
type Type struct {
	Name     string
	Kind     string    // "struct" or "enum"
	Shape    string    // structs: "named", "tuple" or "unit"
	Fields   []Field   // structs
	Variants []Variant // enums, in declaration order
}

// Variant is an enum variant.
type Variant struct {
	Name   string
	Shape  string // "named", "tuple" or "unit"
	Fields []Field
}

// Field is a struct or variant field. Tuple fields are named "0", "1", ...
// Type is the Rust type exactly as written in the schema source.
type Field struct {
	Name string
	Type string
}

// Generate returns the Rust source of the schema for (seed, fam).
func Generate(seed int64, fam Family) string { return GenerateSchema(seed, fam).Source }

// GenerateSchema returns the schema for (seed, fam) with its model.
func GenerateSchema(seed int64, fam Family) *Schema {
	g := &gen{r: newRNG(seed, fam), fam: fam, imports: map[string]string{}}
	g.build()
	s := &Schema{Family: fam, Seed: seed}
	s.Source = g.render(seed)
	for _, i := range g.order {
		s.Types = append(s.Types, &g.types[i].Type)
	}
	return s
}

// ---------------------------------------------------------------------------
// Internal model.

type field struct {
	Field
	vis  string
	doc  bool
	refs []int // local types named anywhere in the type
	omit bool  // needs the omit_bounds attribute
}

type variant struct {
	name   string
	shape  string
	fields []*field
	discr  string // explicit discriminant expression, "" if none
}

type tdecl struct {
	Type
	vis      string
	doc      bool
	fields   []*field
	variants []*variant
	// attribute lines (without the derive), in order
	attrs     []string
	fieldless bool // enum whose variants are all unit variants
	dataEnum  bool // decided kind: enum with data variants
	big       bool // 0.7 enum with 256..300 variants
	recursive bool // in a reference cycle (has an omit_bounds field)
}

type constDef struct {
	name, vis string
	value     int
}

type gen struct {
	r      *rng
	fam    Family
	types  []*tdecl // by rank: by-value references only go to higher ranks
	order  []int    // source order of type ranks
	consts []constDef
	// imports: short name -> module it is imported from ("std::collections")
	imports map[string]string
	// importMod: chosen module per importable name for this schema
	importMod map[string]string
}

var typeNamePool = []string{
	"Quote", "Order", "Trade", "Tick", "Book", "Level", "Fill", "Route", "Leg", "Venue",
	"Price", "Lot", "Side", "Status", "Phase", "Event", "Frame", "Batch", "Chunk", "Header",
	"Trailer", "Packet", "Record", "Node", "Tree", "Leaf", "Branch", "Edge", "Graph", "Point",
	"Span", "Shape", "Color", "Sensor", "Reading", "Sample", "Metric", "Gauge", "Counter", "Alarm",
	"Account", "Ledger", "Posting", "Invoice", "Payment", "Client", "Server", "Session", "Token", "Ticket",
	"Job", "Task", "Worker", "Queue", "Slot", "Cell", "Grid", "Tile", "Layer", "Glyph",
	"Command", "Reply", "Notice", "Config", "Limits", "Policy", "Rule", "Filter", "Window", "Cursor",
}

var fieldNamePool = []string{
	"id", "price", "qty", "side", "flags", "ts", "seq", "name", "tags", "bid",
	"ask", "level", "count", "data", "payload", "len", "kind", "code", "mask", "next",
	"prev", "children", "parent", "weight", "score", "owner", "label", "value", "values", "items",
	"limit", "offset", "width", "height", "depth", "x", "y", "z", "lo", "hi",
	"start", "end", "epoch", "nonce", "crc", "version", "retries", "timeout", "ttl", "state",
	"mode", "extra", "note", "ratio", "total", "unit", "origin", "target", "route", "slot",
}

var variantNamePool = []string{
	"Empty", "Ping", "Pong", "Ack", "Nack", "Data", "Text", "Bytes", "Error", "Start",
	"Stop", "Pause", "Resume", "Open", "Close", "Buy", "Sell", "New", "Cancel", "Replace",
	"Reject", "Idle", "Busy", "Done", "Failed", "Pending", "Left", "Right", "Up", "Down",
	"Red", "Green", "Blue", "Low", "High", "Small", "Large", "First", "Last", "Other",
}

var constNamePool = []string{"N", "LEN", "SIZE", "COUNT", "WIDTH", "DEPTH"}

type prim struct {
	name   string
	weight int
}

// Primitive types, weighted towards a good mix of alignments.
var prims = []prim{
	{"u8", 7}, {"u16", 5}, {"u32", 5}, {"u64", 5}, {"u128", 3}, {"usize", 2},
	{"i8", 2}, {"i16", 2}, {"i32", 3}, {"i64", 3}, {"i128", 2}, {"isize", 2},
	{"f32", 3}, {"f64", 3}, {"bool", 5}, {"char", 3}, {"()", 1},
}

var nonZeros = []string{
	"NonZeroU8", "NonZeroU16", "NonZeroU32", "NonZeroU64", "NonZeroU128", "NonZeroUsize",
	"NonZeroI8", "NonZeroI16", "NonZeroI32", "NonZeroI64", "NonZeroI128", "NonZeroIsize",
}

var keyTypes = []string{"u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "bool", "char", "String"}

// ---------------------------------------------------------------------------
// Building.

func (g *gen) build() {
	r := g.r
	g.importMod = map[string]string{
		"HashMap":     "std::collections",
		"HashSet":     "std::collections",
		"BTreeMap":    "std::collections",
		"BTreeSet":    "std::collections",
		"PhantomData": pick(r, []string{"core::marker", "std::marker"}),
		"Duration":    pick(r, []string{"core::time", "std::time"}),
	}
	numMod := pick(r, []string{"core::num", "std::num"})
	for _, nz := range nonZeros {
		g.importMod[nz] = numMod
	}

	// Consts used as array lengths.
	if r.chance(45) {
		names := append([]string(nil), constNamePool...)
		shuffle(r, names)
		for i := 0; i < r.between(1, 2); i++ {
			g.consts = append(g.consts, constDef{name: names[i], vis: g.vis(), value: r.between(0, 4)})
		}
	}

	n := r.between(3, 10)
	names := append([]string(nil), typeNamePool...)
	shuffle(r, names)
	for i := 0; i < n; i++ {
		t := &tdecl{}
		t.Name = names[i]
		t.vis = g.vis()
		t.doc = r.chance(15)
		switch r.weighted(55, 20, 25) {
		case 0:
			t.Kind = "struct"
		case 1:
			t.Kind = "enum"
			t.fieldless = true
		default:
			t.Kind = "enum"
			t.dataEnum = true
		}
		g.types = append(g.types, t)
	}
	for i, t := range g.types {
		if t.Kind == "struct" {
			g.buildStruct(i, t)
		} else {
			g.buildEnum(i, t)
		}
	}
	g.markRecursion()
	for _, t := range g.types {
		g.attributes(t)
	}
	g.order = make([]int, n)
	for i := range g.order {
		g.order[i] = i
	}
	shuffle(r, g.order)
}

func (g *gen) vis() string {
	switch g.r.weighted(60, 15, 25) {
	case 0:
		return "pub "
	case 1:
		return "pub(crate) "
	}
	return ""
}

func uniqueNames(r *rng, pool []string, n int) []string {
	names := append([]string(nil), pool...)
	shuffle(r, names)
	if n <= len(names) {
		return names[:n]
	}
	out := names
	for i := len(names); i < n; i++ {
		out = append(out, fmt.Sprintf("%s%d", names[i%len(names)], i))
	}
	return out
}

func (g *gen) buildStruct(i int, t *tdecl) {
	r := g.r
	switch r.weighted(70, 20, 10) {
	case 0:
		t.Shape = "named"
		nf := r.weighted(2, 8, 12, 14, 14, 12, 10, 7, 6) // 0..8 fields
		for _, name := range uniqueNames(r, fieldNamePool, nf) {
			t.fields = append(t.fields, g.newField(i, name, true))
		}
	case 1:
		t.Shape = "tuple"
		nf := r.weighted(1, 10, 10, 8, 5, 3) // 0..5 fields
		for k := 0; k < nf; k++ {
			t.fields = append(t.fields, g.newField(i, fmt.Sprint(k), true))
		}
	default:
		t.Shape = "unit"
	}
}

func (g *gen) newField(owner int, name string, withVis bool) *field {
	f := &field{}
	f.Name = name
	if withVis {
		f.vis = g.vis()
	}
	f.doc = g.r.chance(5)
	f.Type = g.fieldType(owner, &f.refs)
	return f
}

func (g *gen) buildEnum(i int, t *tdecl) {
	r := g.r
	if t.fieldless {
		nv := r.between(1, 8)
		if g.fam.Is07() && r.chance(4) {
			nv = pick(r, []int{255, 256, 257, r.between(256, 300)})
			t.big = true
		} else if !g.fam.Is07() && r.chance(1) {
			nv = 256
			t.big = true
		}
		var names []string
		if t.big {
			for k := 0; k < nv; k++ {
				names = append(names, fmt.Sprintf("V%d", k))
			}
		} else {
			names = uniqueNames(r, variantNamePool, nv)
		}
		for _, name := range names {
			t.variants = append(t.variants, &variant{name: name, shape: "unit"})
		}
		return
	}
	nv := r.between(1, 6)
	for _, name := range uniqueNames(r, variantNamePool, nv) {
		v := &variant{name: name}
		switch r.weighted(30, 35, 35) {
		case 0:
			v.shape = "unit"
		case 1:
			v.shape = "tuple"
			for k := 0; k < r.weighted(2, 10, 8, 5, 3); k++ { // 0..4
				v.fields = append(v.fields, g.newField(i, fmt.Sprint(k), false))
			}
		default:
			v.shape = "named"
			for _, fname := range uniqueNames(r, fieldNamePool, r.weighted(2, 10, 8, 5, 3)) {
				v.fields = append(v.fields, g.newField(i, fname, false))
			}
		}
		t.variants = append(t.variants, v)
	}
}

// ---------------------------------------------------------------------------
// Type expressions.

// fieldType generates the type of a field of type rank owner.
func (g *gen) fieldType(owner int, refs *[]int) string {
	return g.typeExpr(owner, true, 0, refs)
}

// typeExpr generates a type. byValue means the type is stored inline in the
// owner, so a local type named here must have a higher rank than owner
// (this keeps every type finitely sized); behind Box/Vec/maps any local type
// may be named, including the owner itself.
func (g *gen) typeExpr(owner int, byValue bool, depth int, refs *[]int) string {
	r := g.r
	if depth >= 3 {
		switch r.weighted(70, 15, 15) {
		case 0:
			return g.prim()
		case 1:
			return g.std("String")
		default:
			return g.localIndirect(owner, refs)
		}
	}
	tuples := g.fam.Tuples()
	tw := 0
	if tuples {
		tw = 4
	}
	switch r.weighted(40, 4, 8, 6, 5, tw, 6, 4, 4, 3, 2, 2, 14) {
	case 0:
		return g.prim()
	case 1:
		return g.nonZero()
	case 2:
		return g.std("String")
	case 3: // Option
		return g.std("Option") + "<" + g.typeExpr(owner, byValue, depth+1, refs) + ">"
	case 4: // array
		return "[" + g.typeExpr(owner, byValue, depth+1, refs) + "; " + g.arrayLen() + "]"
	case 5: // tuple
		k := r.weighted(2, 6, 4, 2)
		parts := make([]string, k+1)
		for j := range parts {
			parts[j] = g.typeExpr(owner, byValue, depth+1, refs)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case 6: // Vec
		return g.std("Vec") + "<" + g.typeExpr(owner, false, depth+1, refs) + ">"
	case 7: // Box
		switch r.weighted(3, 2, 2) {
		case 0:
			return g.std("Box") + "<" + g.typeExpr(owner, false, depth+1, refs) + ">"
		case 1:
			return g.std("Box") + "<str>"
		default:
			return g.std("Box") + "<[" + g.typeExpr(owner, false, depth+1, refs) + "]>"
		}
	case 8: // Result
		ok := g.typeExpr(owner, byValue, depth+1, refs)
		return g.std("Result") + "<" + ok + ", " + g.typeExpr(owner, byValue, depth+1, refs) + ">"
	case 9: // maps and sets
		key := g.keyType()
		switch r.intn(4) {
		case 0:
			return g.std("HashMap") + "<" + key + ", " + g.typeExpr(owner, false, depth+1, refs) + ">"
		case 1:
			return g.std("BTreeMap") + "<" + key + ", " + g.typeExpr(owner, false, depth+1, refs) + ">"
		case 2:
			return g.std("HashSet") + "<" + key + ">"
		default:
			return g.std("BTreeSet") + "<" + key + ">"
		}
	case 10:
		return g.std("PhantomData") + "<" + g.typeExpr(owner, false, depth+1, refs) + ">"
	case 11:
		return g.std("Duration")
	default:
		return g.local(owner, byValue, refs)
	}
}

func (g *gen) prim() string {
	ws := make([]int, len(prims))
	for i, p := range prims {
		ws[i] = p.weight
	}
	return prims[g.r.weighted(ws...)].name
}

func (g *gen) nonZero() string { return g.std(pick(g.r, nonZeros)) }

func (g *gen) keyType() string {
	k := pick(g.r, keyTypes)
	if k == "String" {
		return g.std("String")
	}
	return k
}

func (g *gen) arrayLen() string {
	if len(g.consts) > 0 && g.r.chance(35) {
		return pick(g.r, g.consts).name
	}
	return fmt.Sprint(g.r.weighted(2, 4, 4, 4, 3)) // 0..4
}

// local names a local type: inline when a higher rank exists and the coin
// says so, otherwise behind a pointer.
func (g *gen) local(owner int, byValue bool, refs *[]int) string {
	r := g.r
	if !byValue {
		j := g.anyLocal(owner)
		*refs = append(*refs, j)
		return g.types[j].Name
	}
	if owner+1 < len(g.types) && r.chance(65) {
		j := r.between(owner+1, len(g.types)-1)
		*refs = append(*refs, j)
		return g.types[j].Name
	}
	return g.localIndirect(owner, refs)
}

func (g *gen) anyLocal(owner int) int {
	if g.r.chance(25) {
		return owner // direct recursion
	}
	return g.r.intn(len(g.types))
}

func (g *gen) localIndirect(owner int, refs *[]int) string {
	j := g.anyLocal(owner)
	*refs = append(*refs, j)
	name := g.types[j].Name
	switch g.r.weighted(4, 4, 3, 1, 1) {
	case 0:
		return g.std("Box") + "<" + name + ">"
	case 1:
		return g.std("Vec") + "<" + name + ">"
	case 2:
		return g.std("Option") + "<" + g.std("Box") + "<" + name + ">>"
	case 3:
		return g.std("Box") + "<[" + name + "]>"
	default:
		return g.std("BTreeMap") + "<u32, " + name + ">"
	}
}

// std writes a std type name, sometimes as a full path, and records the use
// line a short name needs.
func (g *gen) std(name string) string {
	r := g.r
	switch name {
	case "String":
		return []string{"String", "std::string::String", "alloc::string::String"}[r.weighted(12, 1, 1)]
	case "Vec":
		return []string{"Vec", "std::vec::Vec", "alloc::vec::Vec"}[r.weighted(12, 1, 1)]
	case "Box":
		return []string{"Box", "std::boxed::Box", "alloc::boxed::Box"}[r.weighted(12, 1, 1)]
	case "Option":
		return []string{"Option", "core::option::Option", "std::option::Option"}[r.weighted(14, 1, 1)]
	case "Result":
		return []string{"Result", "core::result::Result", "std::result::Result"}[r.weighted(10, 1, 1)]
	}
	mod, ok := g.importMod[name]
	if !ok {
		panic("schemagen: no module for " + name)
	}
	if r.chance(25) {
		// Full path; BTree collections also live in alloc.
		full := []string{mod}
		switch name {
		case "BTreeMap", "BTreeSet":
			full = []string{"std::collections", "alloc::collections"}
		case "PhantomData":
			full = []string{"core::marker", "std::marker"}
		case "Duration":
			full = []string{"core::time", "std::time"}
		default:
			if strings.HasPrefix(name, "NonZero") {
				full = []string{"core::num", "std::num"}
			}
		}
		return pick(r, full) + "::" + name
	}
	g.imports[name] = mod
	return name
}

// ---------------------------------------------------------------------------
// Recursion and attributes.

// markRecursion finds reference cycles (Tarjan's SCCs over every local type
// named in a field) and marks the fields that close them with omit_bounds.
func (g *gen) markRecursion() {
	n := len(g.types)
	edges := make([][]int, n)
	for i, t := range g.types {
		for _, f := range g.allFields(t) {
			edges[i] = append(edges[i], f.refs...)
		}
	}
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp := make([]int, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if index[w] < 0 {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			strong(v)
		}
	}
	for i, t := range g.types {
		for _, f := range g.allFields(t) {
			for _, j := range f.refs {
				if comp[j] == comp[i] {
					f.omit = true
					t.recursive = true
				}
			}
		}
	}
}

func (g *gen) allFields(t *tdecl) []*field {
	fs := append([]*field(nil), t.fields...)
	for _, v := range t.variants {
		fs = append(fs, v.fields...)
	}
	return fs
}

// attributes chooses repr and rkyv attributes and enum discriminants.
func (g *gen) attributes(t *tdecl) {
	r := g.r
	v07 := g.fam.Is07()
	if t.Kind == "struct" {
		if r.chance(25) {
			t.attrs = append(t.attrs, "#[repr(C)]")
		}
		if v07 && r.chance(30) {
			if r.chance(15) {
				t.attrs = append(t.attrs, "#[archive(repr(C))]")
			} else {
				t.attrs = append(t.attrs, "#[archive_attr(repr(C))]")
			}
		}
		if !v07 && r.chance(10) {
			t.attrs = append(t.attrs, "#[rkyv(attr(repr(C)))]")
		}
	} else {
		g.enumAttributes(t)
	}
	if !v07 && t.recursive {
		// rkyv 0.8 derives CheckBytes (default feature bytecheck); with
		// omit_bounds the checker's context bounds must be spelled out.
		t.attrs = append(t.attrs, "#[rkyv(bytecheck(bounds(__C: rkyv::validation::ArchiveContext, __C::Error: rkyv::rancor::Source)))]")
	}
	// Tuple/struct variants and the struct model.
	for _, v := range t.variants {
		vv := Variant{Name: v.name, Shape: v.shape}
		for _, f := range v.fields {
			vv.Fields = append(vv.Fields, f.Field)
		}
		t.Variants = append(t.Variants, vv)
	}
	for _, f := range t.fields {
		t.Fields = append(t.Fields, f.Field)
	}
}

func (g *gen) enumAttributes(t *tdecl) {
	r := g.r
	v07 := g.fam.Is07()
	unitOnly := true
	for _, v := range t.variants {
		if v.shape != "unit" {
			unitOnly = false
		}
	}
	n := len(t.variants)
	var explicit bool
	if unitOnly {
		explicit = r.chance(50)
	} else if v07 {
		explicit = r.chance(20)
	} else {
		explicit = r.chance(35)
	}

	// Source repr: ignored by rkyv, but it must compile and it bounds the
	// discriminant values. Data enums with explicit discriminants need an
	// integer repr.
	var repr string
	switch {
	case !unitOnly && explicit:
		repr = []string{"u8", "u16", "i32", "u32", "C, u8"}[r.weighted(10, 2, 2, 1, 1)]
	case !unitOnly:
		repr = []string{"", "u8", "C", "C, u8"}[r.weighted(12, 4, 3, 1)]
	case n > 256:
		repr = []string{"", "u16", "i32", "C"}[r.weighted(5, 2, 2, 1)]
	default:
		repr = []string{"", "u8", "C", "u16", "i32"}[r.weighted(10, 5, 2, 1, 2)]
	}
	if repr != "" {
		t.attrs = append(t.attrs, "#[repr("+repr+")]")
	}
	if v07 && r.chance(20) {
		opts := []string{"u16", "u32", "u64"}
		ws := []int{6, 2, 1}
		if n <= 256 {
			opts = append(opts, "u8")
			ws = append(ws, 2)
		}
		t.attrs = append(t.attrs, "#[archive_attr(repr("+opts[r.weighted(ws...)]+"))]")
	}
	if !explicit {
		return
	}
	// Discriminant range: rkyv 0.8 archives the tag as u8 with the source
	// discriminant values, so they must be in 0..=255 there.
	lo, hi := 0, 255
	if v07 {
		switch repr {
		case "u8", "C, u8":
		case "u16", "u32":
			hi = 1000
		default:
			lo, hi = -20, 1000
		}
	}
	used := map[int]bool{}
	cur := 0
	pct := 40
	if t.big {
		pct = 3
	}
	for k, v := range t.variants {
		val := cur
		if k == 0 {
			val = 0
		}
		force := used[val] || val > hi
		if force || r.chance(pct) {
			for {
				val = r.between(lo, hi)
				if !used[val] {
					break
				}
			}
			v.discr = fmtDiscr(r, val)
		}
		used[val] = true
		cur = val + 1
	}
}

func fmtDiscr(r *rng, v int) string {
	if v >= 0 && r.chance(20) {
		return fmt.Sprintf("0x%X", v)
	}
	return fmt.Sprint(v)
}

// ---------------------------------------------------------------------------
// Rendering.

func (g *gen) render(seed int64) string {
	r := g.r
	var b strings.Builder
	fmt.Fprintf(&b, "// cellvet oracle schema: family %s, seed %d\n", g.fam, seed)
	b.WriteString("use rkyv::Archive;\n")
	// use lines, grouped by module, deterministic order
	byMod := map[string][]string{}
	for name, mod := range g.imports {
		byMod[mod] = append(byMod[mod], name)
	}
	mods := make([]string, 0, len(byMod))
	for m := range byMod {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		names := byMod[m]
		sort.Strings(names)
		if len(names) == 1 {
			fmt.Fprintf(&b, "use %s::%s;\n", m, names[0])
		} else if r.chance(50) {
			fmt.Fprintf(&b, "use %s::{%s};\n", m, strings.Join(names, ", "))
		} else {
			for _, nm := range names {
				fmt.Fprintf(&b, "use %s::%s;\n", m, nm)
			}
		}
	}
	// items: types in source order, consts at random positions
	constAt := make([]int, len(g.consts))
	for i := range constAt {
		constAt[i] = r.intn(len(g.order) + 1)
	}
	writeConsts := func(pos int) {
		for i, c := range g.consts {
			if constAt[i] == pos {
				fmt.Fprintf(&b, "\n%sconst %s: usize = %d;\n", c.vis, c.name, c.value)
			}
		}
	}
	for pos, i := range g.order {
		writeConsts(pos)
		b.WriteString("\n")
		if r.chance(8) {
			b.WriteString("// --- section ---\n")
		}
		g.renderType(&b, g.types[i])
	}
	writeConsts(len(g.order))
	return b.String()
}

func (g *gen) omitAttr() string {
	if g.fam.Is07() {
		return "#[omit_bounds]"
	}
	return "#[rkyv(omit_bounds)]"
}

func (g *gen) renderType(b *strings.Builder, t *tdecl) {
	if t.doc {
		fmt.Fprintf(b, "/// The %s message.\n", strings.ToLower(t.Name))
	}
	b.WriteString("#[derive(Archive)]\n")
	for _, a := range t.attrs {
		b.WriteString(a + "\n")
	}
	if t.Kind == "struct" {
		switch t.Shape {
		case "unit":
			fmt.Fprintf(b, "%sstruct %s;\n", t.vis, t.Name)
		case "tuple":
			fmt.Fprintf(b, "%sstruct %s(", t.vis, t.Name)
			g.tupleFields(b, t.fields)
			b.WriteString(");\n")
		default:
			fmt.Fprintf(b, "%sstruct %s {", t.vis, t.Name)
			if len(t.fields) == 0 {
				b.WriteString("}\n")
				return
			}
			b.WriteString("\n")
			g.namedFields(b, t.fields, "    ")
			b.WriteString("}\n")
		}
		return
	}
	fmt.Fprintf(b, "%senum %s {\n", t.vis, t.Name)
	for _, v := range t.variants {
		b.WriteString("    " + v.name)
		switch v.shape {
		case "tuple":
			b.WriteString("(")
			g.tupleFields(b, v.fields)
			b.WriteString(")")
		case "named":
			if len(v.fields) == 0 {
				b.WriteString(" {}")
			} else {
				b.WriteString(" {\n")
				g.namedFields(b, v.fields, "        ")
				b.WriteString("    }")
			}
		}
		if v.discr != "" {
			b.WriteString(" = " + v.discr)
		}
		b.WriteString(",\n")
	}
	b.WriteString("}\n")
}

func (g *gen) tupleFields(b *strings.Builder, fs []*field) {
	for k, f := range fs {
		if k > 0 {
			b.WriteString(", ")
		}
		if f.omit {
			b.WriteString(g.omitAttr() + " ")
		}
		b.WriteString(f.vis + f.Type)
	}
}

func (g *gen) namedFields(b *strings.Builder, fs []*field, indent string) {
	for _, f := range fs {
		if f.doc {
			fmt.Fprintf(b, "%s/// The %s.\n", indent, f.Name)
		}
		if f.omit {
			b.WriteString(indent + g.omitAttr() + "\n")
		}
		fmt.Fprintf(b, "%s%s%s: %s,\n", indent, f.vis, f.Name, f.Type)
	}
}
