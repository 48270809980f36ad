package rustschema_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// bigSchema writes a schema of n types in the style of real schema files:
// doc comments, derives, a mix of structs and enums whose fields use
// primitives, std containers and earlier types.
func bigSchema(n int) []byte {
	r := rand.New(rand.NewSource(int64(n)))
	prims := []string{"u8", "u16", "u32", "u64", "i32", "i64", "f32", "f64", "bool", "char", "String"}
	var b strings.Builder
	b.WriteString("//! A generated schema for benchmarks.\nuse rkyv::{Archive, Deserialize, Serialize};\nuse std::collections::HashMap;\n\nconst N: usize = 4;\n\n")
	field := func(i int) string {
		p := prims[r.Intn(len(prims))]
		switch k := r.Intn(10); {
		case k < 5 || i == 0:
			return p
		case k == 5:
			return fmt.Sprintf("Vec<T%d>", r.Intn(i))
		case k == 6:
			return fmt.Sprintf("Option<%s>", p)
		case k == 7:
			return fmt.Sprintf("[%s; N]", p)
		case k == 8:
			return fmt.Sprintf("HashMap<String, T%d>", r.Intn(i))
		default:
			return fmt.Sprintf("T%d", r.Intn(i))
		}
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "/// Type number %d.\n#[derive(Archive, Serialize, Deserialize, Debug)]\n", i)
		if i%4 == 3 {
			fmt.Fprintf(&b, "pub enum T%d {\n", i)
			for v := 0; v < 4; v++ {
				switch v {
				case 0:
					fmt.Fprintf(&b, "    V%d,\n", v)
				case 1:
					fmt.Fprintf(&b, "    V%d(%s, %s),\n", v, field(i), field(i))
				default:
					fmt.Fprintf(&b, "    V%d { a: %s, b: %s },\n", v, field(i), field(i))
				}
			}
		} else {
			fmt.Fprintf(&b, "pub struct T%d {\n", i)
			for f := 0; f < 6; f++ {
				fmt.Fprintf(&b, "    pub f%d: %s,\n", f, field(i))
			}
		}
		b.WriteString("}\n\n")
	}
	return []byte(b.String())
}

// BenchmarkSchema measures the whole pipeline cellvet add and cellvet
// layout run per schema: Parse, layout.Compute and Canon. Compare the
// ns/type of the two sizes for linear growth; MB/s is schema text
// throughput.
func BenchmarkSchema(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := bigSchema(n)
		b.Run(fmt.Sprintf("types=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				s, err := rustschema.Parse("big.rs", src)
				if err != nil {
					b.Fatal(err)
				}
				p := rustschema.DefaultProfile()
				if _, err := layout.Compute(s, p); err != nil {
					b.Fatal(err)
				}
				rustschema.Canon(s, p)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/type")
		})
	}
}
