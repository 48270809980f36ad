package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/cellvet/cellvet/internal/celltag"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// problem is one difference between a Go type and the lock.
type problem struct {
	pos      token.Pos // the Go field or type; NoPos: where the check started
	path     string    // Go path, e.g. "Quote.Legs[].Price"
	category string
	msg      string // after the path
	lockPos  lockRef
	lockWhat string     // what the lock position is, for Related
	tagFix   *tagFix    // a cell.Enum variant's tag the fix sets, or nil
	typeFix  *typeFix   // the Go type the fix gives a field, or nil
	declFix  []declEdit // the decl tags the fix sets, or nil
}

// comparer compares Go types with a cell's archived layouts under the
// target's sizes. It collects every difference, not just the first.
type comparer struct {
	cell   *cellData
	sizes  types.Sizes
	maxAl  uint64 // the largest alignment Go can express on the target
	pw     uint64 // the profile's pointer width in bytes
	local  *types.Package
	bound  func(*types.TypeName) *binding // the directive binding of a type, or nil
	probs  []problem
	active map[*types.Named]bool // cycle guard (a Go type cannot hold itself by value, but be safe)
}

func (c *comparer) add(pos token.Pos, path, category string, lp lockRef, what string, format string, args ...any) {
	c.probs = append(c.probs, problem{pos: pos, path: path, category: category, msg: fmt.Sprintf(format, args...), lockPos: lp, lockWhat: what})
}

// localPos returns the position of v when it is declared in the package
// under analysis, where a diagnostic can point at it; else NoPos.
func (c *comparer) localPos(v types.Object) token.Pos {
	if v != nil && v.Pkg() == c.local {
		return v.Pos()
	}
	return token.NoPos
}

// structWant is the archived layout a Go struct must have: a struct, or
// one variant of an enum (then the Go struct starts with the tag).
type structWant struct {
	rust   string // "market.Quote" or "market.Msg::Ack", for messages
	size   uint64
	align  uint64
	pos    lockRef
	fields []fieldWant
	// Variants only:
	variant bool
	tag     string // the tag's Rust integer type
	tagVal  uint64
}

type fieldWant struct {
	name  string
	rt    *rustschema.Type
	with  bool // #[rkyv(with = ...)]: the archived type is the wrapper's
	off   uint64
	size  uint64
	align uint64
	pos   lockRef
}

// wantStruct returns the expectation for Rust type name (and variant, or
// ""), from the lock's layout (which may be measured) and the schema's
// field types.
func (cd *cellData) wantStruct(name, variant string) (*structWant, string) {
	lt := cd.Type(name)
	def := cd.schema.Lookup(name)
	if lt == nil || def == nil {
		return nil, fmt.Sprintf("cell %s has no type %s", cd.Name, name)
	}
	w := &structWant{rust: cd.Name + "." + name, size: lt.Size, align: lt.Align, pos: lockRef{cell: cd.Name, typ: name}}
	var lfs []lockfile.Field
	var sfs []*rustschema.Field
	switch {
	case variant != "":
		if lt.Kind != "enum" {
			return nil, fmt.Sprintf("%s is a struct, not an enum: bind it as %s", w.rust, w.rust)
		}
		lv := lt.Variant(variant)
		var sv *rustschema.Variant
		for _, v := range def.Variants {
			if v.Name == variant {
				sv = v
			}
		}
		if lv == nil || sv == nil {
			return nil, fmt.Sprintf("enum %s has no variant %s (it has %s)", w.rust, variant, variantNames(lt))
		}
		w.rust += "::" + variant
		w.variant, w.tag, w.tagVal, w.pos = true, lt.Tag, lv.Tag, lockRef{cell: cd.Name, typ: name, variant: variant}
		lfs, sfs = lv.Fields, sv.Fields
	case lt.Kind == "enum":
		if !def.Fieldless() {
			return nil, fmt.Sprintf("%s is an enum with fields: want cell.Enum[V, [%d]byte], or a struct bound to one variant (%s::VARIANT)", w.rust, lt.Size, w.rust)
		}
		return nil, ""
	default:
		lfs, sfs = lt.Fields, def.Fields
	}
	if len(lfs) != len(sfs) {
		return nil, fmt.Sprintf("cell.lock and the canonical schema of %s disagree on its fields", cd.Name)
	}
	for i, f := range lfs {
		w.fields = append(w.fields, fieldWant{name: f.Name, rt: sfs[i].Type, with: len(sfs[i].With) > 0, off: f.Offset, size: f.Size, align: f.Align, pos: lockRef{cd.Name, name, variant, f.Name}})
	}
	return w, ""
}

