package rustschema

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// resolveOutcome is what Parse returned, and what resolveParallel did.
type resolveOutcome struct {
	schema   *Schema
	err      string
	tried    bool // resolveParallel ran its workers
	kept     bool // and their model was kept
	panicked any
}

// parseWith parses src with resolveParallel's threshold set to min (on at
// least two processors), recording what resolveParallel did.
func parseWith(name string, src []byte, min int) (out resolveOutcome) {
	defer func(old int) { parallelResolveMin = old }(parallelResolveMin)
	defer func() { parallelResolveHook = nil }()
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	parallelResolveMin = min
	parallelResolveHook = func(kept bool) { out.tried, out.kept = true, kept }
	s, err := Parse(name, src)
	out.schema = s
	if err != nil {
		out.err = err.Error()
	}
	return out
}

// compareResolve parses src sequentially and with the parallel resolver
// forced, and fails unless both give the same schema or the same errors.
// It returns the parallel outcome.
func compareResolve(t *testing.T, name string, src []byte) resolveOutcome {
	t.Helper()
	seq := parseWith(name, src, math.MaxInt)
	if seq.tried {
		t.Fatalf("%s: the sequential run tried the parallel resolver", name)
	}
	par := parseWith(name, src, 1)
	if seq.err != par.err {
		t.Fatalf("%s: errors differ\nsequential:\n%s\nparallel:\n%s", name, seq.err, par.err)
	}
	if (seq.schema == nil) != (par.schema == nil) {
		t.Fatalf("%s: sequential schema %v, parallel %v", name, seq.schema != nil, par.schema != nil)
	}
	if seq.schema != nil {
		if d1, d2 := dumpSchema(seq.schema), dumpSchema(par.schema); d1 != d2 {
			t.Fatalf("%s: models differ\nsequential:\n%s\nparallel:\n%s", name, d1, d2)
		}
		if !reflect.DeepEqual(seq.schema, par.schema) {
			t.Fatalf("%s: models differ (reflect.DeepEqual)", name)
		}
	}
	if par.kept && par.err != "" {
		// Only checkInfiniteSize, which runs after the workers, reports.
		for line := range strings.Lines(par.err) {
			if !strings.Contains(line, "has infinite size") {
				t.Fatalf("%s: parallel model kept with errors:\n%s", name, par.err)
			}
		}
	}
	return par
}

// TestResolveParallelTestdata compares the two resolvers on the parser's
// test files, valid and invalid.
func TestResolveParallelTestdata(t *testing.T) {
	for _, f := range parserTestFiles(t) {
		compareResolve(t, f.name, f.src)
	}
}

type testFile struct {
	name string
	src  []byte
}

// parserTestFiles returns the parser's test files, valid and invalid.
func parserTestFiles(t *testing.T) []testFile {
	t.Helper()
	var files []testFile
	for _, pat := range []string{"testdata/parse/*.rs", "testdata/parse/errors/*.rs", "testdata/cfp1/*.rs"} {
		m, _ := filepath.Glob(pat)
		for _, name := range m {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, testFile{name, src})
		}
	}
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	return files
}

// FuzzResolveParallel compares the two resolvers on any input.
func FuzzResolveParallel(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		compareResolve(t, "f.rs", src)
	})
}

// TestResolveParallelBench compares the two resolvers on BenchmarkParse's
// schema, and checks that the parallel model is kept.
func TestResolveParallelBench(t *testing.T) {
	if par := compareResolve(t, "big.rs", benchSrc()); !par.kept {
		t.Fatalf("parallel model not kept (tried: %v)", par.tried)
	}
}

// TestResolveParallelOneProc checks that one processor keeps the
// sequential resolver.
func TestResolveParallelOneProc(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	defer func(old int) { parallelResolveMin = old }(parallelResolveMin)
	defer func() { parallelResolveHook = nil }()
	parallelResolveMin = 1
	tried := false
	parallelResolveHook = func(bool) { tried = true }
	if _, err := Parse("big.rs", benchSrc()); err != nil {
		t.Fatal(err)
	}
	if tried {
		t.Fatal("the parallel resolver ran on one processor")
	}
}

