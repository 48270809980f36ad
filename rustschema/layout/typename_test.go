package layout

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// TestTypeNameMatchesString checks that the engine's field type names are
// exactly Type.String, for hand-made types and every field type of the
// parser's test schemas.
func TestTypeNameMatchesString(t *testing.T) {
	k := func(kind rustschema.TypeKind, args ...*rustschema.Type) *rustschema.Type { return K(kind, args...) }
	d := S("Local")
	types := []*rustschema.Type{
		P("u8"), P("NonZeroU32"), L(d), k(rustschema.UnitType), k(rustschema.String), k(rustschema.Duration),
		k(rustschema.Vec, P("u8")), k(rustschema.Box, k(rustschema.Str)), k(rustschema.Box, k(rustschema.Slice, P("u16"))),
		k(rustschema.Option, k(rustschema.Vec, L(d))), k(rustschema.Result, P("u8"), k(rustschema.String)),
		k(rustschema.HashMap, k(rustschema.String), Arr(P("u8"), 16)), k(rustschema.HashSet, P("char")),
		k(rustschema.BTreeMap, P("u64"), Tup(P("u8"))), k(rustschema.BTreeSet, Tup(P("u8"), L(d))),
		k(rustschema.PhantomData, Tup()), Arr(Arr(Tup(P("i8"), P("i16"), k(rustschema.UnitType)), 0), 18446744073709551615),
		k(rustschema.Slice, P("u8")), k(rustschema.TypeKind(99)), k(rustschema.Vec),
	}
	var walk func(*rustschema.Type)
	walk = func(t *rustschema.Type) {
		types = append(types, t)
		for _, a := range t.Args {
			walk(a)
		}
	}
	files, _ := filepath.Glob("../testdata/parse/*.rs")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := rustschema.Parse(f, src)
		if err != nil {
			continue
		}
		for _, d := range s.Types {
			for _, fl := range d.Fields {
				walk(fl.Type)
			}
			for _, v := range d.Variants {
				for _, fl := range v.Fields {
					walk(fl.Type)
				}
			}
		}
	}
	if len(types) < 100 {
		t.Fatalf("only %d types to check", len(types))
	}
	e := newEngine(rustschema.DefaultProfile(), 0)
	for _, typ := range types {
		if got, want := e.typeName(typ), typ.String(); got != want {
			t.Errorf("typeName = %q, Type.String = %q", got, want)
		}
	}
}
