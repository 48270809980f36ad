package rustschema

// The AST keeps only what the schema needs: Archive type definitions in
// full, and the names (types, aliases, constants, imports) they may refer
// to. Other items are skipped while parsing. Positions are byte offsets
// into the source; the resolver turns them into Pos values.
//
// Syntax that is valid Rust but outside the schema subset (a reference
// type, a constant expression with a cast, a generic alias) is kept as a
// "bad" node carrying its message. The resolver reports it only if an
// Archive type actually depends on it, so helper items that never reach
// the schema do not produce errors.

// fileAST is a parsed schema file.
type fileAST struct {
	schemaVersion uint64
	versionSet    bool
	profile       *Profile
	uses          []*useDecl
	types         []*typeDecl
	aliases       []*aliasDecl
	consts        []*constDecl
	mods          []*modDecl
	der           derives        // what derives name Archive, and what was skipped
	services      []*serviceDecl // #[handler] impls (cellsdk.go)
	sdk           bool           // uses #[protein] or #[handler]

	// Type expressions are the bulk of the AST. They live in tx,
	// addressed by index, and hold no pointers (names are source
	// offsets, lists are ranges of txArgs and segs), so the garbage
	// collector, which runs several times while a large file is parsed
	// and resolved, marks these slices without scanning them.
	tx     [][]typeExpr // chunks of txChunk nodes: growing never copies
	ntx    int32
	txArgs []txID
	segs   []pathSeg
	exprs  []*expr    // txArray lengths
	msgs   []string   // txBad messages
	withs  [][]string // fields' wrappers
}

// txChunk is the number of nodes per chunk of fileAST.tx: 56 kB, few
// allocations for a large file and little waste for a small one.
const txChunk = 1 << 10

// node returns the type expression id.
func (f *fileAST) node(id txID) *typeExpr { return &f.tx[id/txChunk][id%txChunk] }

// args returns the children of e: a path's generic arguments (nil when
// written without <...>), a tuple's elements, an array's element.
func (f *fileAST) args(e *typeExpr) []txID {
	if e.nargs < 0 {
		return nil
	}
	return f.txArgs[e.args : e.args+e.nargs : e.args+e.nargs]
}

// lead returns the segments of a path before the last one.
func (f *fileAST) lead(e *typeExpr) []pathSeg {
	return f.segs[e.lead : e.lead+e.nlead : e.lead+e.nlead]
}

// msg returns the message of a txBad node, "" when it was reported
// while parsing.
func (f *fileAST) msg(e *typeExpr) string {
	if e.extra < 0 {
		return ""
	}
	return f.msgs[e.extra]
}

// useDecl is one name bound by a use declaration, with its full path.
// `use a::b::{c, d as e, f::*};` yields c -> a::b::c, e -> a::b::d and a
// glob of a::b::f.
type useDecl struct {
	name string   // bound name; "" for a glob
	path []string // a leading `::` is dropped: paths are 2018-style
	glob bool
	pos  int
	cfg  string // the #[cfg(...)] on the declaration as written, "" for none
}

// modDecl is `mod name;` or an inline `mod name { ... }`.
type modDecl struct {
	name string
	pos  int
	path string   // #[path = "..."] as written, "" for none
	cfg  string   // its #[cfg(...)] when the cfg set does not decide it
	body *fileAST // an inline module's items; nil for `mod name;`
}

// typeDecl is a struct or enum definition. Only Archive types carry
// their attributes, fields and variants; for others the body is skipped.
type typeDecl struct {
	name    string
	pos     int
	kind    DefKind
	archive bool

	shape    Shape
	fields   []fieldDecl
	variants []*variantDecl

	repr         Repr
	archivedRepr Repr
	as           string
	// reprAt and archivedReprAt are 1 + the offset of the first attribute
	// setting each repr (0 when none), for errors found after the body.
	reprAt, archivedReprAt int

	// maybe is a derive that may be Archive under a name imported from
	// elsewhere in the crate: the type is parsed as an Archive type and
	// the crate decides (see deferredDerive).
	maybe *deferredDerive
	// errFrom and errTo delimit the errors its item produced in s.errs,
	// dropped if it is not in the schema after all.
	errFrom, errTo int

	def *TypeDef // set by the resolver for Archive types
	// dup is set by the resolver when an earlier item defines the name;
	// the type is left out of the schema.
	dup bool
}

// fieldDecl is a field. Like typeExpr it holds no pointers.
type fieldDecl struct {
	// name is the field's name without r#; a tuple field's, its index,
	// is off -1 and end the index.
	name span
	pos  int
	typ  txID
	with int32 // index in fileAST.withs of its wrappers; -1 for none
}

type variantDecl struct {
	name   string
	pos    int
	shape  Shape
	fields []fieldDecl
	disc   *expr // nil when implicit
}

// aliasDecl is `type Name = T;`.
type aliasDecl struct {
	name    string
	pos     int
	generic bool // generic aliases are rejected where used
	typ     txID
	cfg     string // as in useDecl
}

// constDecl is `const NAME: T = expr;`. Only constants of a primitive
// integer type keep their value; others are recorded so that a reference
// to them gets a precise error.
type constDecl struct {
	name  string
	pos   int
	typ   string // the integer type name, or "" for any other type
	value *expr
	cfg   string // as in useDecl
}

// txKind is the kind of a type expression.
type txKind uint8

const (
	txPath  txKind = iota // a::b::C<Args>
	txTuple               // (A, B), (A,), ()
	txArray               // [T; N]
	txSlice               // [T]
	txRef                 // &'a T; its one child is T
	txBad                 // unsupported syntax; msg says why
)

// txID is the index of a type expression in fileAST.tx.
type txID int32

// typeExpr is a type as written.
type typeExpr struct {
	kind   txKind
	global bool // txPath starting with ::
	pos    int
	// name and namePos are txPath's last segment (which carries the
	// generic arguments): its name without r#, and its position.
	name    span
	namePos int
	// args and nargs select the children in fileAST.txArgs: txPath's
	// generic arguments (nargs is -1 without <...>), txTuple's elements,
	// txArray's and txSlice's element.
	args, nargs int32
	// lead and nlead select txPath's segments before the last in
	// fileAST.segs.
	lead, nlead int32
	// extra is txArray's length, an index in fileAST.exprs, or txBad's
	// message, an index in fileAST.msgs (-1: reported while parsing).
	extra int32
}

// span is a piece of the source text, by byte offsets.
type span struct{ off, end int32 }

// pathSeg is a type path segment before the last.
type pathSeg struct {
	name    span
	pos     int
	hasArgs bool // written with generic arguments, which are rejected
}

// exprKind is the kind of a constant expression node.
type exprKind uint8

const (
	eLit    exprKind = iota // integer literal; text in lit
	eName                   // named constant; path
	eUnary                  // op x: - or !
	eBinary                 // x op y
	eBad                    // unsupported; msg says why
)

// expr is an integer constant expression: an array length, a
// discriminant or a constant's value.
type expr struct {
	kind exprKind
	op   tokKind
	pos  int
	lit  string
	path []string
	x, y *expr
	msg  string
}

// slab hands out zeroed values of T from chunks, so that a file's many
// small nodes cost a few allocations instead of one each.
type slab[T any] struct{ buf []T }

// alloc returns a zeroed T, from a new chunk of n when the current one is
// used up.
func (s *slab[T]) alloc(n int) *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, n)
	}
	p := &s.buf[0]
	s.buf = s.buf[1:]
	return p
}