// TestResolveParallelGenerated compares the two resolvers on generated
// schemas that use aliases, constants, imports, paths, discriminants and
// Self, valid ones and ones with errors injected.
func TestResolveParallelGenerated(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	kept := 0
	for seed := range seeds {
		rng := rand.New(rand.NewSource(int64(seed)))
		n := 2 + rng.Intn(40)
		if seed%50 == 0 {
			n = 500 + rng.Intn(500) // over the default threshold
		}
		g := &schemaGen{rng: rng, n: n}
		valid := g.gen(0)
		par := compareResolve(t, fmt.Sprintf("seed%d.rs", seed), []byte(valid))
		if par.err != "" {
			t.Fatalf("seed %d: generated schema is invalid:\n%s\n%s", seed, par.err, valid)
		}
		if !par.kept {
			t.Fatalf("seed %d: parallel model not kept (tried: %v)", seed, par.tried)
		}
		kept++
		for k := 1; k <= 3; k++ {
			g := &schemaGen{rng: rng, n: n}
			src := g.gen(k)
			compareResolve(t, fmt.Sprintf("seed%d-bad%d.rs", seed, k), []byte(src))
		}
	}
	t.Logf("%d parallel models kept", kept)
}

// keptWant is whether TestResolveParallelOrder expects the workers' model
// to be kept: either when that depends on which worker takes which types.
type keptWant int

const (
	either keptWant = iota
	yes
	no
)

