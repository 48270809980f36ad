// Package rustschema reads Rust schema files (the subset of Rust that
// describes rkyv-archived messages) into a resolved model, writes that model
// in the canonical CFP/1 text and computes its fingerprint.
//
// The archived layouts of the model's types are computed by the layout
// sub-package.
package rustschema

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pos is a position in a schema file. Line and Col are 1-based; Col counts
// bytes, like go/token.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		if p.File == "" {
			return "-"
		}
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem found at a position in a file (a schema, a canonical
// text, a lock). Its text is "file:line:col: message"; without a line it is
// "file: message", and without a file the message alone.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		if e.Pos.File != "" {
			return e.Pos.File + ": " + e.Msg
		}
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of errors sorted by position. Its Error method prints
// one error per line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Schema is a resolved schema file: every Archive-derived type of the file
// with aliases expanded, constants evaluated, std paths normalized and local
// type references linked to their definitions.
type Schema struct {
	File string
	// SchemaVersion is the value of #![schema_version = N]; 0 when absent.
	SchemaVersion uint64
	// Profile is the profile declared in the file with #![cell_profile(...)],
	// or nil. Command-line flags override it.
	Profile *Profile
	// Types holds every type that derives Archive, sorted by name
	// (byte order).
	Types []*TypeDef
	// Services are the Cell SDK #[handler] impls, in source order; their
	// Protocol and Response enums are in Types.
	Services []Service
}

// Fieldless reports whether d is an enum none of whose variants has
// fields: rkyv archives it as its tag alone.
func (d *TypeDef) Fieldless() bool {
	for _, v := range d.Variants {
		if len(v.Fields) > 0 {
			return false
		}
	}
	return d.Kind == Enum
}

// Lookup returns the type named name, or nil.
func (s *Schema) Lookup(name string) *TypeDef {
	i := sort.Search(len(s.Types), func(i int) bool { return s.Types[i].Name >= name })
	if i < len(s.Types) && s.Types[i].Name == name {
		return s.Types[i]
	}
	return nil
}

// DefKind tells a struct from an enum.
type DefKind int

const (
	Struct DefKind = iota
	Enum
)

func (k DefKind) String() string {
	if k == Enum {
		return "enum"
	}
	return "struct"
}

// Shape is the shape of a struct or of an enum variant.
type Shape int

const (
	Named Shape = iota // { a: T, ... }
	Tuple              // (T, ...)
	Unit               // no fields
)

func (s Shape) String() string {
	switch s {
	case Tuple:
		return "tuple"
	case Unit:
		return "unit"
	}
	return "named"
}

// TypeDef is a struct or enum definition.
type TypeDef struct {
	// Name is the type's name without r#; in a crate where several
	// Archive types share it, its module path and name (net::Packet).
	Name string
	// Module is the path of the module defining it from the crate root
	// (net::client), "" for the root. It is not part of the fingerprint.
	Module string
	Pos    Pos // of the name
	Kind   DefKind

	Shape  Shape    // structs only
	Fields []*Field // structs only, in declaration order

	Variants []*Variant // enums only, in declaration order

	// Repr is the source type's #[repr(...)]. rkyv does not copy it to the
	// archived type, but it is part of the contract (and it constrains
	// explicit discriminants).
	Repr Repr
	// ArchivedRepr is the repr rkyv puts on the archived type:
	// 0.7 #[archive_attr(repr(...))] or #[archive(repr(...))],
	// 0.8 #[rkyv(attr(repr(...)))].
	ArchivedRepr Repr
	// As is the path of #[rkyv(as = Path)] (0.8) or #[archive(as = "Path")]
	// (0.7), or "".
	As string
}

// Field is a struct or variant field. Tuple fields are named "0", "1", ...
type Field struct {
	Name string
	Pos  Pos
	Type *Type
	// With holds the wrapper paths of #[rkyv(with = ...)] (0.8) or
	// #[with(...)] (0.7) in written order, each normalized to its last path
	// segment.
	With []string
}

// Variant is an enum variant.
type Variant struct {
	Name   string
	Pos    Pos
	Shape  Shape
	Fields []*Field
	// Disc is the effective discriminant: the explicit value when written,
	// else the previous variant's plus one (0 for the first).
	Disc int64
	// Explicit reports whether Disc was written in the source.
	Explicit bool
}

// TypeKind classifies a type expression.
type TypeKind int

