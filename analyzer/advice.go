package analyzer

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/cellvet/cellvet/rustschema"
)

// goFor returns the Go type that mirrors Rust type rt exactly, as source
// text with the runtime's package written "cell.", or "" when the Go type
// is a choice (a struct of the schema, a u128, a tuple) rather than a
// certainty. A field of this type compares clean: it is what a suggested
// fix may write.
func (c *comparer) goFor(rt *rustschema.Type) string {
	switch rt.Kind {
	case rustschema.Prim:
		switch rt.Name {
		case "char":
			return "cell.Char"
		case "u128", "i128", "NonZeroU128", "NonZeroI128":
			return ""
		}
		if kinds := c.goKinds(rt.Name); len(kinds) == 1 {
			return types.Typ[kinds[0]].Name() // a fix writes one type, never "a or b"
		}
		return ""
	case rustschema.UnitType, rustschema.PhantomData:
		return "struct{}"
	case rustschema.Array:
		if e := c.goFor(rt.Elem()); e != "" {
			if e == "uint8" {
				e = "byte" // as Go writes byte arrays
			}
			return fmt.Sprintf("[%d]%s", rt.Len, e)
		}
	case rustschema.Option:
		return c.goView("Option", rt.Elem())
	case rustschema.String:
		if c.pw == 4 {
			return "cell.String"
		}
	case rustschema.Vec:
		if c.pw == 4 {
			return c.goView("Vec", rt.Elem())
		}
	case rustschema.Box:
		if c.pw != 4 {
			return ""
		}
		switch e := rt.Elem(); e.Kind {
		case rustschema.Str:
			return "cell.Vec[uint8]"
		case rustschema.Slice:
			return c.goView("Vec", e.Elem())
		default:
			return c.goView("Box", e)
		}
	case rustschema.Local:
		if def := c.cell.schema.Lookup(rt.Name); def != nil && def.Fieldless() {
			if lt := c.cell.Type(rt.Name); lt != nil {
				return kindNames(c.goKinds(lt.Tag))
			}
		}
	}
	return ""
}

func (c *comparer) goView(view string, elem *rustschema.Type) string {
	if e := c.goFor(elem); e != "" {
		return "cell." + view + "[" + e + "]"
	}
	return ""
}

// advice returns what a Go field of Rust type rt (archived size bytes)
// must be: the exact type when there is one, else the choices.
func (c *comparer) advice(rt *rustschema.Type, size uint64) string {
	if g := c.goFor(rt); g != "" {
		return g
	}
	switch rt.Kind {
	case rustschema.Prim:
		return "[16]byte or [2]uint64" // u128: Go has no 128-bit integer
	case rustschema.Local:
		if c.dataEnum(rt.Name) != nil {
			return fmt.Sprintf("cell.Enum[V, [%d]byte] or [%d]byte", size, size)
		}
		return "a struct mirroring " + c.cell.Name + "." + rt.Name
	case rustschema.TupleType:
		if c.cell.Profile.Rkyv == "0.8" {
			return fmt.Sprintf("a struct of the tuple's elements or [%d]byte", size)
		}
	case rustschema.Array:
		if e := c.advice(rt.Elem(), size/max(rt.Len, 1)); !strings.Contains(e, " ") {
			return fmt.Sprintf("[%d]%s", rt.Len, e)
		}
		return fmt.Sprintf("an array [%d]", rt.Len)
	}
	return fmt.Sprintf("[%d]byte", size)
}

// userNamed reports whether g is a named type of the user's (not the
// runtime's): replacing it by another type would drop the author's name
// and methods, so no fix does.
func userNamed(g types.Type) bool {
	switch t := g.(type) {
	case *types.Alias:
		return t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != RuntimePath
	case *types.Named:
		return t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != RuntimePath
	}
	return false
}