// TestResolveParallelOrder covers inputs where the sequential resolver's
// limits depend on the order of resolution: a worker, starting with no
// alias or constant resolved, nests deeper, or counts a bound of the
// nodes, gives up, and the sequential resolver decides.
func TestResolveParallelOrder(t *testing.T) {
	const derive = "#[derive(Archive)]\n"
	// chain writes n items called prefix0... each naming the next.
	chain := func(b *strings.Builder, prefix string, n int, last, link string) {
		for i := range n - 1 {
			fmt.Fprintf(b, link, prefix, i, prefix, i+1)
		}
		fmt.Fprintf(b, last, prefix, n-1)
	}
	for _, tc := range []struct {
		name string
		src  func() string
		ok   bool // the sequential resolver accepts it
		kept keptWant
	}{
		{"alias chain resolved in two steps", func() string {
			// T0..T59 resolve A99..A40, one each; the last type A30..A39:
			// nesting 10. A worker that takes the last types first
			// nests deeper; whether that passes the limit depends on
			// which worker takes which chunk.
			var b strings.Builder
			chain(&b, "A", 100, "type %s%d = u8;\n", "type %s%d = %s%d;\n")
			for i := range 60 {
				fmt.Fprintf(&b, derive+"struct T%d { a: A%d }\n", i, 99-i)
			}
			b.WriteString(derive + "struct T60 { a: A30 }\n")
			return b.String()
		}, true, either},
		{"alias chain too deep", func() string {
			var b strings.Builder
			chain(&b, "A", 100, "type %s%d = u8;\n", "type %s%d = %s%d;\n")
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: u8 }\n", i)
			}
			b.WriteString(derive + "struct T40 { a: A30 }\n")
			return b.String()
		}, false, no},
		{"constant chain resolved in two steps", func() string {
			var b strings.Builder
			chain(&b, "C", 100, "const %s%d: usize = 1;\n", "const %s%d: usize = %s%d + 1;\n")
			b.WriteString(derive + "struct T0 { a: [u8; C60] }\n")
			for i := 1; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: u8 }\n", i)
			}
			b.WriteString(derive + "struct T40 { a: [u8; C30] }\n")
			return b.String()
		}, true, either},
		{"constant chain too deep", func() string {
			var b strings.Builder
			chain(&b, "C", 100, "const %s%d: usize = 1;\n", "const %s%d: usize = %s%d + 1;\n")
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: u8 }\n", i)
			}
			b.WriteString(derive + "struct T40 { a: [u8; C30] }\n")
			return b.String()
		}, false, no},
		{"alias sizes within the bound", func() string {
			var b strings.Builder
			b.WriteString("type D0 = (u64, u64);\n")
			for k := 1; k <= 6; k++ {
				fmt.Fprintf(&b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
			}
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: D%d, b: Vec<D6> }\n", i, i%7)
			}
			return b.String()
		}, true, yes},
		{"long alias chain", func() string {
			// Each alias's size is counted once per use: a chain of 60
			// is 1 node at each use (it once made a tiny file "too
			// large", doubling at each level).
			var b strings.Builder
			chain(&b, "A", 60, "type %s%d = u8;\n", "type %s%d = %s%d;\n")
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: A0, b: A%d }\n", i, i)
			}
			return b.String()
		}, true, yes},
		{"alias sizes counted exactly", func() string {
			// D11 is 2^13-1 nodes, counted the same by the workers as
			// by the sequential resolver.
			var b strings.Builder
			b.WriteString("type D0 = (u64, u64);\n")
			for k := 1; k <= 11; k++ {
				fmt.Fprintf(&b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
			}
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: u8 }\n", i)
			}
			b.WriteString(derive + "struct T40 { a: D11 }\n")
			return b.String()
		}, true, yes},
		{"alias sizes in total", func() string {
			// Each use of D7 counts its 511 nodes, in either worker.
			var b strings.Builder
			b.WriteString("type D0 = (u64, u64);\n")
			for k := 1; k <= 7; k++ {
				fmt.Fprintf(&b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
			}
			for i := range 2 * parChunk {
				fmt.Fprintf(&b, derive+"struct T%d { a: D7 }\n", i)
			}
			return b.String()
		}, true, yes},
		{"alias sizes over the budget", func() string {
			var b strings.Builder
			b.WriteString("type D0 = (u64, u64);\n")
			for k := 1; k <= 15; k++ {
				fmt.Fprintf(&b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
			}
			for i := 0; i < 40; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: D15 }\n", i)
			}
			return b.String()
		}, false, no},
		{"nodes over the budget in both workers", func() string {
			var b strings.Builder
			b.WriteString("type D0 = (u64, u64);\n")
			for k := 1; k <= 11; k++ {
				fmt.Fprintf(&b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
			}
			for i := 0; i < 1000; i++ {
				fmt.Fprintf(&b, derive+"struct T%d { a: D11 }\n", i)
			}
			return b.String()
		}, false, no},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src()
			par := compareResolve(t, "order.rs", []byte(src))
			if ok := par.err == ""; ok != tc.ok {
				t.Fatalf("accepted: %v, want %v\n%s", ok, tc.ok, par.err)
			}
			if !par.tried || tc.kept != either && par.kept != (tc.kept == yes) {
				t.Fatalf("tried %v, kept %v; want kept %v", par.tried, par.kept, tc.kept == yes)
			}
		})
	}
}

// TestResolveWorkerNesting runs a worker on the last types of a file
// only, as when the other worker took the first ones, and checks that it
// fails where it nests deeper than the sequential loop, and only there.
func TestResolveWorkerNesting(t *testing.T) {
	for _, tc := range []struct {
		first, last int // the constants the first types and the last type use
		fail        bool
	}{{60, 30, true}, {60, 50, false}, {99, 36, false}, {99, 35, true}} {
		var b strings.Builder
		for i := range 99 {
			fmt.Fprintf(&b, "const C%d: usize = C%d + 1;\n", i, i+1)
		}
		b.WriteString("const C99: usize = 1;\n")
		for i := range parChunk {
			fmt.Fprintf(&b, "#[derive(Archive)]\nstruct T%d { a: [u8; C%d] }\n", i, tc.first)
		}
		fmt.Fprintf(&b, "#[derive(Archive)]\nstruct Last { a: [u8; C%d] }\n", tc.last)
		src := []byte(b.String())
		// The sequential resolver accepts the file.
		if _, err := Parse("nest.rs", src); err != nil {
			t.Fatal(err)
		}
		s := newSource("nest.rs", src)
		f := parseFile(s, lex(s))
		if resolve(s, f) == nil || len(s.errs) > 0 { // sets typeDecl.def
			t.Fatal(s.errorList())
		}
		r := &resolver{
			s: s, f: f,
			aliases: map[string]*aliasInfo{}, consts: map[string]*constInfo{}, imports: map[string][]*useDecl{},
		}
		r.declare()
		sh := &parShared{types: f.types}
		sh.next.Store(parChunk) // the other worker took the first chunk
		r.worker(sh).resolveDefs()
		if sh.fail.Load() != tc.fail {
			t.Errorf("C%d then C%d: worker failed: %v, want %v", tc.first, tc.last, sh.fail.Load(), tc.fail)
		}
	}
}

