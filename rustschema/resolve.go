package rustschema

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The resolver turns the AST into the model: it builds a TypeDef for
// every Archive type, resolves type paths (local types, aliases, use
// imports, std paths, the prelude), evaluates constant expressions, and
// checks what rustc and rkyv would reject: unknown names, non-Archive
// types used by Archive types, infinite-size recursion, duplicate names
// and discriminants.

// Limits that keep hostile input from exhausting time or stack.
const (
	maxTypeDepth  = 256     // nesting of a field's type after alias expansion
	maxTypeNodes  = 1 << 22 // type nodes in the schema after alias expansion
	maxAliasChain = 64      // aliases resolved inside aliases
	maxConstChain = 64      // constants evaluated inside constants
	maxImportHops = 16      // imports naming imports
)

// shared is the state of a crate's resolution that all its modules'
// resolvers share.
type shared struct {
	// borrows is set once a reference or a type archived only through a
	// wrapper was resolved: checkBorrows then looks for a field holding
	// one without a wrapper.
	borrows bool

	nodes      int  // type nodes, counting each alias use in full
	overBudget bool // maxTypeNodes was exceeded (reported once)

	// Model nodes are handed out from chunks: a schema costs a few large
	// allocations instead of one per node.
	typeBuf  slab[Type]
	argBuf   []*Type
	fieldBuf []Field
	fptrBuf  []*Field

	// todo holds the Archive types used but not yet resolved, queued
	// those ever put in todo (see crate.resolve).
	todo   []*TypeDef
	queued map[*TypeDef]bool
}

// use queues the Archive type d for resolution.
func (sh *shared) use(d *TypeDef) {
	if !sh.queued[d] {
		sh.queued[d] = true
		sh.todo = append(sh.todo, d)
	}
}

// resolver resolves the names of one module.
type resolver struct {
	*shared
	c *crate
	m *module
	s *source
	f *fileAST

	aliases map[string]*aliasInfo
	consts  map[string]*constInfo
	imports map[string][]*useDecl
	globs   []*useDecl

	// scope maps each name defined or imported in the module to what it
	// names, so that resolving a name is one map lookup.
	scope map[string]*scopeEntry
}

// scopeEntry is what a name of the module's scope refers to.
type scopeEntry struct {
	decl  *typeDecl
	alias *aliasInfo
	imps  []*useDecl
	// builtin marks a prelude or primitive type name that the module
	// neither defines nor imports; std is what it names.
	builtin bool
	std     stdType
}

const slabSize = 256

// mk returns a new Type with the value t.
func (r *resolver) mk(t Type) *Type {
	p := r.typeBuf.alloc(slabSize)
	*p = t
	return p
}

// args returns a new argument slice of length n.
func (r *resolver) args(n int) []*Type {
	if n > slabSize/4 {
		return make([]*Type, n)
	}
	if len(r.argBuf) < n {
		r.argBuf = make([]*Type, slabSize)
	}
	a := r.argBuf[:n:n]
	r.argBuf = r.argBuf[n:]
	return a
}

type aliasInfo struct {
	decl        *aliasDecl
	owner       *resolver // of the module defining it
	cfg         string    // a #[cfg] on it or on another definition of its name
	state       uint8     // 0 new, 1 resolving, 2 done
	typ         *Type
	size, depth int
}

type constInfo struct {
	decl  *constDecl
	owner *resolver
	cfg   string // as in aliasInfo
	state uint8  // 0 new, 1 evaluating, 2 done
	val   int64
	ok    bool
}

// tctx is the context of a type being resolved.
type tctx struct {
	def        *TypeDef // the type definition, for Self; nil in aliases
	user       string   // the Archive type the type belongs to, for messages
	aliasChain int
	depth      int
	maxDepth   int
}

// newResolver returns the resolver of module m, its names declared.
func newResolver(c *crate, m *module) *resolver {
	r := &resolver{
		shared:  c.shared,
		c:       c,
		m:       m,
		s:       m.s,
		f:       m.f,
		aliases: make(map[string]*aliasInfo, len(m.f.aliases)),
		consts:  make(map[string]*constInfo, len(m.f.consts)),
		imports: make(map[string][]*useDecl, len(m.f.uses)),
	}
	r.declare()
	return r
}

func (r *resolver) errorf(off int, format string, args ...any) {
	r.s.errorf(off, format, args...)
}

// text returns the source text of sp.
func (r *resolver) text(sp span) string { return r.s.src[sp.off:sp.end] }

// declare builds the name tables and reports duplicate definitions.
func (r *resolver) declare() {
	nnames := len(r.f.types) + len(r.f.aliases) + len(r.f.uses)
	r.scope = make(map[string]*scopeEntry, nnames)
	entries := make([]scopeEntry, 0, nnames) // never grows: pointers stay valid
	entry := func(name string) *scopeEntry {
		e := r.scope[name]
		if e == nil {
			entries = append(entries, scopeEntry{})
			e = &entries[len(entries)-1]
			r.scope[name] = e
		}
		return e
	}
	// Structs, enums and aliases share the type namespace; imports are
	// added to the scope only after them.
	for _, d := range r.f.types {
		if e := entry(d.name); !r.redefined(e, d.name, d.pos) {
			e.decl = d
		} else {
			d.dup = true
		}
	}
	for _, a := range r.f.aliases {
		e := entry(a.name)
		if e.alias != nil && (a.cfg != "" || e.alias.cfg != "") {
			// Definitions for different builds: an error only if used.
			e.alias.cfg = cmp.Or(e.alias.cfg, a.cfg)
			continue
		}
		if !r.redefined(e, a.name, a.pos) {
			info := &aliasInfo{decl: a, cfg: a.cfg, owner: r}
			r.aliases[a.name] = info
			e.alias = info
		}
	}
	for _, c := range r.f.consts {
		prev, ok := r.consts[c.name]
		if ok && (c.cfg != "" || prev.cfg != "") {
			prev.cfg = cmp.Or(prev.cfg, c.cfg)
			continue
		}
		if ok {
			r.errorf(c.pos, "the constant %s is defined multiple times (first at %s)", c.name, r.s.at(prev.decl.pos))
			continue
		}
		r.consts[c.name] = &constInfo{decl: c, cfg: c.cfg, owner: r}
	}
	for _, u := range r.f.uses {
		if u.glob {
			r.globs = append(r.globs, u)
		} else {
			r.imports[u.name] = append(r.imports[u.name], u)
			e := entry(u.name)
			e.imps = append(e.imps, u)
		}
	}
	// Builtins come after everything the file names (which shadows them)
	// and before glob imports (see lookupName).
	builtins := make([]scopeEntry, 0, len(builtinTypes))
	for name, st := range builtinTypes {
		if r.scope[name] == nil {
			builtins = append(builtins, scopeEntry{builtin: true, std: st})
			r.scope[name] = &builtins[len(builtins)-1]
		}
	}
}

