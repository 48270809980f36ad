package rustschema

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The golden files are rewritten with -update. That flag is declared by
// another test file of this package (conformance_test.go), so it is looked
// up by name; -update-parse works on its own.
var updateParse = flag.Bool("update-parse", false, "rewrite the golden files of testdata/parse")

func updating() bool {
	if *updateParse {
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestParseGolden parses every testdata/parse/*.rs, checks the model's
// invariants and compares a dump of it with the .golden file beside it.
func TestParseGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*.rs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(file, src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkInvariants(t, s, file)
			got := dumpSchema(s)
			golden := strings.TrimSuffix(file, ".rs") + ".golden"
			if updating() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run go test -update to accept):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

// dumpSchema writes a schema deterministically, one line per type, field
// and variant, with positions.
func dumpSchema(s *Schema) string {
	var b strings.Builder
	fmt.Fprintf(&b, "schema_version %d\n", s.SchemaVersion)
	if s.Profile != nil {
		fmt.Fprintf(&b, "profile %s\n", s.Profile.Canon())
	}
	at := func(p Pos) string { return fmt.Sprintf("@%d:%d", p.Line, p.Col) }
	field := func(indent string, f *Field) {
		fmt.Fprintf(&b, "%sfield %s %s: %s %s", indent, f.Name, at(f.Pos), f.Type, at(f.Type.Pos))
		if len(f.With) > 0 {
			fmt.Fprintf(&b, " with(%s)", strings.Join(f.With, ", "))
		}
		b.WriteByte('\n')
	}
	for _, d := range s.Types {
		fmt.Fprintf(&b, "%s %s %s", d.Kind, d.Name, at(d.Pos))
		if d.Kind == Struct {
			fmt.Fprintf(&b, " %s", d.Shape)
		}
		if !d.Repr.isZero() {
			fmt.Fprintf(&b, " repr(%s)", d.Repr)
		}
		if !d.ArchivedRepr.isZero() {
			fmt.Fprintf(&b, " archived_repr(%s)", d.ArchivedRepr)
		}
		if d.As != "" {
			fmt.Fprintf(&b, " as(%s)", d.As)
		}
		b.WriteByte('\n')
		for _, f := range d.Fields {
			field("  ", f)
		}
		for _, v := range d.Variants {
			fmt.Fprintf(&b, "  variant %s %s %s disc=%d", v.Name, at(v.Pos), v.Shape, v.Disc)
			if v.Explicit {
				b.WriteString(" explicit")
			}
			b.WriteByte('\n')
			for _, f := range v.Fields {
				field("    ", f)
			}
		}
	}
	for _, svc := range s.Services {
		fmt.Fprintf(&b, "service %s %s %s %s\n", svc.Name, at(svc.Pos), svc.Protocol, svc.Response)
	}
	return b.String()
}

// checkInvariants verifies what the model promises: types sorted by
// name, every Pos filled in, local types linked to their definitions in
// the schema, argument counts per kind, tuple field names.
func checkInvariants(t *testing.T, s *Schema, file string) {
	t.Helper()
	if s.File != file {
		t.Errorf("Schema.File = %q, want %q", s.File, file)
	}
	if len(s.Types) == 0 {
		t.Errorf("no types")
	}
	if !sort.SliceIsSorted(s.Types, func(i, j int) bool { return s.Types[i].Name < s.Types[j].Name }) {
		t.Errorf("types not sorted by name")
	}
	inSchema := map[*TypeDef]bool{}
	for _, d := range s.Types {
		inSchema[d] = true
		if s.Lookup(d.Name) != d {
			t.Errorf("Lookup(%s) failed", d.Name)
		}
	}
	checkPos := func(what string, p Pos) {
		if p.File != file || p.Line <= 0 || p.Col <= 0 {
			t.Errorf("%s: bad position %+v", what, p)
		}
	}
	var checkType func(where string, ty *Type)
	checkType = func(where string, ty *Type) {
		if ty == nil {
			t.Errorf("%s: nil type", where)
			return
		}
		checkPos(where+" type "+ty.String(), ty.Pos)
		want := map[TypeKind]int{Prim: 0, UnitType: 0, String: 0, Duration: 0, Str: 0, Local: 0,
			Array: 1, Slice: 1, Vec: 1, Box: 1, Option: 1, HashSet: 1, BTreeSet: 1, PhantomData: 1,
			Result: 2, HashMap: 2, BTreeMap: 2}
		if n, ok := want[ty.Kind]; ok && len(ty.Args) != n {
			t.Errorf("%s: %s has %d args, want %d", where, ty, len(ty.Args), n)
		}
		switch ty.Kind {
		case TupleType:
			if len(ty.Args) == 0 {
				t.Errorf("%s: empty tuple type", where)
			}
		case Local:
			if ty.Def == nil || ty.Def.Name != ty.Name || !inSchema[ty.Def] {
				t.Errorf("%s: local type %s not linked to its definition", where, ty.Name)
			}
		case Prim:
			if ty.Name == "" {
				t.Errorf("%s: primitive without a name", where)
			}
		case Std:
			if si := stdByName[ty.Name]; si == nil || len(ty.Args) != si.arity {
				t.Errorf("%s: std type %s unknown or with the wrong number of arguments", where, ty)
			}
		case Ref:
			if len(ty.Args) != 1 {
				t.Errorf("%s: reference %s without one argument", where, ty)
			}
		}
		for _, a := range ty.Args {
			unsizedOK := ty.Kind == Box || ty.Kind == Ref || ty.Kind == Std && stdByName[ty.Name].unsized
			if (a.Kind == Str || a.Kind == Slice) && !unsizedOK {
				t.Errorf("%s: %s outside Box", where, a)
			}
			checkType(where, a)
		}
	}
	checkFields := func(where string, shape Shape, fields []*Field) {
		if shape == Unit && len(fields) > 0 {
			t.Errorf("%s: unit shape with fields", where)
		}
		for i, f := range fields {
			checkPos(where+"."+f.Name, f.Pos)
			if shape == Tuple && f.Name != strconv.Itoa(i) {
				t.Errorf("%s: tuple field %d named %q", where, i, f.Name)
			}
			if f.Type.Kind == Str || f.Type.Kind == Slice {
				t.Errorf("%s.%s: unsized field type", where, f.Name)
			}
			checkType(where+"."+f.Name, f.Type)
		}
	}
	for _, d := range s.Types {
		checkPos(d.Name, d.Pos)
		switch d.Kind {
		case Struct:
			if len(d.Variants) > 0 {
				t.Errorf("struct %s has variants", d.Name)
			}
			checkFields(d.Name, d.Shape, d.Fields)
		case Enum:
			if len(d.Fields) > 0 {
				t.Errorf("enum %s has fields", d.Name)
			}
			for i, v := range d.Variants {
				checkPos(d.Name+"::"+v.Name, v.Pos)
				checkFields(d.Name+"::"+v.Name, v.Shape, v.Fields)
				if !v.Explicit {
					want := int64(0)
					if i > 0 {
						want = d.Variants[i-1].Disc + 1
					}
					if v.Disc != want {
						t.Errorf("%s::%s: implicit discriminant %d, want %d", d.Name, v.Name, v.Disc, want)
					}
				}
			}
		}
	}
}

// diffLines shows the first differing lines of two texts.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %q\n  got %q", i+1, wl, gl)
		}
	}
	return "(no difference)"
}

// errorComment matches the expectations in error test files:
// // ERROR "regexp" ["regexp" ...]. Patterns are regular expressions in
// double quotes (where only \" is an escape, so \( and \[ reach the
// regexp as written) or in backquotes.
var errorComment = regexp.MustCompile(`// ERROR (.*)$`)

// TestParseErrors parses every testdata/parse/errors/*.rs. Each error
// must be reported on a line carrying a matching // ERROR "regexp"
// comment, and each such pattern must match an error on its line.
func TestParseErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/errors/*.rs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := expectations(t, src)
			if len(want) == 0 {
				t.Fatalf("no // ERROR comments")
			}
			s, err := Parse(file, src)
			if err == nil {
				t.Fatalf("Parse succeeded (%d types), want errors", len(s.Types))
			}
			if s != nil {
				t.Errorf("Parse returned a schema with errors")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			checkErrorText(t, file, list)
			for _, e := range list {
				pats := want[e.Pos.Line]
				found := -1
				for i, re := range pats {
					if re.MatchString(e.Msg) {
						found = i
						break
					}
				}
				if found < 0 {
					t.Errorf("unexpected error %v", e)
					continue
				}
				want[e.Pos.Line] = append(pats[:found:found], pats[found+1:]...)
			}
			for line, pats := range want {
				for _, re := range pats {
					t.Errorf("%s:%d: no error matching %q", file, line, re)
				}
			}
		})
	}
}

// cutPattern returns the quoted pattern at the start of s and its
// length, or -1 when it is not terminated.
func cutPattern(s string) (string, int) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == q:
			return b.String(), i + 1
		case q == '"' && s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return "", -1
}

// expectations collects the // ERROR patterns of a file by line.
func expectations(t *testing.T, src []byte) map[int][]*regexp.Regexp {
	want := map[int][]*regexp.Regexp{}
	for i, line := range strings.Split(string(src), "\n") {
		m := errorComment.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		for rest != "" && (rest[0] == '"' || rest[0] == '`') {
			pat, n := cutPattern(rest)
			if n < 0 {
				t.Fatalf("line %d: unterminated ERROR pattern %s", i+1, rest)
			}
			want[i+1] = append(want[i+1], regexp.MustCompile(pat))
			rest = strings.TrimSpace(rest[n:])
		}
	}
	return want
}

var errTextRE = regexp.MustCompile(`^(.+):(\d+):(\d+): \S`)

// checkErrorText checks that every error prints as "file:line:col: msg"
// with a real position, and that the list is sorted.
func checkErrorText(t testing.TB, file string, list ErrorList) {
	t.Helper()
	for i, e := range list {
		if e.Pos.Line <= 0 || e.Pos.Col <= 0 || e.Pos.File != file {
			t.Errorf("error without position: %+v", e)
		}
		m := errTextRE.FindStringSubmatch(e.Error())
		if m == nil || m[1] != file {
			t.Errorf("error text %q is not file:line:col: message", e.Error())
		}
		if strings.Contains(e.Msg, "internal error") {
			t.Errorf("internal error: %v", e)
		}
		if i > 0 {
			a, b := list[i-1].Pos, e.Pos
			if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
				t.Errorf("errors not sorted: %v before %v", list[i-1], e)
			}
		}
	}
}

func parseErr(t *testing.T, src string) ErrorList {
	t.Helper()
	s, err := Parse("x.rs", []byte(src))
	if err == nil {
		t.Fatalf("Parse(%.60q) succeeded with %d types, want an error", src, len(s.Types))
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want ErrorList", err)
	}
	checkErrorText(t, "x.rs", list)
	return list
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "\uFEFF", "// nothing\n", "struct A;"} {
		list := parseErr(t, src)
		if len(list) != 1 || list[0].Pos.Line != 1 || list[0].Pos.Col != 1 || !strings.Contains(list[0].Msg, "derives Archive") {
			t.Errorf("Parse(%q) = %v, want one error at 1:1 about Archive", src, list)
		}
	}
}

// TestDeepNesting checks that hostile nesting is an error, not a crash.
func TestDeepNesting(t *testing.T) {
	const derive = "#[derive(Archive)] struct S { a: "
	tests := []struct{ name, src, msg string }{
		{"generics", derive + strings.Repeat("Vec<", 5000) + "u8" + strings.Repeat(">", 5000) + " }", "nesting too deep"},
		{"shr", derive + strings.Repeat("Vec<", 5001) + "u8" + strings.Repeat(">>", 2500) + "> }", "nesting too deep"},
		{"tuples", derive + strings.Repeat("(", 250) + "u8" + strings.Repeat(",)", 250) + " }", "nesting too deep"},
		{"delims", derive + strings.Repeat("(", 5000) + "u8" + strings.Repeat(")", 5000) + " }", "delimiters nested too deeply"},
		{"refs", derive + strings.Repeat("&", 5000) + "u8 }", "nesting too deep"},
		{"unary", "#[derive(Archive)] enum E { A = " + strings.Repeat("-", 5000) + "1 }", "nesting too deep"},
		{"use", "use a::" + strings.Repeat("{b::", 250) + "c" + strings.Repeat("}", 250) + ";", "nesting too deep"},
		{"cfg_attr", "#[derive(Archive)]" + strings.Repeat("#[cfg_attr(a, ", 1) + strings.Repeat("cfg_attr(a, ", 240) + "repr(C)" + strings.Repeat(")", 241) + "] struct S;", "nesting too deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := parseErr(t, tt.src)
			found := false
			for _, e := range list {
				found = found || strings.Contains(e.Msg, tt.msg)
			}
			if !found {
				t.Errorf("errors %v do not mention %q", list, tt.msg)
			}
		})
	}
}

// TestAliasExpansionBudget checks that aliases doubling in size at every
// level are refused instead of expanding exponentially.
func TestAliasExpansionBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("#[derive(Archive)] struct S { a: A0 }\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "type A%d = (A%d, A%d);\n", i, i+1, i+1)
	}
	b.WriteString("type A40 = u8;\n")
	list := parseErr(t, b.String())
	if !strings.Contains(list.Error(), "schema too large") && !strings.Contains(list.Error(), "too deeply") {
		t.Errorf("got %v, want a size error", list)
	}
	// A long chain of aliases is bounded too.
	b.Reset()
	b.WriteString("#[derive(Archive)] struct S { a: A0 }\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "type A%d = A%d;\n", i, i+1)
	}
	b.WriteString("type A1000 = u8;\n")
	list = parseErr(t, b.String())
	if !strings.Contains(list.Error(), "aliases nested too deeply") {
		t.Errorf("got %v, want an alias depth error", list)
	}
}

func TestLongRecursionChain(t *testing.T) {
	// A long by-value chain ending in a cycle: the search must not recurse
	// per type.
	var b strings.Builder
	const n = 20000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "#[derive(Archive)] struct T%d { x: T%d }\n", i, (i+1)%n)
	}
	list := parseErr(t, b.String())
	if len(list) != 1 || !strings.Contains(list[0].Msg, "infinite size: T0 contains T1 contains T2 contains T3 contains ... (19993 more) contains T19997 contains T19998 contains T19999 contains T0 by value") {
		t.Errorf("got %d errors, first %v", len(list), list[0])
	}
}

func TestTooManyErrors(t *testing.T) {
	src := "#[derive(Archive)] struct S { " + strings.Repeat("a: &u8, ", 1000) + "}"
	list := parseErr(t, src)
	if len(list) > maxErrors+1 || list[len(list)-1].Msg != "too many errors" {
		t.Errorf("got %d errors, last %v", len(list), list[len(list)-1])
	}
}

// TestErrorFormat checks the exact text of a few errors.
func TestErrorFormat(t *testing.T) {
	tests := []struct{ src, want string }{
		{"#[derive(Archive)]\nstruct S { a u32 }", "x.rs:2:14: expected `:` after field name, found `u32`"},
		{"#[derive(Archive)]\nstruct S { a: Fooo }\n#[derive(Archive)] struct Foo;", "x.rs:2:15: unknown type Fooo (did you mean Foo?)"},
		{"#[derive(Archive)]\nstruct S { a: HashMap<u8, u8> }", "x.rs:2:15: unknown type HashMap; add `use std::collections::HashMap;` or write std::collections::HashMap"},
		{"#[derive(Archive)]\nstruct S { a: T }\nstruct T;", "x.rs:2:15: type T is used by Archive type S but does not derive Archive; add #[derive(Archive)] to T"},
		{"#[derive(Archive)]\nstruct S<T> { a: T }", "x.rs:2:9: generic type definitions are not supported: struct S<T> (only lifetime parameters are)"},
	}
	for _, tt := range tests {
		_, err := Parse("x.rs", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q):\n got %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

// TestFieldOrderAndSharing checks that alias expansions give each use its
// own root position and that forward references link to the same def.
func TestFieldOrderAndSharing(t *testing.T) {
	src := `
type Ids = Vec<u64>;
#[derive(Archive)] struct A { x: Ids, y: Ids, b: Box<B> }
#[derive(Archive)] struct B { a: Option<Box<A>> }
`
	s, err := Parse("x.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Lookup("A"), s.Lookup("B")
	if a.Fields[0].Type.Pos == a.Fields[1].Type.Pos {
		t.Errorf("alias uses share a position")
	}
	if a.Fields[2].Type.Elem().Def != b || b.Fields[0].Type.Elem().Elem().Def != a {
		t.Errorf("forward references not linked")
	}
}

// TestSourceNotRetained checks that the schema does not alias the
// caller's buffer: names must not change when the caller reuses it.
func TestSourceNotRetained(t *testing.T) {
	src := []byte("#[derive(Archive)] struct Quote { bid: f64 }")
	s, err := Parse("x.rs", src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range src {
		src[i] = 'x'
	}
	if d := s.Types[0]; d.Name != "Quote" || d.Fields[0].Name != "bid" || d.Fields[0].Type.Name != "f64" {
		t.Errorf("schema changed with the source buffer: %s %s %s", d.Name, d.Fields[0].Name, d.Fields[0].Type)
	}
}

// TestSafetyNetSilent checks that odd inputs are rejected with ordinary
// errors: the recover in Parse must never fire.
func TestSafetyNetSilent(t *testing.T) {
	inputs := []string{
		"#", "#[", "#!", "#![", "#[derive", "#[derive(Archive)]", "#[derive(Archive)] struct",
		"#[derive(Archive)] struct S", "#[derive(Archive)] struct S {", "#[derive(Archive)] enum E { A = }",
		"#[derive(Archive)] struct S(pub", "#[derive(Archive)] struct S { a: [u8; ] }",
		"#[derive(Archive)] struct S { a: Vec<u8>> }", "#[derive(Archive)] struct S { a: Vec<<u8 as X>::Y> }",
		"#[derive(Archive)] struct S { a: Vec<u8 }", "use ;", "use a::{;", "use a::{b, c::{d, *}, self as e};",
		"#[rkyv(with = )] struct S;", "#[derive(Archive)] #[rkyv(as = )] struct S;",
		"#[derive(Archive)] struct S { #[with()] a: u8 }", "#[derive(Archive)] struct S { #[with] a: u8 }",
		"#[derive(Archive)] #[repr(align())] struct S;", "#[derive(Archive)] #[repr] struct S;",
		"#![cell_profile]", "#![cell_profile(rkyv)]", "#![schema_version]", "#![schema_version = -1]",
		"const X: usize = ;", "const X: usize", "type A = ;", "macro_rules! m", "foo!", "foo! bar",
		"#[derive(Archive)] struct S { a: u8, } impl<T> S<{ 1 }> for X<T> where T: Fn() -> u8 {}",
		"mod m { #[derive(Archive)] struct S; }", "union U { a: u8 }", "#[derive(Archive)] union U { a: u8 }",
	}
	for _, src := range inputs {
		_, err := Parse("x.rs", []byte(src))
		if err == nil {
			continue
		}
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("Parse(%q): error is %T", src, err)
			continue
		}
		checkErrorText(t, "x.rs", list)
	}
}

// ---- fuzzing ----

// addSeeds adds the test files and the committed regression inputs.
func addSeeds(f *testing.F) {
	for _, pat := range []string{"testdata/parse/*.rs", "testdata/parse/errors/*.rs"} {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
}

func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		s := newSource("f.rs", src)
		toks := lex(s)
		if len(toks) == 0 || toks[len(toks)-1].kind != tEOF {
			t.Fatalf("token stream does not end with EOF")
		}
		prev := int32(0)
		for _, tok := range toks {
			if tok.off < prev || tok.end() < tok.off || int(tok.end()) > len(src) {
				t.Fatalf("bad token span %d..%d after %d (len %d)", tok.off, tok.end(), prev, len(src))
			}
			prev = tok.end()
		}
		if !s.fatal && matchDelims(s, toks) {
			checkPartners(t, toks)
		}
		for _, e := range s.errorList() {
			checkFuzzError(t, e)
		}
	})
}

// fuzzCfg is the cfg set FuzzParse also parses every input under, so
// that #[cfg_attr] evaluation is fuzzed too.
var fuzzCfg, _ = ParseCfg([]string{`feature="rkyv"`, "unix", `target_pointer_width="64"`})

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFuzzParse(t, src, nil)
		checkFuzzParse(t, src, fuzzCfg)
	})
}

func checkFuzzParse(t *testing.T, src []byte, cfg *Cfg) {
	s, err := ParseWith("f.rs", src, cfg)
	if err == nil {
		if s == nil || len(s.Types) == 0 {
			t.Fatalf("no error and no types")
		}
		checkInvariants(t, s, "f.rs")
		return
	}
	if s != nil {
		t.Fatalf("schema returned with an error")
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T", err)
	}
	for _, e := range list {
		checkFuzzError(t, e)
	}
	if !bytes.Equal([]byte(err.Error()), []byte(list.Error())) {
		t.Fatalf("error text differs from the list")
	}
}

var fuzzErrRE = regexp.MustCompile(`^f\.rs:\d+:\d+: `)

func checkFuzzError(t *testing.T, e *Error) {
	if e.Pos.Line <= 0 || e.Pos.Col <= 0 {
		t.Fatalf("error without position: %v", e)
	}
	if !fuzzErrRE.MatchString(e.Error()) {
		t.Fatalf("malformed error %q", e.Error())
	}
	if strings.Contains(e.Msg, "internal error") {
		t.Fatalf("safety net fired: %v", e)
	}
}

// BenchmarkParse measures Parse alone on a generated file of typical
// shape (docs, derives, structs and enums over primitives, containers and
// earlier types); MB/s is schema text throughput.
func BenchmarkParse(b *testing.B) {
	src := benchSrc()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("big.rs", src); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSrc() []byte {
	var sb strings.Builder
	sb.WriteString("use rkyv::{Archive, Deserialize, Serialize};\nuse std::collections::HashMap;\nconst N: usize = 4;\n")
	types := []string{"u8", "u32", "i64", "f64", "bool", "String", "Vec<u16>", "Option<u64>", "[u8; N]", "HashMap<String, u32>"}
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&sb, "/// Type number %d.\n#[derive(Archive, Serialize, Deserialize, Debug)]\n", i)
		if i%4 == 3 {
			fmt.Fprintf(&sb, "pub enum T%d {\n    V0,\n    V1(%s, T%d),\n    V2 { a: %s, b: Box<T%d> },\n}\n\n", i, types[i%10], i-1, types[(i+3)%10], i)
			continue
		}
		fmt.Fprintf(&sb, "pub struct T%d {\n", i)
		for f := 0; f < 6; f++ {
			fmt.Fprintf(&sb, "    pub f%d: %s,\n", f, types[(i+f)%10])
		}
		sb.WriteString("}\n\n")
	}
	return []byte(sb.String())
}
