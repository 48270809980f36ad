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
}

// useDecl is one name bound by a use declaration, with its full path.
// `use a::b::{c, d as e, f::*};` yields c -> a::b::c, e -> a::b::d and a
// glob of a::b::f.
type useDecl struct {
	name string   // bound name; "" for a glob
	path []string // a leading `::` is dropped: paths are 2018-style
	glob bool
	pos  int
}

// typeDecl is a struct or enum definition. Only Archive types carry
// their attributes, fields and variants; for others the body is skipped.
type typeDecl struct {
	name    string
	pos     int
	kind    DefKind
	archive bool

	shape    Shape
	fields   []*fieldDecl
	variants []*variantDecl

	repr         Repr
	archivedRepr Repr
	as           string
	// reprAt and archivedReprAt are 1 + the offset of the first attribute
	// setting each repr (0 when none), for errors found after the body.
	reprAt, archivedReprAt int

	def *TypeDef // set by the resolver for Archive types
}

type fieldDecl struct {
	name string
	pos  int
	typ  *typeExpr
	with []string
}

type variantDecl struct {
	name   string
	pos    int
	shape  Shape
	fields []*fieldDecl
	disc   *expr // nil when implicit
}

// aliasDecl is `type Name = T;`.
type aliasDecl struct {
	name    string
	pos     int
	generic bool // generic aliases are rejected where used
	typ     *typeExpr
}

// constDecl is `const NAME: T = expr;`. Only constants of a primitive
// integer type keep their value; others are recorded so that a reference
// to them gets a precise error.
type constDecl struct {
	name  string
	pos   int
	typ   string // the integer type name, or "" for any other type
	value *expr
}

// txKind is the kind of a type expression.
type txKind uint8

const (
	txPath  txKind = iota // a::b::C<Args>
	txTuple               // (A, B), (A,), ()
	txArray               // [T; N]
	txSlice               // [T]
	txBad                 // unsupported syntax; msg says why
)

// typeExpr is a type as written.
type typeExpr struct {
	kind   txKind
	global bool // txPath starting with ::
	pos    int
	segs   []pathSeg   // txPath
	elems  []*typeExpr // txTuple elements; txArray and txSlice element at [0]
	len    *expr       // txArray
	msg    string      // txBad
	seg0   [1]pathSeg  // backing store for the common one-segment path
}

// pathSeg is one segment of a type path with its generic arguments.
type pathSeg struct {
	name string
	pos  int
	args []*typeExpr
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