func variantNames(t *lockfile.Type) string {
	var ns []string
	for _, v := range t.Variants {
		ns = append(ns, v.Name)
	}
	return strings.Join(ns, ", ")
}

// compareStruct compares Go struct type g, reached at path, with w.
// pos is where to report problems of g itself. Offsets, the size and the
// alignment are checked last, against the layout g would have with its
// fields' own problems fixed (checkLayout): one wrong field is one
// diagnostic, not one for every field after it.
func (c *comparer) compareStruct(g types.Type, st *types.Struct, w *structWant, path string, pos token.Pos) {
	n := st.NumFields()
	vars := make([]*types.Var, n)
	for i := range n {
		vars[i] = st.Field(i)
	}
	offs := c.sizes.Offsetsof(vars)
	byName := map[string]int{}
	for i, f := range w.fields {
		byName[f.name] = i
	}
	seen := make([]bool, len(w.fields))
	sawTag := false
	// A tuple's fields are named "0", "1", ...: untagged Go fields bind to
	// them in order.
	tuple := len(w.fields) > 0 && w.fields[0].name == "0"
	pos0 := 0
	var decls []declField
	var bound []boundField
	for i, v := range vars {
		fpath := path + "." + v.Name()
		fpos := c.localPos(v)
		if fpos == token.NoPos {
			fpos = pos
		}
		rname, isTag := fieldTag(st.Tag(i), v.Name())
		if _, err := cellTag(st.Tag(i)); tagProblem(err, "decl") != nil {
			c.add(fpos, fpath, "directive", w.pos, w.rust, "%v", err)
		}
		if t, err := cellTag(st.Tag(i)); err == nil && t.Misplaced(typeString(g, c.local), v.Name() == "_") != "" {
			c.add(fpos, fpath, "directive", w.pos, w.rust, "%s", t.Misplaced(typeString(g, c.local), v.Name() == "_"))
		}
		if t, _ := cellTag(st.Tag(i)); tuple && t.Name == "" && !isTag && v.Name() != "_" {
			rname = fmt.Sprint(pos0)
			pos0++
		}
		switch {
		case v.Name() == "_":
			c.goType(v.Type(), fpath, fpos) // padding must still be fixed-size
			continue
		case !isTag:
			decls = append(decls, c.declOf(v, st.Tag(i), fpath, fpos, w))
		}
		if isTag {
			// After another field, the tag is out of order (checkLayout).
			if b, ok := c.compareTagField(v, i, offs[i] != 0 && len(bound) == 0, fpath, fpos, w); ok {
				bound = append(bound, b)
				sawTag = true
			}
			continue
		}
		j, ok := byName[rname]
		if !ok {
			c.add(fpos, fpath, "field", w.pos, w.rust, "%s has no field %s (it has %s)", w.rust, rname, fieldNames(w.fields))
			continue
		}
		if seen[j] {
			c.add(fpos, fpath, "field", w.fields[j].pos, w.rust+"."+rname, "a second Go field is bound to %s.%s", w.rust, rname)
			continue
		}
		seen[j] = true
		decls[len(decls)-1].rust = j
		bound = append(bound, c.compareBoundField(v, i, j, fpath, fpos, w))
		c.checkEnumSet(st.Tag(i), v, w.fields[j], fpath, fpos, w.rust+"."+w.fields[j].name)
	}
	for j, f := range w.fields {
		if !seen[j] {
			c.add(pos, path, "missing", f.pos, w.rust+"."+f.name, "no Go field for %s.%s (%s at offset %d)", w.rust, f.name, f.rt, f.off)
		}
	}
	c.checkDecl(w, decls, path, pos)
	if w.variant && !sawTag {
		c.add(pos, path, "tag", w.pos, w.rust, "no tag field: a struct bound to the variant %s starts with its %s tag, tagged `cell:\",tag\"`", w.rust, w.tag)
	}
	c.checkLayout(g, vars, offs, bound, seen, w, path, pos)
}

