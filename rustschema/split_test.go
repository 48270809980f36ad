package rustschema

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// parseSplitAt parses src with its front end split at offset at, as
// parse does with parseHalves, and reports whether the halves were used.
func parseSplitAt(name string, src []byte, at int) (*Schema, error, bool) {
	s := newSource(name, src)
	f, ok := parseHalvesAt(s, at)
	if !ok {
		return nil, nil, false
	}
	schema := resolve(s, f)
	if len(s.errs) > 0 {
		return nil, s.errorList(), true
	}
	return schema, nil, true
}

// wholeParse parses src without splitting it.
func wholeParse(name string, src []byte) (*Schema, error) {
	defer func(old int) { splitMin = old }(splitMin)
	splitMin = math.MaxInt
	return Parse(name, src)
}

// compareSplit parses src split at each line start in lines (all when
// nil) and requires the whole file's result wherever the halves are used.
// It returns how many splits were used.
func compareSplit(t *testing.T, name string, src []byte, at []int) int {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	want, werr := wholeParse(name, src)
	if at == nil {
		for i := 0; i < len(src); i++ {
			if i == 0 || src[i-1] == '\n' {
				at = append(at, i)
			}
		}
	}
	used := 0
	for _, a := range at {
		got, err, ok := parseSplitAt(name, src, a)
		if !ok {
			continue
		}
		used++
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("%s split at %d: error %v\nwhole file: %v", name, a, err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s split at %d: the model differs from the whole file's\nsplit:\n%s\nwhole:\n%s", name, a, dumpSchema(got), dumpSchema(want))
		}
	}
	return used
}

// TestSplitTestdata splits the parser's test files at every line.
func TestSplitTestdata(t *testing.T) {
	files := parserTestFiles(t)
	used := 0
	for _, f := range files {
		used += compareSplit(t, f.name, f.src, nil)
	}
	if used < 100 {
		t.Fatalf("only %d splits used", used)
	}
	t.Logf("%d files, %d splits used", len(files), used)
}

// TestSplitGenerated splits generated schemas (aliases, constants,
// imports, paths, discriminants, Self; valid and with errors) at every
// line.
func TestSplitGenerated(t *testing.T) {
	seeds := 120
	if testing.Short() {
		seeds = 20
	}
	used := 0
	for seed := range seeds {
		rng := rand.New(rand.NewSource(int64(seed)))
		g := &schemaGen{rng: rng, n: 2 + rng.Intn(12)}
		used += compareSplit(t, fmt.Sprintf("seed%d.rs", seed), []byte(g.gen(seed%4)), nil)
	}
	t.Logf("%d splits used", used)
}

// TestSplitParse checks that Parse splits a large file where splitPoint
// says, and gives the whole file's model; and that it does not split
// where an item boundary is only apparent.
func TestSplitParse(t *testing.T) {
	src := benchSrc()
	at := splitPoint(string(src))
	if at < 0 {
		t.Fatal("no split point in the benchmark schema")
	}
	if compareSplit(t, "big.rs", src, []int{at}) != 1 {
		t.Fatal("the split point was not used")
	}
	if compareSplit(t, "big.rs", src, []int{at + strings.Index(string(src[at:]), "#[derive") + 1}) != 0 {
		t.Fatal("a split inside #[derive was used")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for name, text := range map[string]string{
		"comment":         "/*\n}\n*/\n",
		"raw string":      "const S: &str = r#\"\n}\n\"#;\n",
		"item goes on":    "const C: u32 = {\n1\n}\n+ 2;\n",
		"inner attribute": "}\n#![schema_version = 2]\n",
	} {
		half := strings.Repeat("#[derive(Archive)]\nstruct A { a: u8 }\n", 10)
		whole := half + text + strings.ReplaceAll(half, "A", "B")
		s := newSource("x.rs", []byte(whole))
		if at := strings.Index(whole, "\n}\n") + 3; at > 2 {
			if _, ok := parseHalvesAt(s, at); ok {
				t.Errorf("%s: split at %d", name, at)
			}
		}
	}
}

// FuzzSplit splits any input at a fuzzed offset and at the line start
// after it.
func FuzzSplit(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) == 0 {
			return
		}
		at := int(src[0]) * len(src) / 256
		next := at
		if i := strings.IndexByte(string(src[at:]), '\n'); i >= 0 {
			next = at + i + 1
		}
		compareSplit(t, "f.rs", src, []int{at, next})
	})
}