// typeDecl returns the struct or enum called name, or nil.
func (r *resolver) typeDecl(name string) *typeDecl {
	if e := r.scope[name]; e != nil {
		return e.decl
	}
	return nil
}

// redefined reports a definition at pos of a name that e, its scope
// entry, already holds as a type or alias.
func (r *resolver) redefined(e *scopeEntry, name string, pos int) bool {
	var prev int
	switch {
	case e.decl != nil:
		prev = e.decl.pos
	case e.alias != nil:
		prev = e.alias.decl.pos
	default:
		return false
	}
	r.errorf(pos, "the name %s is defined multiple times (first at %s)", name, r.s.at(prev))
	return true
}

// resolveDef fills in the fields and variants of an Archive type.
func (r *resolver) resolveDef(d *typeDecl, def *TypeDef) {
	ctx := &tctx{def: def, user: def.Name}
	if d.kind == Struct {
		def.Fields = r.fields(d.fields, ctx)
		return
	}
	discType := d.repr.Int
	if discType == "" {
		discType = "isize"
	}
	_, hi, _ := intRange(discType)
	names := make(map[string]int, len(d.variants))   // variant name -> position
	discs := make(map[int64]string, len(d.variants)) // discriminant -> variant name
	var next int64
	nextOK, overflow := true, false
	var explicitAt, fieldsAt int
	def.Variants = make([]*Variant, 0, len(d.variants))
	vstore := make([]Variant, len(d.variants)) // one allocation for all variants
	for _, v := range d.variants {
		if prev, ok := names[v.name]; ok {
			r.errorf(v.pos, "variant %s is defined multiple times in enum %s (first at %s)", v.name, def.Name, r.s.at(prev))
		} else {
			names[v.name] = v.pos
		}
		vd := &vstore[len(def.Variants)]
		*vd = Variant{Name: v.name, Pos: r.s.pos(v.pos), Shape: v.shape, Fields: r.fields(v.fields, ctx)}
		def.Variants = append(def.Variants, vd)
		if v.shape != Unit && fieldsAt == 0 {
			fieldsAt = v.pos + 1
		}
		ok := nextOK
		if v.disc != nil {
			if explicitAt == 0 {
				explicitAt = v.disc.pos + 1
			}
			vd.Explicit = true
			vd.Disc, ok = r.eval(v.disc, discType, 0, false)
		} else {
			if overflow {
				r.errorf(v.pos, "enum discriminant overflowed: variant %s would follow %d, the largest %s", v.name, hi, discType)
				ok = false
			}
			vd.Disc = next
		}
		nextOK, overflow = ok, false
		if !ok {
			continue
		}
		if prev, dup := discs[vd.Disc]; dup {
			r.errorf(v.pos, "discriminant value %d is assigned more than once in enum %s (variants %s and %s)", vd.Disc, def.Name, prev, v.name)
		} else {
			discs[vd.Disc] = v.name
		}
		if vd.Disc == hi {
			overflow = true
			next = vd.Disc
		} else {
			next = vd.Disc + 1
		}
	}
	if explicitAt != 0 && fieldsAt != 0 && d.repr.Int == "" {
		r.errorf(explicitAt-1, "enum %s has variants with fields, so explicit discriminants need #[repr(inttype)] (e.g. #[repr(u8)])", def.Name)
	}
}

func (r *resolver) fields(list []fieldDecl, ctx *tctx) []*Field {
	if len(list) == 0 {
		return nil
	}
	out, store := r.fieldSlices(len(list))
	seen := make(map[string]int, len(list)) // field name -> position
	for i := range list {
		f := &list[i]
		name := r.fieldName(f)
		if prev, ok := seen[name]; ok {
			r.errorf(f.pos, "field %s is already declared (at %s)", name, r.s.at(prev))
		} else {
			seen[name] = f.pos
		}
		ctx.depth, ctx.maxDepth = 0, 0
		sf := &store[i]
		*sf = Field{Name: name, Pos: r.s.pos(f.pos), Type: r.typ(f.typ, ctx, false)}
		if f.with >= 0 {
			sf.With = r.f.withs[f.with]
		}
		out[i] = sf
	}
	return out
}

// fieldName returns the name of f: tuple fields are named "0", "1", ...
func (r *resolver) fieldName(f *fieldDecl) string {
	if f.name.off < 0 {
		return strconv.Itoa(int(f.name.end))
	}
	return r.text(f.name)
}

// fieldSlices returns a field store and a slice of pointers, both of
// length n, cut from the resolver's chunks.
func (r *resolver) fieldSlices(n int) ([]*Field, []Field) {
	if n > slabSize/4 {
		return make([]*Field, n), make([]Field, n)
	}
	if len(r.fieldBuf) < n {
		r.fieldBuf = make([]Field, slabSize)
	}
	if len(r.fptrBuf) < n {
		r.fptrBuf = make([]*Field, slabSize)
	}
	out, store := r.fptrBuf[:n:n], r.fieldBuf[:n:n]
	r.fptrBuf, r.fieldBuf = r.fptrBuf[n:], r.fieldBuf[n:]
	return out, store
}