// compareTagField compares a variant struct's tag field (the i-th) with
// the variant's tag, reporting it is not at offset 0 when misplaced; false
// when w is no variant.
func (c *comparer) compareTagField(v *types.Var, i int, misplaced bool, path string, pos token.Pos, w *structWant) (boundField, bool) {
	if !w.variant {
		c.add(pos, path, "tag", w.pos, w.rust, "tag field in a struct bound to %s, which is not an enum variant", w.rust)
		return boundField{}, false
	}
	if misplaced {
		c.add(pos, path, "tag", w.pos, w.rust, "the tag field must be at offset 0")
	}
	np := len(c.probs)
	c.prim(v.Type(), w.tag, path, pos, w.pos, w.rust+" tag")
	c.offerType(np, v, &rustschema.Type{Kind: rustschema.Prim, Name: w.tag})
	return boundField{v: v, goIdx: i, j: -1, path: path, pos: pos, wrong: len(c.probs) > np}, true
}

// compareBoundField compares Go field v (the i-th) with w's j-th field.
func (c *comparer) compareBoundField(v *types.Var, i, j int, path string, pos token.Pos, w *structWant) boundField {
	f := w.fields[j]
	np := len(c.probs)
	c.compareField(v.Type(), f, path, pos, w.rust+"."+f.name)
	if !f.with {
		c.offerType(np, v, f.rt)
	}
	// A field bound elsewhere is reported there: here it takes the
	// lock's place whatever its Go size.
	wrong := len(c.probs) > np || c.typeBinding(v.Type()) != nil
	return boundField{v: v, goIdx: i, j: j, path: path, pos: pos, wrong: wrong}
}

// offerType attaches the fix that sets v's type to the one mirroring rt
// to the first kind or gotype problem found since np, when that type is
// certain and v's own type is not a named type of the author's.
func (c *comparer) offerType(np int, v *types.Var, rt *rustschema.Type) {
	p := c.localPos(v)
	if p == token.NoPos || userNamed(v.Type()) {
		return
	}
	want := c.goFor(rt)
	if want == "" {
		return
	}
	for k := np; k < len(c.probs); k++ {
		if cat := c.probs[k].category; cat == "kind" || cat == "gotype" {
			c.probs[k].typeFix = &typeFix{pos: p, want: want}
			return
		}
	}
}

// sizeAlign compares g's size and alignment with the archived ones.
func (c *comparer) sizeAlign(g types.Type, size, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	c.layoutProblem(uint64(c.sizes.Sizeof(g)), uint64(c.sizes.Alignof(g)), size, align, path, pos, lp, what)
}

// layoutProblem reports a size gotSize and an alignment gotAlign that are
// not the archived size and align: one diagnostic, for one cause.
func (c *comparer) layoutProblem(gotSize, gotAlign, size, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	// Go cannot align above its largest alignment (8, or 4 on 32-bit
	// targets for 64-bit values): a u128 or a 386 uint64 cannot be
	// mirrored exactly, and what matters for the bytes is then only that
	// every offset and the size agree, which the other checks see.
	badSize, badAlign := gotSize != size, gotAlign != min(align, c.maxAl)
	switch {
	case badSize && badAlign:
		c.add(pos, path, "size", lp, what, "size %d and alignment %d, cell.lock says %d and %d (%s)", gotSize, gotAlign, size, align, what)
	case badSize:
		c.add(pos, path, "size", lp, what, "size %d, cell.lock says %d (%s)", gotSize, size, what)
	case badAlign:
		c.add(pos, path, "align", lp, what, "alignment %d, cell.lock says %d (%s)", gotAlign, align, what)
	}
}

// alignOnly compares g's alignment with the archived one.
func (c *comparer) alignOnly(g types.Type, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	a := uint64(c.sizes.Alignof(g))
	c.layoutProblem(0, a, 0, align, path, pos, lp, what)
}

func (c *comparer) compareField(g types.Type, f fieldWant, path string, pos token.Pos, what string) {
	if f.with {
		// A with-wrapper replaces the archived type by its own, which
		// the schema does not describe: only the bytes can be mirrored.
		if !c.opaque(g, f.size) {
			c.add(pos, path, "kind", f.pos, what, "%s is archived through a with-wrapper: want [%d]byte", what, f.size)
		}
		return
	}
	c.compareType(g, f.rt, f.size, f.align, path, pos, f.pos, what)
}