const (
	Prim        TypeKind = iota // Name: u8 … u128, i8 … i128, f32, f64, bool, char, usize, isize, NonZeroU8 … NonZeroIsize
	UnitType                    // ()
	Array                       // [Elem; Len]
	TupleType                   // (Args...), at least one element
	String                      // String
	Vec                         // Vec<Args[0]>
	Box                         // Box<Args[0]>; Args[0] may be Str or Slice
	Option                      // Option<Args[0]>
	Result                      // Result<Args[0], Args[1]>
	HashMap                     // HashMap<Args[0], Args[1]>
	HashSet                     // HashSet<Args[0]>
	BTreeMap                    // BTreeMap<Args[0], Args[1]>
	BTreeSet                    // BTreeSet<Args[0]>
	PhantomData                 // PhantomData<Args[0]>
	Duration                    // Duration
	Str                         // str, only as Box<str>
	Slice                       // [Args[0]], only as Box<[T]>
	Local                       // a type defined in the file: Name, Def
	// Std is one of the other std types rkyv archives (stdtypes.go):
	// Name is its canonical name (IpAddr, Range, Rc, rc::Weak, Cow, ...).
	Std
	// Ref is a shared reference &'a Args[0] (Args[0] may be Str or
	// Slice). It is archived only through a with-wrapper.
	Ref
)

// Type is a resolved type expression.
type Type struct {
	Kind TypeKind
	Name string  // Prim: the primitive's name; Local: the type's name; Std: its canonical name
	Args []*Type // type arguments, tuple elements, array or slice element
	Len  uint64  // Array length, evaluated
	Def  *TypeDef
	Pos  Pos
}

// Elem returns the first type argument (array, slice, Vec, Box, Option
// element), or nil.
func (t *Type) Elem() *Type {
	if len(t.Args) == 0 {
		return nil
	}
	return t.Args[0]
}

// stdNames names the std kinds, indexed by kind.
var stdNames = [...]string{
	String: "String", Vec: "Vec", Box: "Box", Option: "Option", Result: "Result",
	HashMap: "HashMap", HashSet: "HashSet", BTreeMap: "BTreeMap", BTreeSet: "BTreeSet",
	PhantomData: "PhantomData", Duration: "Duration", Local: "",
}

// stdName returns the name of std kind k, "" for other kinds.
func stdName(k TypeKind) string {
	if uint(k) < uint(len(stdNames)) {
		return stdNames[k]
	}
	return ""
}

// String writes the type in canonical form: no spaces, std types by their
// last path segment, arrays as [T;N], tuples as (T,U).
func (t *Type) String() string {
	var buf [64]byte
	return string(t.appendTo(buf[:0], nil))
}

// appendTo appends t in canonical form to b; local, when not nil, names
// local types.
func (t *Type) appendTo(b []byte, local func(*Type) string) []byte {
	switch t.Kind {
	case Prim:
		return append(b, t.Name...)
	case Local:
		if local != nil {
			return append(b, local(t)...)
		}
		return append(b, t.Name...)
	case UnitType:
		return append(b, "()"...)
	case Ref:
		return t.Args[0].appendTo(append(b, '&'), local)
	case Str:
		return append(b, "str"...)
	case Array:
		b = t.Args[0].appendTo(append(b, '['), local)
		b = strconv.AppendUint(append(b, ';'), t.Len, 10)
		return append(b, ']')
	case Slice:
		b = t.Args[0].appendTo(append(b, '['), local)
		return append(b, ']')
	case TupleType:
		b = append(b, '(')
		for i, a := range t.Args {
			if i > 0 {
				b = append(b, ',')
			}
			b = a.appendTo(b, local)
		}
		if len(t.Args) == 1 {
			b = append(b, ',')
		}
		return append(b, ')')
	}
	if t.Kind == Std {
		b = append(b, t.Name...)
	} else {
		b = append(b, stdName(t.Kind)...)
	}
	if len(t.Args) == 0 {
		return b
	}
	b = append(b, '<')
	for i, a := range t.Args {
		if i > 0 {
			b = append(b, ',')
		}
		b = a.appendTo(b, local)
	}
	return append(b, '>')
}

// Repr is a set of #[repr(...)] arguments.
type Repr struct {
	C           bool
	Transparent bool
	Int         string // "u8", "i32", ... or ""
	Align       uint64 // align(N); 0 when absent
	Packed      uint64 // packed(N); a bare packed is 1; 0 when absent
}

// isZero reports whether no repr was given (repr(Rust)).
func (r Repr) isZero() bool { return r == Repr{} }

// String writes the canonical form: "rust" when empty, else the arguments in
// the fixed order C, transparent, integer, align(N), packed(N), joined by
// commas.
func (r Repr) String() string {
	if r.isZero() {
		return "rust"
	}
	var parts []string
	if r.C {
		parts = append(parts, "C")
	}
	if r.Transparent {
		parts = append(parts, "transparent")
	}
	if r.Int != "" {
		parts = append(parts, r.Int)
	}
	if r.Align != 0 {
		parts = append(parts, fmt.Sprintf("align(%d)", r.Align))
	}
	if r.Packed != 0 {
		parts = append(parts, fmt.Sprintf("packed(%d)", r.Packed))
	}
	return strings.Join(parts, ",")
}
