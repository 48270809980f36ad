package rustschema

import (
	"os"
	"testing"
)

// BenchmarkCanon measures canonical text, digests and per-type sums alone,
// on the 10,000-type schema BenchmarkSchema writes (CELLVET_BENCH_SCHEMA
// names such a file; the test skips without it).
func BenchmarkCanon(b *testing.B) {
	path := os.Getenv("CELLVET_BENCH_SCHEMA")
	if path == "" {
		b.Skip("set CELLVET_BENCH_SCHEMA to a schema file")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Parse(path, src)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Canon(s, DefaultProfile())
	}
}