// compareType compares g with the archived form of Rust type rt, whose
// archived size and alignment are size and align.
func (c *comparer) compareType(g types.Type, rt *rustschema.Type, size, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	switch rt.Kind {
	case rustschema.HashMap, rustschema.HashSet, rustschema.BTreeMap, rustschema.BTreeSet:
		// Whatever the Go type: no Go value can be sent as one, and
		// the bytes of a received one point at data no view reads.
		c.add(pos, path, "unsupported", lp, what, "%s is a %s: the cell runtime carries no maps or sets", what, rt)
		return
	case rustschema.Std:
		if rustschema.StdPointer(rt.Name) {
			// Like a map: no Go value can be sent as one, and no view
			// reads what a received one points at.
			c.add(pos, path, "unsupported", lp, what, "%s is a %s: the cell runtime does not carry it", what, rt)
			return
		}
	case rustschema.TupleType:
		if n := c.cell.tupleOutOfLine(rt); n >= 2 {
			c.add(pos, path, "unsupported", lp, what, "%s is an rkyv 0.7 tuple %s with %d elements holding out-of-line data, which the cell runtime does not carry", what, rt, n)
			return
		}
	}
	if !c.goTypeFor(g, rt, size, path, pos, lp, what) {
		return
	}
	if view, arg := c.view(g); view != "" {
		c.compareView(g, view, arg, rt, size, align, path, pos, lp, what)
		return
	}
	switch rt.Kind {
	case rustschema.Prim:
		if rt.Name == "u128" || rt.Name == "i128" || rt.Name == "NonZeroU128" || rt.Name == "NonZeroI128" {
			if !c.opaque(g, 16) && !isArrayOf(g, types.Uint64, 2) {
				c.mismatch(g, rt, size, path, pos, lp, what)
				return
			}
			break
		}
		c.prim(g, rt.Name, path, pos, lp, what)
		return
	case rustschema.UnitType, rustschema.PhantomData:
		if s := c.sizes.Sizeof(g); s != 0 {
			c.add(pos, path, "size", lp, what, "size %d, cell.lock says 0 (%s %s): want struct{}", s, what, rt)
		}
		return
	case rustschema.Array:
		ga, ok := g.Underlying().(*types.Array)
		if !ok {
			c.mismatch(g, rt, size, path, pos, lp, what)
			return
		}
		if uint64(ga.Len()) != rt.Len {
			c.add(pos, path, "kind", lp, what, "array length %d, cell.lock says %d (%s %s)", ga.Len(), rt.Len, what, rt)
			return
		}
		es, ea, err := c.cell.layoutOf(rt.Elem())
		if err != nil {
			return
		}
		c.compareType(ga.Elem(), rt.Elem(), es, ea, path+"[]", pos, lp, what+"[]")
		return
	case rustschema.Local:
		c.compareLocal(g, rt, path, pos, lp, what)
		return
	case rustschema.TupleType:
		if c.cell.Profile.Rkyv == "0.8" {
			if st, ok := g.Underlying().(*types.Struct); ok {
				c.compareTuple(g, st, rt, size, align, path, pos, lp, what)
				return
			}
		}
		if !c.opaque(g, size) {
			c.mismatch(g, rt, size, path, pos, lp, what)
		}
		return // a byte array of the right size: only its place is checked
	default:
		// Result, Duration, the other std types (IpAddr, Range<T>,
		// ...): no Go view mirrors them, so only their bytes can be.
		if !c.opaque(g, size) {
			c.mismatch(g, rt, size, path, pos, lp, what)
		}
		return
	}
	c.sizeAlign(g, size, align, path, pos, lp, what)
}

// mismatch reports that g does not mirror rt, with the Go type rt wants.
func (c *comparer) mismatch(g types.Type, rt *rustschema.Type, size uint64, path string, pos token.Pos, lp lockRef, what string) {
	c.add(pos, path, "kind", lp, what, "%s does not match %s %s: want %s", typeString(g, c.local), what, rt, c.advice(rt, size))
}

