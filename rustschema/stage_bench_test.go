package rustschema_test

import (
	"fmt"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// BenchmarkStage measures the stages of BenchmarkSchema separately on the
// same generated schemas: Parse (lex, parse, resolve), layout.Compute and
// Canon.
func BenchmarkStage(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := bigSchema(n)
		b.Run(fmt.Sprintf("Parse/types=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rustschema.Parse("big.rs", src); err != nil {
					b.Fatal(err)
				}
			}
		})
		s, err := rustschema.Parse("big.rs", src)
		if err != nil {
			b.Fatal(err)
		}
		p := rustschema.DefaultProfile()
		b.Run(fmt.Sprintf("Layout/types=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := layout.Compute(s, p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Canon/types=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				rustschema.Canon(s, p)
			}
		})
	}
}