// ---- types ----

// placeholder is returned after an error; the schema is discarded then.
func (r *resolver) placeholder(off int) *Type {
	return r.mk(Type{Kind: UnitType, Pos: r.s.pos(off)})
}

// typ resolves a type expression. unsized allows str and [T] (inside Box).
func (r *resolver) typ(id txID, ctx *tctx, unsized bool) *Type {
	e := r.f.node(id)
	if r.overBudget {
		return r.placeholder(e.pos)
	}
	ctx.depth++
	if ctx.depth > ctx.maxDepth {
		ctx.maxDepth = ctx.depth
	}
	t := r.typeNode(e, ctx, unsized)
	ctx.depth-- // not deferred: typ runs once per type node
	return t
}

// typeNode is typ inside the depth accounting.
func (r *resolver) typeNode(e *typeExpr, ctx *tctx, unsized bool) *Type {
	if !r.count(1, e.pos) {
		return r.placeholder(e.pos)
	}
	switch e.kind {
	case txBad:
		msg := r.f.msg(e)
		if msg == "" { // reported while parsing; resolve does not run then
			msg = "invalid type"
		}
		r.errorf(e.pos, "%s", msg)
		return r.placeholder(e.pos)
	case txTuple:
		elems := r.f.args(e)
		if len(elems) == 0 {
			return r.mk(Type{Kind: UnitType, Pos: r.s.pos(e.pos)})
		}
		t := r.mk(Type{Kind: TupleType, Pos: r.s.pos(e.pos), Args: r.args(len(elems))})
		for i, el := range elems {
			t.Args[i] = r.typ(el, ctx, false)
		}
		return t
	case txArray:
		t := r.mk(Type{Kind: Array, Pos: r.s.pos(e.pos), Args: r.args(1)})
		t.Args[0] = r.typ(r.f.args(e)[0], ctx, false)
		if n, ok := r.eval(r.f.exprs[e.extra], "usize", 0, false); ok {
			t.Len = uint64(n)
		}
		return t
	case txRef:
		r.borrows = true
		t := r.mk(Type{Kind: Ref, Pos: r.s.pos(e.pos), Args: r.args(1)})
		t.Args[0] = r.typ(r.f.args(e)[0], ctx, true)
		return t
	case txSlice:
		el := r.typ(r.f.args(e)[0], ctx, false)
		if !unsized {
			r.errorf(e.pos, "slice type %s is only supported as Box<%s>; use Vec<%s> for a growable list", el.sliceString(), el.sliceString(), el)
		}
		t := r.mk(Type{Kind: Slice, Pos: r.s.pos(e.pos), Args: r.args(1)})
		t.Args[0] = el
		return t
	}
	return r.pathType(e, ctx, unsized)
}

func (t *Type) sliceString() string { return "[" + t.String() + "]" }

// count adds n type nodes to the budget.
func (r *resolver) count(n, off int) bool {
	r.nodes += n
	if r.nodes > maxTypeNodes && !r.overBudget {
		r.overBudget = true
		r.errorf(off, "schema too large: more than %d type nodes after alias expansion", maxTypeNodes)
	}
	return !r.overBudget
}

func (r *resolver) pathType(e *typeExpr, ctx *tctx, unsized bool) *Type {
	lead := r.f.lead(e)
	for _, s := range lead {
		if s.hasArgs {
			r.errorf(s.pos, "generic arguments are only supported on the last segment of a type path")
			return r.placeholder(e.pos)
		}
	}
	name := r.text(e.name)
	if len(lead) == 0 && !e.global && name == "Self" {
		if ctx.def == nil {
			r.errorf(e.pos, "`Self` is only available inside a struct or enum definition")
			return r.placeholder(e.pos)
		}
		if e.nargs >= 0 {
			r.errorf(e.namePos, "`Self` takes no type arguments")
		}
		return r.mk(Type{Kind: Local, Name: ctx.def.Name, Def: ctx.def, Pos: r.s.pos(e.pos)})
	}
	var tg target
	var msg string
	var names []string
	if len(lead) == 0 && !e.global {
		tg, msg = r.lookupName(name, 0) // the common case, without allocating
	} else {
		names = make([]string, len(lead)+1)
		for i, s := range lead {
			names[i] = r.text(s.name)
		}
		names[len(lead)] = name
		tg, msg = r.lookup(names, e.global, 0)
	}
	switch {
	case msg != "":
		r.errorf(e.pos, "%s", msg)
		return r.placeholder(e.pos)
	case tg.decl != nil:
		return r.localType(tg.decl, e, ctx)
	case tg.alias != nil:
		return r.aliasType(tg.alias, e, ctx)
	}
	if names == nil {
		return r.stdType(tg.std, name, e, ctx, unsized)
	}
	return r.stdType(tg.std, strings.Join(names, "::"), e, ctx, unsized)
}

func (r *resolver) localType(d *typeDecl, e *typeExpr, ctx *tctx) *Type {
	if d.def == nil {
		r.errorf(e.pos, "type %s is used by Archive type %s but does not derive Archive; add #[derive(Archive)] to %s", d.name, ctx.user, d.name)
		return r.placeholder(e.pos)
	}
	if e.nargs >= 0 {
		r.errorf(e.namePos, "type %s takes no type arguments", d.name)
	}
	r.use(d.def)
	return r.mk(Type{Kind: Local, Name: d.def.Name, Def: d.def, Pos: r.s.pos(e.pos)})
}