// compareLocal compares g with a struct or enum of the schema, held by
// value in a field.
func (c *comparer) compareLocal(g types.Type, rt *rustschema.Type, path string, pos token.Pos, lp lockRef, what string) {
	lt := c.cell.Type(rt.Name)
	if lt == nil {
		return // the lock was validated: cannot happen
	}
	if named, ok := types.Unalias(g).(*types.Named); ok {
		if b := c.bound(named.Obj()); b != nil && b.cell == c.cell.Name && b.typ == rt.Name && b.variant == "" {
			return // checked, and reported, where it is declared
		}
		if c.active[named] {
			return
		}
		c.active[named] = true
		defer delete(c.active, named)
	}
	if lt.Kind == "enum" {
		def := c.cell.schema.Lookup(rt.Name)
		if def != nil && def.Fieldless() {
			np := len(c.probs)
			if c.prim(g, lt.Tag, path, pos, lp, what); len(c.probs) == np {
				c.sizeAlign(g, lt.Size, lt.Align, path, pos, lp, what)
			}
			return
		}
		switch {
		case c.opaque(g, lt.Size):
		case overEnum(g):
			c.add(pos, path, "kind", lp, what, "%s is a defined type over cell.Enum, which the runtime does not take for one: want an alias of cell.Enum", typeString(g, c.local))
		default:
			c.add(pos, path, "kind", lp, what, "%s does not match %s %s, an enum with fields: want cell.Enum[V, [%d]byte] or [%d]byte", typeString(g, c.local), what, rt.Name, lt.Size, lt.Size)
		}
		return
	}
	st, ok := g.Underlying().(*types.Struct)
	if !ok {
		c.add(pos, path, "kind", lp, what, "%s does not match %s %s: want a struct mirroring %s.%s", typeString(g, c.local), what, rt.Name, c.cell.Name, rt.Name)
		return
	}
	w, msg := c.cell.wantStruct(rt.Name, "")
	if w == nil {
		c.add(pos, path, "bind", lp, what, "%s", msg)
		return
	}
	c.compareStruct(g, st, w, path, pos)
}

// compareTuple compares a Go struct with an rkyv 0.8 tuple, which is
// archived as a repr(C) struct of its elements.
func (c *comparer) compareTuple(g types.Type, st *types.Struct, rt *rustschema.Type, size, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	var ws []fieldWant
	var off uint64
	for i, e := range rt.Args {
		es, ea, err := c.cell.layoutOf(e)
		if err != nil {
			return
		}
		off = alignUp(off, ea)
		ws = append(ws, fieldWant{name: fmt.Sprint(i), rt: e, off: off, size: es, align: ea, pos: lp})
		off += es
	}
	w := &structWant{rust: what, size: size, align: align, pos: lp, fields: ws}
	c.compareStruct(g, st, w, path, pos)
}

func alignUp(off, a uint64) uint64 {
	if a == 0 {
		return off
	}
	return (off + a - 1) / a * a
}

// view reports whether g is one of the runtime's archived view types and
// which, with its type argument.
func (c *comparer) view(g types.Type) (string, types.Type) {
	named, ok := types.Unalias(g).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != RuntimePath {
		return "", nil
	}
	switch name := named.Obj().Name(); name {
	case "String":
		return name, nil
	case "Vec", "Box", "Option":
		if ta := named.TypeArgs(); ta != nil && ta.Len() == 1 {
			return name, ta.At(0)
		}
	case "Enum":
		if ta := named.TypeArgs(); ta != nil && ta.Len() == 2 {
			return name, nil
		}
	}
	return "", nil
}