// schemaGen writes random schemas that resolve without error, into which
// errors can be injected.
type schemaGen struct {
	rng *rand.Rand
	n   int // Archive types
	b   strings.Builder

	aliases []string // alias names, in an order without cycles
	usizes  []string // usize constants
	errs    []string // field types that are errors, injected
}

func (g *schemaGen) pick(list ...string) string { return list[g.rng.Intn(len(list))] }

// typ returns a type expression for a field of type i (-1: an alias) that
// has no infinite size: types by value are earlier ones.
func (g *schemaGen) typ(i, depth, aliasLimit int) string {
	r := g.rng
	if depth > 2 {
		return g.pick("u8", "u16", "i32", "u64", "f32", "bool", "char", "String")
	}
	switch k := r.Intn(24); {
	case k < 6:
		return g.pick("u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "isize", "usize", "f32", "f64", "bool", "char", "String")
	case k == 6:
		return "Vec<" + g.typ(i, depth+1, aliasLimit) + ">"
	case k == 7:
		return "Option<" + g.typ(i, depth+1, aliasLimit) + ">"
	case k == 8:
		return fmt.Sprintf("(%s, %s)", g.typ(i, depth+1, aliasLimit), g.typ(i, depth+1, aliasLimit))
	case k == 9 && len(g.usizes) > 0:
		return fmt.Sprintf("[%s; %s]", g.typ(i, depth+1, aliasLimit), g.usizes[r.Intn(len(g.usizes))])
	case k == 10:
		return fmt.Sprintf("[%s; %d]", g.typ(i, depth+1, aliasLimit), r.Intn(5))
	case k == 11:
		return fmt.Sprintf("%s<String, %s>", g.pick("HashMap", "Map", "std::collections::BTreeMap"), g.typ(i, depth+1, aliasLimit))
	case k == 12 && aliasLimit > 0:
		return g.aliases[r.Intn(aliasLimit)]
	case k == 13:
		return fmt.Sprintf("%s<T%d>", g.pick("Vec", "Box", "Bx", "PhantomData", "HashSet", "std::boxed::Box"), r.Intn(g.n))
	case k == 14 && i > 0:
		return fmt.Sprintf("%sT%d", g.pick("", "crate::", "self::", "super::"), r.Intn(i))
	case k == 15 && i > 0:
		return "First"
	case k == 16 && i >= 0:
		return g.pick("Box<Self>", "Vec<Self>", "Option<Box<Self>>")
	case k == 17:
		return g.pick("Box<str>", "Bx<str>", "Box<[u8]>", "Box<[Option<u16>]>")
	case k == 18:
		return g.pick("NonZeroU32", "NonZero<u16>", "std::num::NonZeroU64", "core::num::NonZero<i8>", "::std::string::String", "std::primitive::u32", "core::time::Duration")
	case k == 19:
		return fmt.Sprintf("Result<%s, %s>", g.typ(i, depth+1, aliasLimit), g.typ(i, depth+1, aliasLimit))
	case k == 20:
		return "()"
	case k == 21:
		return g.pick("Id", "Ids", "Pair")
	}
	return g.pick("u32", "String", "bool")
}

// gen writes a schema; bad > 0 injects that many errors.
func (g *schemaGen) gen(bad int) string {
	r, b := g.rng, &g.b
	b.WriteString("//! generated\nuse rkyv::{Archive, Deserialize, Serialize};\nuse std::collections::{HashMap, HashSet, BTreeMap as Map};\n")
	b.WriteString("use std::num::{NonZero, NonZeroU32};\nuse std::boxed::Box as Bx;\nuse crate::T0 as First;\nuse std::marker::PhantomData;\n")
	if r.Intn(2) == 0 {
		b.WriteString("use std::vec::Vec;\nuse std::option::Option;\nuse core::time::*;\n")
	}
	b.WriteString("pub type Id = u64;\ntype Ids = Vec<Id>;\ntype Pair = (Id, Option<Ids>);\n")
	// Constants, declared in a random order, each using constants
	// declared earlier in another order.
	var cdecl []string
	for c := range r.Intn(12) {
		expr := fmt.Sprint(1 + r.Intn(4))
		if c > 0 && r.Intn(2) == 0 {
			expr = fmt.Sprintf("%s %s %d", g.usizes[r.Intn(len(g.usizes))], g.pick("+", "*", "|", "^", "<<"), r.Intn(3))
		}
		name := fmt.Sprintf("C%d", c)
		g.usizes = append(g.usizes, name)
		cdecl = append(cdecl, fmt.Sprintf("const %s: usize = %s;\n", name, expr))
	}
	r.Shuffle(len(cdecl), func(i, j int) { cdecl[i], cdecl[j] = cdecl[j], cdecl[i] })
	for _, d := range cdecl {
		b.WriteString(d)
	}
	b.WriteString("const D0: u8 = 10;\nconst D1: u8 = D0 + 10;\nconst D2: u8 = D1 * 2 + (D0 >> 1);\nconst E0: i32 = -5;\n")
	// Helpers outside the schema, some of them invalid if used.
	b.WriteString("struct Plain { x: u8 }\nenum PlainE { A }\ntype Unused = &'static str;\ntype UnusedGen<T> = Vec<T>;\nconst UNUSED: usize = 1 / 0;\ntype SelfAlias = Vec<Self>;\n")
	b.WriteString("type Cy1 = Vec<Cy2>;\ntype Cy2 = Option<Cy1>;\nconst CC1: usize = CC2;\nconst CC2: usize = CC1;\nuse nowhere::Gone;\n")
	// Aliases: alias k uses aliases 0..k-1 only; they are written in
	// another order.
	na := r.Intn(15)
	var adecl []string
	for k := range na {
		name := fmt.Sprintf("A%d", k)
		adecl = append(adecl, fmt.Sprintf("type %s = %s;\n", name, g.typ(-1, 1, len(g.aliases))))
		g.aliases = append(g.aliases, name)
	}
	r.Shuffle(len(adecl), func(i, j int) { adecl[i], adecl[j] = adecl[j], adecl[i] })
	for _, d := range adecl {
		b.WriteString(d)
	}
	errAt := map[int][]string{}
	errs := []string{"Unknownn", "Plain", "PlainE", "Unused", "UnusedGen<u8>", "[u8; UNUSED]", "SelfAlias", "Cy1", "[u8; CC1]",
		"Gone", "str", "[u8]", "Vec<u8, u8>", "HashMap<u8>", "Id<u8>", "Self<u8>", "First<u8>", "std::nope::X", "foo::Bar",
		"Option<Self>", "Strin", "T0::Assoc", "[u8; 1 + NOPE]", "[u8; 0 - 1]", "NonZero<bool>"}
	for range bad {
		at := r.Intn(g.n)
		errAt[at] = append(errAt[at], errs[r.Intn(len(errs))])
	}
	if bad == 3 && r.Intn(4) == 0 { // too many errors
		for range 120 {
			at := r.Intn(g.n)
			errAt[at] = append(errAt[at], "Unknownn")
		}
	}
	for i := range g.n {
		if i > 0 && r.Intn(5) == 0 {
			b.WriteString("/// not in the schema\n")
			fmt.Fprintf(b, "struct Helper%d { x: u8 }\n", i)
		}
		fmt.Fprintf(b, "/// Type %d.\n#[derive(Archive, Serialize, Deserialize)]\n", i)
		var fields []string
		for range r.Intn(6) {
			fields = append(fields, g.typ(i, 0, len(g.aliases)))
		}
		fields = append(fields, errAt[i]...)
		switch k := r.Intn(10); {
		case i == 0 || k < 4:
			fmt.Fprintf(b, "pub struct T%d {\n", i)
			for f, t := range fields {
				fmt.Fprintf(b, "    pub f%d: %s,\n", f, t)
			}
			if bad > 0 && r.Intn(8) == 0 && len(fields) > 0 {
				b.WriteString("    f0: u8,\n") // duplicate field
			}
			b.WriteString("}\n")
		case k < 5:
			fmt.Fprintf(b, "struct T%d(%s);\n", i, strings.Join(fields, ", "))
		case k < 6 && len(errAt[i]) == 0:
			fmt.Fprintf(b, "struct T%d;\n", i)
		default:
			explicit := r.Intn(2) == 0
			repr := ""
			if explicit {
				repr = g.pick("u8", "i32", "u16")
				fmt.Fprintf(b, "#[repr(%s)]\n", repr)
			}
			fmt.Fprintf(b, "enum T%d {\n", i)
			next := 0
			nv := 1 + r.Intn(5)
			if r.Intn(20) == 0 {
				nv = 40 + r.Intn(30) // a map-sized enum
			}
			for v := range nv {
				disc := ""
				if explicit && r.Intn(2) == 0 {
					// Values only grow, so that none repeats.
					switch r.Intn(3) {
					case 0:
						if next <= 10 && repr == "u8" {
							disc, next = " = D0", 10
						}
					case 1:
						if next <= 30 && repr == "u8" {
							disc, next = " = D1 + 10", 30
						}
					default:
						next += r.Intn(3)
						disc = fmt.Sprintf(" = %d", next)
					}
				}
				switch {
				case bad > 0 && v == 1 && r.Intn(10) == 0:
					disc = " = 0" // perhaps a repeated value
				case bad > 0 && v == 1 && r.Intn(10) == 0:
					fmt.Fprintf(b, "    V0,\n") // a repeated name
				}
				next++
				switch r.Intn(3) {
				case 0:
					fmt.Fprintf(b, "    V%d%s,\n", v, disc)
				case 1:
					fmt.Fprintf(b, "    V%d(%s, %s)%s,\n", v, g.typ(i, 1, len(g.aliases)), g.typ(i, 1, len(g.aliases)), disc)
				default:
					fmt.Fprintf(b, "    V%d { a: %s }%s,\n", v, g.typ(i, 1, len(g.aliases)), disc)
				}
			}
			if len(fields) > 0 {
				fmt.Fprintf(b, "    W(%s),\n", strings.Join(fields, ", "))
			}
			b.WriteString("}\n")
		}
	}
	return g.b.String()
}

// BenchmarkResolve measures resolve alone, sequential and parallel, on
// BenchmarkParse's schema.
func BenchmarkResolve(b *testing.B) {
	src := benchSrc()
	s := newSource("big.rs", src)
	toks := lex(s)
	if !s.delims.finish(s, toks) {
		b.Fatal("delimiters")
	}
	f := parseFile(s, toks)
	if len(s.errs) > 0 {
		b.Fatal(s.errorList())
	}
	for _, mode := range []struct {
		name string
		min  int
	}{{"seq", math.MaxInt}, {"par", 1}} {
		b.Run(mode.name, func(b *testing.B) {
			defer func(old int) { parallelResolveMin = old }(parallelResolveMin)
			parallelResolveMin = mode.min
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if resolve(s, f) == nil || len(s.errs) > 0 {
					b.Fatal(s.errorList())
				}
			}
		})
	}
}