// aliasType expands an alias. The alias is resolved once; each use gets a
// copy of the root carrying the use's position, sharing the rest.
func (r *resolver) aliasType(a *aliasInfo, e *typeExpr, ctx *tctx) *Type {
	name := a.decl.name
	if a.cfg != "" {
		r.errorf(e.pos, "%s", gated("type alias "+name+" is defined", a.cfg, r.s.at(a.decl.pos)))
		return r.placeholder(e.pos)
	}
	if a.decl.generic {
		r.errorf(e.pos, "generic type aliases are not supported: %s", name)
		return r.placeholder(e.pos)
	}
	if e.nargs >= 0 {
		r.errorf(e.pos, "type alias %s takes no type arguments", name)
		return r.placeholder(e.pos)
	}
	switch a.state {
	case 1:
		r.errorf(e.pos, "type alias %s refers to itself", name)
		return r.placeholder(e.pos)
	case 0:
		if ctx.aliasChain >= maxAliasChain {
			r.errorf(e.pos, "type aliases nested too deeply (more than %d)", maxAliasChain)
			return r.placeholder(e.pos)
		}
		a.state = 1
		actx := &tctx{user: ctx.user, aliasChain: ctx.aliasChain + 1}
		before := r.nodes
		a.typ = a.owner.typ(a.decl.typ, actx, false)
		a.size, a.depth = r.nodes-before, actx.maxDepth
		a.state = 2
		// The resolution itself is not counted: every use, this one
		// too, counts a.size below. (Counting both doubled the size of
		// each alias in a chain: 23 aliases made a tiny file too
		// large.) So the count is the size after alias expansion
		// whatever the order aliases are first used in.
		r.nodes = before
	}
	if d := ctx.depth + a.depth; d > maxTypeDepth {
		r.errorf(e.pos, "type nested too deeply after alias expansion (more than %d levels)", maxTypeDepth)
		return r.placeholder(e.pos)
	} else if d > ctx.maxDepth {
		ctx.maxDepth = d
	}
	if !r.count(a.size, e.pos) {
		return r.placeholder(e.pos)
	}
	t := r.mk(*a.typ)
	t.Pos = r.s.pos(e.pos)
	return t
}