// compareView compares a runtime view type with the Rust container it
// must mirror.
func (c *comparer) compareView(g types.Type, view string, arg types.Type, rt *rustschema.Type, size, align uint64, path string, pos token.Pos, lp lockRef, what string) {
	var want string
	var elem *rustschema.Type
	switch rt.Kind {
	case rustschema.String:
		want = "String"
	case rustschema.Vec:
		want, elem = "Vec", rt.Elem()
	case rustschema.Option:
		want, elem = "Option", rt.Elem()
	case rustschema.Box:
		switch e := rt.Elem(); e.Kind {
		case rustschema.Str:
			// Box<str> is a relative pointer and a byte length, without
			// String's inline form: the bytes of a Vec<u8>.
			want, elem = "Vec", &rustschema.Type{Kind: rustschema.Prim, Name: "u8"}
		case rustschema.Slice:
			want, elem = "Vec", e.Elem() // and Box<[T]> a Vec<T>'s
		default:
			want, elem = "Box", e
		}
	case rustschema.Local:
		if c.dataEnum(rt.Name) != nil {
			want = "Enum"
		}
	}
	if want != view {
		c.add(pos, path, "kind", lp, what, "cell.%s does not match %s %s: want %s", view, what, rt, c.advice(rt, size))
		return
	}
	if view == "Enum" {
		c.compareEnumField(g, rt.Name, path, pos, lp, what)
		return
	}
	np := len(c.probs)
	if elem != nil && arg != nil {
		es, ea, err := c.cell.layoutOf(elem)
		if err == nil {
			c.compareType(arg, elem, es, ea, path+"["+view+"]", pos, lp, what+"["+view+"]")
		}
	}
	if len(c.probs) > np {
		return // the element's problem is the view's size
	}
	if view != "Option" && c.pw != 4 {
		c.add(pos, path, "size", lp, what, "cell.%s mirrors pointer width 32, but cell %s is archived with pointer width %d: no view type fits", view, c.cell.Name, c.pw*8)
		return
	}
	c.sizeAlign(g, size, align, path, pos, lp, what)
}

// prim compares g with the Rust primitive (or tag type) name.
func (c *comparer) prim(g types.Type, name, path string, pos token.Pos, lp lockRef, what string) {
	char := isRuntimeType(g, "Char")
	switch {
	case char && name == "char":
		return
	case char:
		c.add(pos, path, "kind", lp, what, "cell.Char does not match %s %s: want %s", what, name, kindNames(c.goKinds(name)))
		return
	case name == "char":
		// rune and uint32 hold a char's bytes (accepted as before
		// cell.Char), unvalidated; cell.Char is its type.
		if b, ok := g.Underlying().(*types.Basic); ok && (b.Kind() == types.Int32 || b.Kind() == types.Uint32) {
			return
		}
		c.add(pos, path, "kind", lp, what, "%s does not match %s char: want cell.Char", typeString(g, c.local), what)
		return
	}
	kinds := c.goKinds(name)
	b, ok := g.Underlying().(*types.Basic)
	if ok {
		for _, k := range kinds {
			if b.Kind() == k {
				return
			}
		}
	}
	c.add(pos, path, "kind", lp, what, "%s does not match %s %s: want %s", typeString(g, c.local), what, name, kindNames(kinds))
}

func kindNames(kinds []types.BasicKind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, types.Typ[k].Name())
	}
	return strings.Join(names, " or ")
}

// isRuntimeType reports whether g is (an alias of) the runtime's type
// name, or an instance of it.
func isRuntimeType(g types.Type, name string) bool {
	named, ok := types.Unalias(g).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == RuntimePath && named.Obj().Name() == name
}

// goKinds returns the Go basic kinds that mirror a Rust primitive.
func (c *comparer) goKinds(name string) []types.BasicKind {
	name = strings.TrimPrefix(name, "NonZero")
	switch strings.ToLower(name) {
	case "u8":
		return []types.BasicKind{types.Uint8}
	case "i8":
		return []types.BasicKind{types.Int8}
	case "u16":
		return []types.BasicKind{types.Uint16}
	case "i16":
		return []types.BasicKind{types.Int16}
	case "u32":
		return []types.BasicKind{types.Uint32}
	case "i32":
		return []types.BasicKind{types.Int32}
	case "u64":
		return []types.BasicKind{types.Uint64}
	case "i64":
		return []types.BasicKind{types.Int64}
	case "usize":
		return c.goKinds(fmt.Sprintf("u%d", c.pw*8))
	case "isize":
		return c.goKinds(fmt.Sprintf("i%d", c.pw*8))
	case "f32":
		return []types.BasicKind{types.Float32}
	case "f64":
		return []types.BasicKind{types.Float64}
	case "bool":
		return []types.BasicKind{types.Bool}
	}
	return nil
}

