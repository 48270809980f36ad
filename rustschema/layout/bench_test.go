package layout

import (
	"fmt"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// benchSchema builds a schema of n structs and n enums with a mix of
// primitives, containers, tuples, options and references to earlier types.
func benchSchema(n int) *rustschema.Schema {
	prims := []string{"u8", "bool", "u16", "char", "u32", "f64", "u64", "NonZeroU32", "i128", "usize"}
	var defs []*rustschema.TypeDef
	for i := 0; i < n; i++ {
		var fs []*rustschema.Field
		for j := 0; j < 8; j++ {
			var t *rustschema.Type
			switch (i + j) % 6 {
			case 0, 1:
				t = P(prims[(i*7+j)%len(prims)])
			case 2:
				t = K(rustschema.Option, P(prims[(i+j*3)%len(prims)]))
			case 3:
				t = Tup(P(prims[j%len(prims)]), P(prims[(i+1)%len(prims)]))
			case 4:
				t = K(rustschema.Vec, K(rustschema.String))
			default:
				if i > 0 {
					t = L(defs[len(defs)-1])
				} else {
					t = Arr(P("u8"), 3)
				}
			}
			fs = append(fs, F(fmt.Sprintf("f%d", j), t))
		}
		s := S(fmt.Sprintf("S%04d", i), fs...)
		e := E(fmt.Sprintf("E%04d", i), V("A"), V("B", F("0", L(s))), V("C", F("x", P("u8")), F("y", K(rustschema.Option, P("u64")))))
		defs = append(defs, s, e)
	}
	return &rustschema.Schema{File: "bench.rs", Types: defs}
}

func BenchmarkCompute(b *testing.B) {
	s := benchSchema(100)
	for _, p := range []rustschema.Profile{prof08(32, false), prof07(32, false), prof08(64, true)} {
		b.Run(p.Canon(), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Compute(s, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