// stdType builds a std or primitive type with its arguments.
func (r *resolver) stdType(st stdType, path string, e *typeExpr, ctx *tctx, unsized bool) *Type {
	pos := r.s.pos(e.pos)
	args := r.f.args(e)
	want, extra := st.arity()
	switch {
	case len(args) > want && len(args) <= want+1 && extra != "":
		r.errorf(r.f.node(args[want]).pos, "%s with a custom %s is not supported", lastSegment(path), extra)
		return r.placeholder(e.pos)
	case len(args) != want && !(want == 0 && e.nargs < 0):
		short := lastSegment(path) // for messages only
		switch {
		case want == 0:
			r.errorf(e.pos, "type %s takes no type arguments", short)
		case e.nargs < 0:
			r.errorf(e.pos, "missing type arguments: %s needs %d", short, want)
		default:
			r.errorf(e.pos, "%s takes %d type argument%s, found %d", short, want, plural(want), len(args))
		}
		return r.placeholder(e.pos)
	}
	switch {
	case st.kind == Prim && st.prim == "str":
		if !unsized {
			r.errorf(e.pos, "str is unsized: use String, or Box<str>")
			return r.placeholder(e.pos)
		}
		return r.mk(Type{Kind: Str, Pos: pos})
	case st.nonZero:
		a := r.typ(args[0], ctx, false)
		if a.Kind != Prim || !isIntTypeName(a.Name) {
			r.errorf(r.f.node(args[0]).pos, "NonZero<T> needs a primitive integer type, found %s", a)
			return r.placeholder(e.pos)
		}
		return r.mk(Type{Kind: Prim, Name: nonZeroName(a.Name), Pos: pos})
	case st.kind == Prim:
		return r.mk(Type{Kind: Prim, Name: st.prim, Pos: pos})
	}
	t := r.mk(Type{Kind: st.kind, Pos: pos})
	unsizedArgs := st.kind == Box
	if st.info != nil {
		if d := r.typeDecl(st.info.name); d != nil && d.archive && st.info.arity == 0 {
			// Both would be written with that name in the canonical
			// text (a std type with arguments is written with them, a
			// schema type never is): two schemas would share a
			// fingerprint.
			r.errorf(e.pos, "std type %s has the name of the schema type %s (at %s), so the fingerprint could not tell them apart; rename the schema type", path, d.name, r.s.at(d.pos))
		}
		t.Name, unsizedArgs = st.info.name, st.info.unsized
		r.borrows = r.borrows || st.info.wrapper != ""
	}
	if want > 0 {
		t.Args = r.args(want)
		for i, a := range args {
			t.Args[i] = r.typ(a, ctx, unsizedArgs)
		}
	}
	return t
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// nonZeroName maps u32 to NonZeroU32, usize to NonZeroUsize.
func nonZeroName(prim string) string {
	switch prim {
	case "usize":
		return "NonZeroUsize"
	case "isize":
		return "NonZeroIsize"
	}
	return "NonZero" + strings.ToUpper(prim[:1]) + prim[1:]
}

// ---- names ----

// stdType describes a std or primitive type a path can name.
type stdType struct {
	kind    TypeKind
	prim    string   // Prim: u8 ... NonZeroU32 ..., and "str"
	nonZero bool     // the generic NonZero<T>
	info    *stdInfo // Std
}

// arity returns the number of type arguments and what an extra argument
// would be (a hasher or an allocator), or "".
func (st stdType) arity() (int, string) {
	switch st.kind {
	case Vec, Box:
		return 1, "allocator"
	case BTreeSet:
		return 1, "allocator"
	case HashSet:
		return 1, "hasher"
	case Option, PhantomData:
		return 1, ""
	case Result:
		return 2, ""
	case HashMap:
		return 2, "hasher"
	case BTreeMap:
		return 2, "allocator"
	}
	if st.nonZero {
		return 1, ""
	}
	if st.info != nil {
		return st.info.arity, ""
	}
	return 0, ""
}

var primNames = []string{
	"u8", "u16", "u32", "u64", "u128", "usize",
	"i8", "i16", "i32", "i64", "i128", "isize",
	"f32", "f64", "bool", "char", "str",
}

// stdPaths maps every accepted full path of a std type to it; preludeTypes
// holds the names usable without a path.
var stdPaths, preludeTypes = func() (map[string]stdType, map[string]stdType) {
	m := map[string]stdType{}
	add := func(st stdType, paths ...string) {
		for _, p := range paths {
			m[p] = st
		}
	}
	add(stdType{kind: String}, "std::string::String", "alloc::string::String")
	add(stdType{kind: Vec}, "std::vec::Vec", "alloc::vec::Vec")
	add(stdType{kind: Box}, "std::boxed::Box", "alloc::boxed::Box")
	add(stdType{kind: Option}, "std::option::Option", "core::option::Option")
	add(stdType{kind: Result}, "std::result::Result", "core::result::Result")
	add(stdType{kind: HashMap}, "std::collections::HashMap", "std::collections::hash_map::HashMap")
	add(stdType{kind: HashSet}, "std::collections::HashSet", "std::collections::hash_set::HashSet")
	for _, c := range []string{"std", "alloc"} {
		add(stdType{kind: BTreeMap}, c+"::collections::BTreeMap", c+"::collections::btree_map::BTreeMap")
		add(stdType{kind: BTreeSet}, c+"::collections::BTreeSet", c+"::collections::btree_set::BTreeSet")
	}
	for _, c := range []string{"std", "core"} {
		add(stdType{kind: PhantomData}, c+"::marker::PhantomData")
		add(stdType{kind: Duration}, c+"::time::Duration")
		add(stdType{kind: Prim, nonZero: true}, c+"::num::NonZero")
		for _, p := range primNames {
			add(stdType{kind: Prim, prim: p}, c+"::primitive::"+p)
			if isIntTypeName(p) {
				add(stdType{kind: Prim, prim: nonZeroName(p)}, c+"::num::"+nonZeroName(p))
			}
		}
	}
	for _, si := range stdInfos {
		add(stdType{kind: Std, info: si}, si.paths...)
	}
	prelude := map[string]stdType{
		"String": {kind: String}, "Vec": {kind: Vec}, "Box": {kind: Box},
		"Option": {kind: Option}, "Result": {kind: Result},
	}
	return m, prelude
}()

// stdHome maps the short name of each std type that needs a use
// declaration to its usual path, for hints.
var stdHome = func() map[string]string {
	m := map[string]string{}
	for p := range stdPaths {
		short := lastSegment(p)
		if _, ok := preludeTypes[short]; ok || strings.Contains(p, "::primitive::") {
			continue
		}
		if cur, ok := m[short]; !ok || len(p) < len(cur) || len(p) == len(cur) && p < cur {
			if strings.HasPrefix(p, "std::") {
				m[short] = p
			}
		}
	}
	return m
}()

// builtinTypes holds the names usable without a use declaration: the
// prelude types and the primitive types.
var builtinTypes = func() map[string]stdType {
	m := map[string]stdType{}
	for n, st := range preludeTypes {
		m[n] = st
	}
	for _, p := range primNames {
		m[p] = stdType{kind: Prim, prim: p}
	}
	return m
}()

// target is what a type path names: a local definition, an alias or a
// std/primitive type.
type target struct {
	decl  *typeDecl
	alias *aliasInfo
	std   stdType
}

// lookup resolves a path. msg is a complete error message when it fails.
func (r *resolver) lookup(names []string, global bool, hops int) (target, string) {
	full := strings.Join(names, "::")
	if hops > maxImportHops {
		return target{}, fmt.Sprintf("cannot resolve %s: too many imports naming imports", full)
	}
	if len(names) == 1 && !global {
		return r.lookupName(names[0], hops)
	}
	first := names[0]
	switch {
	case global || (first == "std" || first == "core" || first == "alloc") && r.m.kids[first] == nil:
		return r.lookupStd(names)
	case first == "Self" || r.typeDecl(first) != nil || r.aliases[first] != nil:
		return target{}, fmt.Sprintf("associated types are not supported in schema types: %s", full)
	}
	if imps := r.imports[first]; len(imps) > 0 && r.m.kids[first] == nil {
		if msg := r.gatedImport(first, imps); msg != "" {
			return target{}, msg
		}
		if msg := r.ambiguous(first, imps); msg != "" {
			return target{}, msg
		}
		return r.lookup(append(slices.Clone(imps[0].path), names[1:]...), false, hops+1)
	}
	mod, why, local := r.c.moduleAt(r.m, names[:len(names)-1], hops)
	switch {
	case !local:
		return target{}, fmt.Sprintf("unknown type %s: %s is not a crate or module this schema knows (only std, core and alloc paths and the crate's own modules can be used)", full, first)
	case mod == nil:
		return target{}, fmt.Sprintf("cannot resolve %s: %s", full, why)
	}
	return mod.r.member(names[len(names)-1], full, hops+1)
}

// member resolves name as an item of this module, as a path into it
// (net::Packet) sees it: defined, imported or brought in by a glob, not
// the prelude.
func (r *resolver) member(name, full string, hops int) (target, string) {
	if e := r.scope[name]; e != nil && !e.builtin {
		return r.lookupName(name, hops)
	}
	if t, msg, ok := r.fromGlobs(name, hops); ok {
		return t, msg
	}
	var cands []string
	for _, d := range r.f.types {
		cands = append(cands, d.name)
	}
	for n := range r.imports {
		cands = append(cands, n)
	}
	msg := fmt.Sprintf("cannot resolve %s: %s has no type %s", full, r.m.name(), name)
	if s := Suggest(name, cands); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return target{}, msg
}

// lookupName resolves a single-segment name in Rust's order: local
// definitions, imports, glob imports, the prelude, primitive types.
func (r *resolver) lookupName(name string, hops int) (target, string) {
	if e := r.scope[name]; e != nil {
		if e.builtin {
			return target{std: e.std}, ""
		}
		imps := e.imps
		if (e.decl != nil || e.alias != nil) && len(imps) > 0 {
			return target{}, fmt.Sprintf("the name %s is both defined in this module and imported (at %s)", name, r.s.at(imps[0].pos))
		}
		switch {
		case e.decl != nil:
			return target{decl: e.decl}, ""
		case e.alias != nil:
			return target{alias: e.alias}, ""
		}
		if msg := r.gatedImport(name, imps); msg != "" {
			return target{}, msg
		}
		if msg := r.ambiguous(name, imps); msg != "" {
			return target{}, msg
		}
		t, msg := r.lookup(imps[0].path, false, hops+1)
		if msg != "" && hops == 0 { // name the import the user wrote, once
			return t, fmt.Sprintf("%s (imported as %s at %s)", msg, name, r.s.at(imps[0].pos))
		}
		return t, msg
	}
	if t, msg, ok := r.fromGlobs(name, hops); ok {
		return t, msg
	}
	return target{}, r.unknownName(name)
}

// fromGlobs resolves name through the module's glob imports: std paths,
// and modules of the crate (use super::*, pub use self::audit::*). In Rust
// glob imports shadow the prelude, but a std glob can only bring the same
// prelude and primitive types, so builtins go first: they were found in
// the scope before this is called.
func (r *resolver) fromGlobs(name string, hops int) (target, string, bool) {
	if hops > maxImportHops {
		return target{}, "", false
	}
	for _, g := range r.globs {
		if len(g.path) == 0 {
			continue
		}
		mod, _, local := r.c.moduleAt(r.m, g.path, hops)
		if !local {
			full := append(slices.Clone(g.path), name)
			if st, ok := stdPaths[strings.Join(full, "::")]; ok {
				if g.cfg != "" {
					return target{}, gated(name+" is imported by a glob", g.cfg, r.s.at(g.pos)), true
				}
				return target{std: st}, "", true
			}
			continue
		}
		if mod == nil {
			continue
		}
		if e := mod.r.scope[name]; e != nil && !e.builtin {
			if g.cfg != "" {
				return target{}, gated(name+" is imported by a glob", g.cfg, r.s.at(g.pos)), true
			}
			t, msg := mod.r.lookupName(name, hops+1)
			return t, msg, true
		}
		if t, msg, ok := mod.r.fromGlobs(name, hops+1); ok {
			return t, msg, true
		}
	}
	return target{}, "", false
}

// gated is the message for a name an Archive type needs that exists only
// under a #[cfg]: the schema would depend on build configuration.
func gated(what, cfg, at string) string {
	return fmt.Sprintf("%s under %s (at %s): the schema depends on the build; read it with the build's cfg set (--cfg flags)", what, cfg, at)
}

// gatedImport reports an import of name under a #[cfg].
func (r *resolver) gatedImport(name string, imps []*useDecl) string {
	for _, u := range imps {
		if u.cfg != "" {
			return gated(name+" is imported", u.cfg, r.s.at(u.pos))
		}
	}
	return ""
}

// ambiguous reports a name imported more than once from different paths.
func (r *resolver) ambiguous(name string, imps []*useDecl) string {
	p0 := strings.Join(imps[0].path, "::")
	for _, u := range imps[1:] {
		if p := strings.Join(u.path, "::"); p != p0 {
			return fmt.Sprintf("the name %s is imported more than once (%s at %s, %s at %s)", name, p0, r.s.at(imps[0].pos), p, r.s.at(u.pos))
		}
	}
	return ""
}

func (r *resolver) lookupStd(names []string) (target, string) {
	path := strings.Join(names, "::")
	if st, ok := stdPaths[path]; ok {
		return target{std: st}, ""
	}
	switch names[0] {
	case "std", "core", "alloc":
		return target{}, fmt.Sprintf("unsupported std type %s: rkyv does not archive it, or cellvet does not know its archived form (supported: %s)", path, supportedStd)
	}
	return target{}, fmt.Sprintf("unknown type ::%s: only std, core and alloc paths can start with ::", path)
}

// supportedStd lists the std types a schema can use, for messages.
var supportedStd = func() string {
	names := []string{"primitives", "String", "Vec", "Box", "Option", "Result", "HashMap", "HashSet",
		"BTreeMap", "BTreeSet", "PhantomData", "Duration", "NonZero integers"}
	for _, si := range stdInfos {
		names = append(names, si.name)
	}
	return strings.Join(names, ", ")
}()

// unknownName builds the error for an unknown single name, with a use hint
// for std types that need one and a suggestion for near misses.
func (r *resolver) unknownName(name string) string {
	if r.s.full { // the message will be dropped; skip the search
		return "unknown type " + name
	}
	if home, ok := stdHome[name]; ok {
		return fmt.Sprintf("unknown type %s; add `use %s;` or write %s", name, home, home)
	}
	var cands []string
	for _, d := range r.f.types {
		cands = append(cands, d.name)
	}
	for n := range r.aliases {
		cands = append(cands, n)
	}
	for n := range r.imports {
		cands = append(cands, n)
	}
	for n := range preludeTypes {
		cands = append(cands, n)
	}
	for n := range stdHome {
		cands = append(cands, n)
	}
	cands = append(cands, primNames...)
	if s := Suggest(name, cands); s != "" {
		msg := fmt.Sprintf("unknown type %s (did you mean %s?)", name, s)
		if home, ok := stdHome[s]; ok && r.imports[s] == nil {
			msg += fmt.Sprintf("; %s needs `use %s;`", s, home)
		}
		return msg
	}
	return fmt.Sprintf("unknown type %s", name)
}

// ---- constants ----

// intRange returns the value range of an integer type, clamped to int64
// (the range constant evaluation supports), and its width in bits.
func intRange(typ string) (lo, hi int64, bits uint) {
	switch typ {
	case "u8":
		return 0, math.MaxUint8, 8
	case "u16":
		return 0, math.MaxUint16, 16
	case "u32":
		return 0, math.MaxUint32, 32
	case "u64", "usize":
		return 0, math.MaxInt64, 64
	case "u128":
		return 0, math.MaxInt64, 128
	case "i8":
		return math.MinInt8, math.MaxInt8, 8
	case "i16":
		return math.MinInt16, math.MaxInt16, 16
	case "i32":
		return math.MinInt32, math.MaxInt32, 32
	case "i128":
		return math.MinInt64, math.MaxInt64, 128
	}
	return math.MinInt64, math.MaxInt64, 64 // i64, isize
}

func isUnsigned(typ string) bool { return strings.HasPrefix(typ, "u") }

// checkRange reports v not fitting typ.
func (r *resolver) checkRange(v int64, typ string, off int) bool {
	lo, hi, _ := intRange(typ)
	if v < lo || v > hi {
		r.errorf(off, "value %d does not fit %s", v, typ)
		return false
	}
	return true
}

const overflowMsg = "arithmetic overflow in constant expression (values are limited to the 64-bit signed range)"

// eval evaluates an integer constant expression of type typ, as rustc's
// const evaluation would: literals and constants must have type typ and
// overflow is an error. negated is set for the operand of a unary minus,
// so that -128i8 is accepted.
func (r *resolver) eval(e *expr, typ string, chain int, negated bool) (int64, bool) {
	switch e.kind {
	case eBad:
		r.errorf(e.pos, "%s", e.msg)
		return 0, false
	case eLit:
		v, suffix, msg := parseIntLit(e.lit)
		switch {
		case msg != "":
			r.errorf(e.pos, "%s", msg)
			return 0, false
		case suffix != "" && suffix != typ:
			r.errorf(e.pos, "mismatched types: expected %s, found %s literal %s", typ, suffix, e.lit)
			return 0, false
		case v > math.MaxInt64 && !(negated && v == 1<<63):
			r.errorf(e.pos, "integer literal %s is out of the supported range (at most %d)", e.lit, int64(math.MaxInt64))
			return 0, false
		case v == 1<<63:
			return math.MinInt64, true // negated below; -MinInt64 is checked there
		}
		if !negated && !r.checkRange(int64(v), typ, e.pos) {
			return 0, false
		}
		return int64(v), true
	case eName:
		return r.constRef(e, typ, chain)
	case eUnary:
		if e.op == tMinus {
			if isUnsigned(typ) {
				r.errorf(e.pos, "cannot apply unary operator `-` to type %s", typ)
				return 0, false
			}
			x, ok := r.eval(e.x, typ, chain, true)
			if !ok {
				return 0, false
			}
			if x == math.MinInt64 {
				if e.x.kind == eLit {
					return math.MinInt64, r.checkRange(math.MinInt64, typ, e.pos)
				}
				r.errorf(e.pos, "%s", overflowMsg)
				return 0, false
			}
			return -x, r.checkRange(-x, typ, e.pos)
		}
		x, ok := r.eval(e.x, typ, chain, false)
		if !ok {
			return 0, false
		}
		v := ^x
		if isUnsigned(typ) {
			_, hi, bits := intRange(typ)
			if bits >= 64 {
				r.errorf(e.pos, "%s", overflowMsg)
				return 0, false
			}
			v = x ^ hi
		}
		return v, r.checkRange(v, typ, e.pos)
	}
	x, ok1 := r.eval(e.x, typ, chain, false)
	y, ok2 := r.eval(e.y, typ, chain, false)
	if !ok1 || !ok2 {
		return 0, false
	}
	v, msg := binaryOp(e.op, x, y, typ)
	if msg != "" {
		r.errorf(e.pos, "%s", msg)
		return 0, false
	}
	return v, r.checkRange(v, typ, e.pos)
}

// binaryOp computes x op y with overflow checks.
func binaryOp(op tokKind, x, y int64, typ string) (int64, string) {
	switch op {
	case tPlus:
		if y > 0 && x > math.MaxInt64-y || y < 0 && x < math.MinInt64-y {
			return 0, overflowMsg
		}
		return x + y, ""
	case tMinus:
		if y < 0 && x > math.MaxInt64+y || y > 0 && x < math.MinInt64+y {
			return 0, overflowMsg
		}
		return x - y, ""
	case tStar:
		if x == 0 || y == 0 {
			return 0, ""
		}
		v := x * y
		if v/y != x || x == -1 && y == math.MinInt64 || y == -1 && x == math.MinInt64 {
			return 0, overflowMsg
		}
		return v, ""
	case tSlash, tPercent:
		if y == 0 {
			return 0, "attempt to divide by zero"
		}
		if x == math.MinInt64 && y == -1 {
			return 0, overflowMsg
		}
		if op == tSlash {
			return x / y, ""
		}
		return x % y, ""
	case tShl, tShr:
		_, _, bits := intRange(typ)
		if y < 0 || uint64(y) >= uint64(bits) {
			return 0, fmt.Sprintf("attempt to shift by %d, which overflows %s", y, typ)
		}
		if op == tShr {
			return x >> uint(y), ""
		}
		if bits > 64 || bits == 64 && isUnsigned(typ) {
			// Exact: the result must stay within the supported range.
			if y >= 63 && x != 0 || x != 0 && (x<<uint(y))>>uint(y) != x {
				return 0, overflowMsg
			}
			return x << uint(y), ""
		}
		// Wrapping within the type's width, like rustc.
		v := uint64(x) << uint(y)
		if bits < 64 {
			v &= 1<<bits - 1
			if !isUnsigned(typ) && v&(1<<(bits-1)) != 0 {
				v |= ^uint64(0) << bits
			}
		}
		return int64(v), ""
	case tAnd:
		return x & y, ""
	case tOr:
		return x | y, ""
	case tCaret:
		return x ^ y, ""
	}
	return 0, fmt.Sprintf("unsupported operator %s", op)
}

// constRef evaluates a reference to a named constant.
func (r *resolver) constRef(e *expr, typ string, chain int) (int64, bool) {
	name := strings.Join(e.path, "::")
	c, msg := r.lookupConst(e.path, 0)
	switch {
	case msg != "":
		r.errorf(e.pos, "%s", msg)
		return 0, false
	case c == nil: // the error list is full
		return 0, false
	case c.cfg != "":
		r.errorf(e.pos, "%s", gated("constant "+name+" is defined", c.cfg, c.owner.s.at(c.decl.pos)))
		return 0, false
	case c.decl.typ == "":
		r.errorf(e.pos, "constant %s is not of a primitive integer type", name)
		return 0, false
	case c.decl.typ != typ:
		r.errorf(e.pos, "mismatched types: expected %s, found %s (constant %s)", typ, c.decl.typ, name)
		return 0, false
	}
	switch c.state {
	case 1:
		c.owner.errorf(c.decl.pos, "constant %s depends on itself", c.decl.name)
		return 0, false
	case 2:
		return c.val, c.ok
	}
	if chain >= maxConstChain {
		r.errorf(e.pos, "constants nested too deeply (more than %d)", maxConstChain)
		return 0, false
	}
	c.state = 1
	c.val, c.ok = c.owner.eval(c.decl.value, c.decl.typ, chain+1, false)
	c.state = 2
	return c.val, c.ok
}

// lookupConst finds the constant path names, as this module sees it:
// defined here, imported, brought in by a glob, or a path into a module
// of the crate.
func (r *resolver) lookupConst(path []string, hops int) (*constInfo, string) {
	full := strings.Join(path, "::")
	if hops > maxImportHops {
		return nil, fmt.Sprintf("cannot resolve constant %s: too many imports naming imports", full)
	}
	if len(path) > 1 {
		mod, why, local := r.c.moduleAt(r.m, path[:len(path)-1], hops)
		switch {
		case !local:
			return nil, fmt.Sprintf("unsupported constant path %s: only constants of this crate can be used", full)
		case mod == nil:
			return nil, fmt.Sprintf("cannot resolve constant %s: %s", full, why)
		}
		return mod.r.lookupConst(path[len(path)-1:], hops+1)
	}
	name := path[0]
	if c := r.consts[name]; c != nil {
		return c, ""
	}
	if imps := r.imports[name]; len(imps) > 0 {
		if msg := r.gatedImport(name, imps); msg != "" {
			return nil, msg
		}
		return r.lookupConst(imps[0].path, hops+1)
	}
	for _, g := range r.globs {
		if mod, _, local := r.c.moduleAt(r.m, g.path, hops); local && mod != nil && mod != r.m {
			if c, msg := mod.r.lookupConst(path, hops+1); c != nil {
				return c, msg
			}
		}
	}
	if r.s.full {
		return nil, ""
	}
	cands := make([]string, 0, len(r.consts))
	for n := range r.consts {
		cands = append(cands, n)
	}
	if s := Suggest(name, cands); s != "" {
		return nil, fmt.Sprintf("unknown constant %s (did you mean %s?)", name, s)
	}
	return nil, fmt.Sprintf("unknown constant %s", name)
}

// ---- infinite size ----

// checkInfiniteSize reports cycles of by-value containment (through
// fields, arrays, tuples, Option and Result; not through Box, Vec, maps or
// PhantomData), which rustc rejects as infinitely sized. The search is
// iterative so that long chains cannot exhaust the stack.
func (r *resolver) checkInfiniteSize(defs []*TypeDef) {
	index := make(map[*TypeDef]int, len(defs))
	for i, d := range defs {
		index[d] = i
	}
	// The by-value references of defs[i] are edges[start[i]:start[i+1]].
	start := make([]int, len(defs)+1)
	var edges []*Type
	add := func(t *Type) { edges = append(edges, t) }
	for i, d := range defs {
		for _, f := range d.Fields {
			byValue(f.Type, add)
		}
		for _, v := range d.Variants {
			for _, f := range v.Fields {
				byValue(f.Type, add)
			}
		}
		start[i+1] = len(edges)
	}
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(defs))
	type frame struct{ node, next int }
	for root := range defs {
		if color[root] != white {
			continue
		}
		stack := []frame{{root, 0}}
		color[root] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == start[top.node+1]-start[top.node] {
				color[top.node] = black
				stack = stack[:len(stack)-1]
				continue
			}
			e := edges[start[top.node]+top.next]
			top.next++
			to, ok := index[e.Def]
			if !ok {
				continue
			}
			switch color[to] {
			case white:
				color[to] = grey
				stack = append(stack, frame{to, 0})
			case grey:
				var chain []string
				for k := len(stack) - 1; k >= 0; k-- {
					chain = append(chain, defs[stack[k].node].Name)
					if stack[k].node == to {
						break
					}
				}
				for a, b := 0, len(chain)-1; a < b; a, b = a+1, b-1 {
					chain[a], chain[b] = chain[b], chain[a]
				}
				chain = append(chain, defs[to].Name)
				if n := len(chain); n > 9 { // keep the message readable
					chain = append(chain[:4:4], fmt.Sprintf("... (%d more)", n-8), chain[n-4], chain[n-3], chain[n-2], chain[n-1])
				}
				r.errorPos(e.Pos, fmt.Sprintf("recursive type %s has infinite size: %s by value; insert indirection (Box, Vec, ...) to break the cycle",
					defs[to].Name, strings.Join(chain, " contains ")))
			}
		}
	}
}

// errorPos records an error at a Pos that came from the model.
func (r *resolver) errorPos(p Pos, msg string) {
	for _, s := range r.c.sources {
		if s.name == p.File {
			s.errorf(s.offsetOf(p), "%s", msg)
			return
		}
	}
	r.s.errorf(0, "%s", msg)
}

// offsetOf converts a Pos of this file back to a byte offset.
func (s *source) offsetOf(p Pos) int {
	s.computeLines()
	if p.Line < 1 || p.Line > len(s.lines) {
		return 0
	}
	return s.lines[p.Line-1] + p.Col - 1
}

// byValue calls f for every local type t holds inline.
func byValue(t *Type, f func(*Type)) {
	switch t.Kind {
	case Local:
		f(t)
	case Array, TupleType, Option, Result:
		for _, a := range t.Args {
			byValue(a, f)
		}
	}
}