// goType reports whether g has a fixed archived meaning; when it has not
// (int, pointers, strings, ...) it reports that and returns false. It is
// for padding, which mirrors no Rust type; goTypeFor is for fields.
func (c *comparer) goType(g types.Type, path string, pos token.Pos) bool {
	why := unfixed(g)
	if why == "" {
		return true
	}
	c.add(pos, path, "gotype", lockRef{}, "", "%s %s", typeString(g, c.local), why)
	return false
}

// goTypeFor is goType for a field mirroring rt: the advice is rt's.
func (c *comparer) goTypeFor(g types.Type, rt *rustschema.Type, size uint64, path string, pos token.Pos, lp lockRef, what string) bool {
	if unfixed(g) == "" {
		return true
	}
	c.add(pos, path, "gotype", lp, what, "%s does not match %s %s: want %s", typeString(g, c.local), what, rt, c.advice(rt, size))
	return false
}

// unfixed returns why g has no fixed archived meaning, or "".
func unfixed(g types.Type) string {
	switch u := g.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Int, types.Uint, types.Uintptr:
			return "has no fixed archived width"
		case types.String:
			return "is a Go string, not an archived one"
		case types.Complex64, types.Complex128:
			return "has no Rust counterpart"
		case types.UnsafePointer:
			return "is a pointer, not an archived relative one"
		}
	case *types.Pointer:
		return "is a pointer, not an archived relative one"
	case *types.Slice:
		return "is a Go slice, not an archived one"
	case *types.Map:
		return "is a Go map: the cell runtime carries no maps"
	case *types.Interface, *types.Signature, *types.Chan:
		return "has no archived form"
	case *types.Array:
		return unfixed(u.Elem())
	}
	return ""
}

// opaque reports whether g is a byte array of n bytes, the form any
// archived type can take when no Go type mirrors its structure.
func (c *comparer) opaque(g types.Type, n uint64) bool {
	return isArrayOf(g, types.Uint8, n)
}

func isArrayOf(g types.Type, k types.BasicKind, n uint64) bool {
	a, ok := g.Underlying().(*types.Array)
	if !ok || uint64(a.Len()) != n {
		return false
	}
	b, ok := a.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == k
}

// fieldTag returns the Rust field name a Go field binds to and whether it
// is the variant tag: the `cell:"name"` tag, else snake_case of the name.
func fieldTag(tag, goName string) (string, bool) {
	t, _ := cellTag(tag)
	switch {
	case t.IsTag:
		return t.Name, true
	case t.Name != "":
		return t.Name, false
	}
	return snake(goName), false
}

// cellTag parses a field's whole struct tag's `cell:"..."` value with the
// runtime's parser (internal/celltag); no cell tag is the empty one.
func cellTag(tag string) (celltag.Tag, error) {
	v, _ := reflect.StructTag(tag).Lookup("cell")
	return celltag.Parse(v)
}

// tagProblem returns the problem of a cell tag that the runtime refuses
// and the check of one option does not report itself (key: "decl" in a
// struct, "tag" in a variants struct), or nil.
func tagProblem(err error, key string) *celltag.Error {
	e, ok := err.(*celltag.Error)
	if !ok || e.Problem == celltag.BadNumber && e.Key == key {
		return nil
	}
	return e
}

// snake converts a Go name to snake_case: "BidSizes" → "bid_sizes",
// "OrderID" → "order_id", "HTTPPort" → "http_port".
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := 'A' <= r && r <= 'Z'
		if upper {
			if i > 0 && (!isUpper(rs[i-1]) || i+1 < len(rs) && !isUpper(rs[i+1]) && rs[i+1] != '_') && rs[i-1] != '_' {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isUpper(r rune) bool { return 'A' <= r && r <= 'Z' }

func fieldNames(fs []fieldWant) string {
	var ns []string
	for _, f := range fs {
		ns = append(ns, f.name)
	}
	if len(ns) == 0 {
		return "no fields"
	}
	return strings.Join(ns, ", ")
}

// typeString writes t for messages; a named non-struct type shows its
// underlying type too ("Side (uint16)"), since that is what is compared.
func typeString(t types.Type, local *types.Package) string {
	s := types.TypeString(t, types.RelativeTo(local))
	if _, ok := types.Unalias(t).(*types.Named); ok {
		switch t.Underlying().(type) {
		case *types.Basic, *types.Array:
			s += " (" + types.TypeString(t.Underlying(), types.RelativeTo(local)) + ")"
		}
	}
	return s
}
