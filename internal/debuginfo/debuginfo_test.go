package debuginfo

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cellvet/cellvet/rustschema/layout"
)

// tinyBuild compiles testdata/tiny.rs (with its helper crates rkyv and
// dup) once per test binary with the given rustc flags.
type tinyBuild struct {
	once sync.Once
	path string
	err  error
}

var tinyBuilds sync.Map // flags string -> *tinyBuild

func buildTiny(t *testing.T, flags ...string) string {
	t.Helper()
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		t.Skip("rustc is not on PATH: skipping the tests that compile testdata/tiny.rs (CI has rustc)")
	}
	v, _ := tinyBuilds.LoadOrStore(strings.Join(flags, " "), &tinyBuild{})
	tb := v.(*tinyBuild)
	tb.once.Do(func() {
		dir, err := os.MkdirTemp("", "cellvet-debuginfo-")
		if err != nil {
			tb.err = err
			return
		}
		td, err := filepath.Abs("testdata")
		if err != nil {
			tb.err = err
			return
		}
		steps := [][]string{
			{"-g", "--crate-type", "rlib", "--crate-name", "rkyv", "-o", "librkyv.rlib", filepath.Join(td, "rkyv.rs")},
			{"-g", "--crate-type", "rlib", "--crate-name", "dup", "-C", "metadata=a", "-o", "libdupa.rlib", filepath.Join(td, "dup.rs")},
			{"-g", "--crate-type", "rlib", "--crate-name", "dup", "-C", "metadata=b", "--cfg", "wide", "-o", "libdupb.rlib", filepath.Join(td, "dup.rs")},
			append(append([]string{"--extern", "rkyv=librkyv.rlib", "--extern", "dupa=libdupa.rlib", "--extern", "dupb=libdupb.rlib"}, flags...),
				"-o", "tiny", filepath.Join(td, "tiny.rs")),
		}
		for _, args := range steps {
			cmd := exec.Command(rustc, args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				tb.err = &buildError{args: args, err: err, out: string(out)}
				return
			}
		}
		tb.path = filepath.Join(dir, "tiny")
	})
	if tb.err != nil {
		t.Fatal(tb.err)
	}
	return tb.path
}

type buildError struct {
	args []string
	err  error
	out  string
}

func (e *buildError) Error() string {
	return "rustc " + strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + e.out
}

func TestMain(m *testing.M) {
	code := m.Run()
	tinyBuilds.Range(func(_, v any) bool {
		if tb := v.(*tinyBuild); tb.path != "" {
			os.RemoveAll(filepath.Dir(tb.path))
		}
		return true
	})
	os.Exit(code)
}

func f(name, typ string, off, size, align uint64) layout.Field {
	return layout.Field{Name: name, Type: typ, Offset: off, Size: size, Align: align}
}

// The layouts of testdata/tiny.rs, as rustc lays them out (repr(C) and
// repr(u8) rules; the tuple (u8, u16) is reordered by rustc).
var tinyWant = []*layout.Type{
	{Name: "Quote", Kind: "struct", Size: 16, Align: 8, Fields: []layout.Field{
		f("bid", "u64", 0, 8, 8), f("ask", "u32", 8, 4, 4), f("pair", "(u8, u16)", 12, 4, 2)}},
	{Name: "Msg", Kind: "enum", Size: 24, Align: 8, Tag: "u8", Variants: []layout.Variant{
		{Name: "Ping", Tag: 0, Fields: []layout.Field{}},
		{Name: "Ack", Tag: 1, Fields: []layout.Field{f("0", "u32", 4, 4, 4)}},
		{Name: "Order", Tag: 7, Fields: []layout.Field{f("id", "u64", 8, 8, 8), f("qty", "[u16; 3]", 16, 6, 2)}},
	}},
	{Name: "Signed", Kind: "enum", Size: 2, Align: 2, Tag: "i16", Variants: []layout.Variant{
		{Name: "Low", Tag: ^uint64(1), Fields: []layout.Field{}}, // -2
		{Name: "High", Tag: 5, Fields: []layout.Field{}},
	}},
	{Name: "Pair", Kind: "struct", Size: 8, Align: 4, Fields: []layout.Field{f("0", "u32", 0, 4, 4), f("1", "u8", 4, 1, 1)}},
	{Name: "One", Kind: "enum", Size: 16, Align: 8, Tag: "u8", Variants: []layout.Variant{
		{Name: "Only", Tag: 0, Fields: []layout.Field{f("0", "u64", 8, 8, 8)}},
	}},
	{Name: "Unit", Kind: "struct", Size: 0, Align: 1},
	{Name: "Wrap<u32>", Kind: "struct", Size: 12, Align: 4, Fields: []layout.Field{
		f("inner", "u32", 0, 4, 4), f("grid", "[[u8; 3]; 2]", 4, 6, 1)}},
}

func tinyNames() []string {
	var names []string
	for _, t := range tinyWant {
		names = append(names, t.Name)
	}
	return names
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestTinyLayouts(t *testing.T) {
	b, err := Read(buildTiny(t, "-g"))
	if err != nil {
		t.Fatal(err)
	}
	for _, module := range []string{"cell::schema", "tiny::cell", "schema", "tiny::cell::schema"} {
		got, err := b.Layouts(tinyNames(), module)
		if err != nil {
			t.Fatalf("module %s: %v", module, err)
		}
		if !reflect.DeepEqual(got, tinyWant) {
			t.Errorf("module %s: got\n%s\nwant\n%s", module, dump(got), dump(tinyWant))
		}
		if d := Compare(tinyWant, got); len(d) != 0 {
			t.Errorf("module %s: Compare of equal layouts: %v", module, d)
		}
	}
	// Without a module: Quote is ambiguous (tiny::other has one too), Unit
	// is not (rkyv::ArchivedUnit belongs to a library crate).
	got, err := b.Layouts([]string{"Unit", "Quote", "Nope"}, "")
	var errs typeErrors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("Layouts without a module: error %v, want two typeErrors", err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], tinyWant[5]) {
		t.Errorf("Layouts without a module: got %s, want only Unit", dump(got))
	}
	if e := errs[0]; e.Type != "Quote" || !strings.Contains(e.Msg, "tiny::cell::schema::ArchivedQuote, tiny::other::ArchivedQuote") {
		t.Errorf("ambiguous Quote: %v", e)
	}
	if e := errs[1]; e.Type != "Nope" || !strings.Contains(e.Msg, "no ArchivedNope in the debug info") {
		t.Errorf("missing Nope: %v", e)
	}
	// The library type is reachable with its module.
	got, err = b.Layouts([]string{"Unit"}, "rkyv")
	if err != nil || len(got) != 1 || got[0].Size != 4 {
		t.Errorf("rkyv::ArchivedUnit: %s, %v", dump(got), err)
	}
	// A missing type in a module names where it does exist.
	_, err = b.Layouts([]string{"Quote"}, "nowhere")
	if err == nil || !strings.Contains(err.Error(), "Quote: no ArchivedQuote in module nowhere in the debug info (found ArchivedQuote elsewhere: tiny::cell::schema::ArchivedQuote, tiny::other::ArchivedQuote)") {
		t.Errorf("Quote in module nowhere: %v", err)
	}
	// Two crates named dup define dup::ArchivedConflict differently.
	_, err = b.Layouts([]string{"Conflict"}, "dup")
	if err == nil || !strings.Contains(err.Error(), "dup::ArchivedConflict has conflicting definitions") || !strings.Contains(err.Error(), "size: predicted 4, measured 8") {
		t.Errorf("conflicting dup::ArchivedConflict: %v", err)
	}

	if c := b.candidates("ArchivedQuote", ""); !reflect.DeepEqual(c, []string{"tiny::cell::schema::ArchivedQuote", "tiny::other::ArchivedQuote"}) {
		t.Errorf("candidates(ArchivedQuote) = %v", c)
	}
}

func TestNoDebugInfo(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		msg   string
	}{
		{[]string{"-g", "-C", "strip=debuginfo"}, ": no DWARF debug info (build with debug = true or without strip)"},
		{[]string{"-C", "debuginfo=line-tables-only"}, ": no DWARF debug info: the DWARF has no type info"},
		{[]string{"-g", "-C", "split-debuginfo=unpacked"}, ": no DWARF debug info: the type info is in split DWARF"},
	} {
		path := buildTiny(t, tc.flags...)
		_, err := Read(path)
		if !errors.Is(err, errNoDebugInfo) || !strings.Contains(err.Error(), path+tc.msg) {
			t.Errorf("rustc %v: Read error %v, want errNoDebugInfo with %q", tc.flags, err, tc.msg)
		}
	}
}

func TestReadNotELF(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "schema.rs")
	if err := os.WriteFile(p, []byte("pub struct Quote { bid: u64 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p); err == nil || !strings.Contains(err.Error(), p+": not an ELF binary") {
		t.Errorf("Read of a text file: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "absent")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of an absent file: %v", err)
	}
	// A truncated ELF header.
	data, err := os.ReadFile(buildTinyOrSelf(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{4, 64, 1000} {
		q := filepath.Join(dir, "cut")
		if err := os.WriteFile(q, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(q); err == nil {
			t.Errorf("Read of an ELF cut to %d bytes: no error", n)
		}
	}
}

// buildTinyOrSelf is an ELF file: the tiny binary, or without rustc this
// test binary.
func buildTinyOrSelf(t *testing.T) string {
	if _, err := exec.LookPath("rustc"); err == nil {
		return buildTiny(t, "-g")
	}
	p, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	return p
}

// TestCorruptDWARF flips bytes in the tiny binary's .debug_info and
// .debug_abbrev: Read and Layouts may fail but must not panic. Some of the
// corrupted binaries must get as far as Layouts, or the test would check
// only Read.
func TestCorruptDWARF(t *testing.T) {
	path := buildTiny(t, "-g")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var secs []*elf.Section
	for _, name := range []string{".debug_info", ".debug_abbrev"} {
		if s := ef.Section(name); s != nil && s.Size > 0 {
			secs = append(secs, s)
		}
	}
	ef.Close()
	if len(secs) != 2 {
		t.Fatal("the tiny binary has no .debug_info or .debug_abbrev")
	}
	dir := t.TempDir()
	iters := 40
	if testing.Short() {
		iters = 8
	}
	var read, measured int
	for i := 0; i < iters; i++ {
		c := append([]byte(nil), data...)
		s := secs[i%2]
		// Early offsets hit tiny's own unit (the first one), later ones std's.
		span := s.Size
		if i%4 < 2 && span > 4096 {
			span = 4096
		}
		off := s.Offset + uint64(i*7919)%span
		for j := uint64(0); j < 8 && off+j < s.Offset+s.Size; j++ {
			c[off+j] ^= byte(0x5a + i + int(j))
		}
		p := filepath.Join(dir, "c")
		if err := os.WriteFile(p, c, 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := Read(p)
		if err != nil {
			continue
		}
		read++
		if ls, _ := b.Layouts(tinyNames(), "schema"); len(ls) > 0 {
			measured++
		}
		b.Layouts(tinyNames(), "")
	}
	if read == 0 || measured == 0 {
		t.Errorf("%d corrupted binaries: %d read, %d with some layouts; the corruptions never reach the layout reader", iters, read, measured)
	}
}

func TestCompare(t *testing.T) {
	pred := []*layout.Type{
		{Name: "Quote", Kind: "struct", Size: 16, Align: 8, Fields: []layout.Field{
			f("bid", "f64", 0, 8, 8), f("ask", "u32", 8, 4, 4), f("gone", "u8", 12, 1, 1)}},
		{Name: "Msg", Kind: "enum", Size: 24, Align: 8, Tag: "u8", Variants: []layout.Variant{
			{Name: "Ping", Tag: 0, Fields: []layout.Field{}},
			{Name: "Ack", Tag: 1, Fields: []layout.Field{f("id", "u64", 8, 8, 8)}},
			{Name: "Lost", Tag: 2, Fields: []layout.Field{}},
		}},
		{Name: "Absent", Kind: "struct", Size: 1, Align: 1},
		{Name: "Shape", Kind: "struct", Size: 4, Align: 4},
	}
	meas := []*layout.Type{
		{Name: "Msg", Kind: "enum", Size: 32, Align: 16, Tag: "u16", Variants: []layout.Variant{
			{Name: "Ping", Tag: 0, Fields: []layout.Field{}},
			{Name: "Ack", Tag: 3, Fields: []layout.Field{f("id", "rend::u64_le", 16, 16, 16)}},
			{Name: "New", Tag: 2, Fields: []layout.Field{}},
		}},
		{Name: "Quote", Kind: "struct", Size: 24, Align: 8, Fields: []layout.Field{
			f("bid", "f64", 8, 8, 8), f("ask", "u32", 0, 4, 4), f("extra", "u8", 16, 1, 1)}},
		{Name: "Shape", Kind: "enum", Size: 4, Align: 4, Tag: "u32"},
		{Name: "Surplus", Kind: "struct"},
	}
	var got []string
	for _, d := range Compare(pred, meas) {
		got = append(got, d.String())
	}
	want := []string{
		"Quote: size: predicted 16, measured 24",
		"Quote.bid: offset: predicted 0, measured 8",
		"Quote.ask: offset: predicted 8, measured 0",
		"Quote.gone: field missing from the binary",
		"Quote.extra: field not in the schema",
		"Msg: size: predicted 24, measured 32",
		"Msg: align: predicted 8, measured 16",
		"Msg: tag type: predicted u8, measured u16",
		"Msg::Ack: tag: predicted 1, measured 3",
		"Msg::Ack.id: offset: predicted 8, measured 16",
		"Msg::Ack.id: size: predicted 8, measured 16",
		"Msg::Ack.id: align: predicted 8, measured 16",
		"Msg::Lost: variant missing from the binary",
		"Msg::New: variant not in the schema",
		"Absent: type missing from the binary",
		"Shape: kind: predicted struct, measured enum",
		"Shape: tag type: predicted , measured u32",
		"Surplus: type not in the schema",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := Compare(pred, pred); len(d) != 0 {
		t.Errorf("Compare of equal layouts: %v", d)
	}
	if d := Compare(nil, nil); len(d) != 0 {
		t.Errorf("Compare(nil, nil) = %v", d)
	}
}

func TestUseSchemaTypes(t *testing.T) {
	pred := []*layout.Type{{Name: "Msg", Kind: "enum", Variants: []layout.Variant{
		{Name: "Ack", Fields: []layout.Field{f("0", "Vec<String>", 4, 8, 4)}}}}}
	meas := []*layout.Type{{Name: "Msg", Kind: "enum", Variants: []layout.Variant{
		{Name: "Ack", Fields: []layout.Field{f("0", "rkyv::vec::ArchivedVec<rkyv::string::ArchivedString>", 4, 8, 4), f("1", "u8", 12, 1, 1)}}}}}
	UseSchemaTypes(meas, pred)
	if a, b := meas[0].Variants[0].Fields[0].Type, meas[0].Variants[0].Fields[1].Type; a != "Vec<String>" || b != "u8" {
		t.Errorf("UseSchemaTypes: %q, %q", a, b)
	}
}

func TestFieldNameAndModule(t *testing.T) {
	for in, want := range map[string]string{"__0": "0", "__12": "12", "__x": "__x", "__": "__", "bid": "bid", "_0": "_0"} {
		if got := fieldName(in); got != want {
			t.Errorf("fieldName(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		scope, module string
		want          bool
	}{
		{"a::generated::s0001", "generated::s0001", true},
		{"a::generated::s0001", "a", true},
		{"a::generated::s0001", "::a::generated::s0001::", true},
		{"a::generated::s00011", "generated::s0001", false},
		{"a::generated::s0001", "erated::s0001", false},
		{"a::generated::s0001", "", true},
		{"", "a", false},
	} {
		if got := inModule(tc.scope, tc.module); got != tc.want {
			t.Errorf("inModule(%q, %q) = %v", tc.scope, tc.module, got)
		}
	}
	if v, ok := plusUconst([]byte{0x23, 0x90, 0x01}); !ok || v != 144 {
		t.Errorf("plusUconst = %d, %v", v, ok)
	}
	for _, bad := range [][]byte{nil, {0x23}, {0x23, 0x80}, {0x10, 1}, {0x23, 1, 2}} {
		if _, ok := plusUconst(bad); ok {
			t.Errorf("plusUconst(% x) accepted", bad)
		}
	}
}

// TestMeasureGenericPath: a generic type whose arguments hold paths.
func TestMeasureGenericPath(t *testing.T) {
	b, err := Read(buildTiny(t, "-g"))
	if err != nil {
		t.Fatal(err)
	}
	const name = "Wrap<tiny::other::ArchivedQuote>"
	want := &layout.Type{Name: name, Kind: "struct", Size: 7, Align: 1, Fields: []layout.Field{
		f("inner", "tiny::other::ArchivedQuote", 0, 1, 1), f("grid", "[[u8; 3]; 2]", 1, 6, 1)}}
	if got, err := b.Layouts([]string{name}, "schema"); err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("Layouts(%s) = %s, %v", name, dump(got), err)
	}
	if c := b.candidates("Archived"+name, "schema"); !reflect.DeepEqual(c, []string{"tiny::cell::schema::Archived" + name}) {
		t.Errorf("candidates = %v", c)
	}
}

// TestTinyDuplicates reads a build in several codegen units, where the
// types used by two modules are defined in two compile units.
func TestTinyDuplicates(t *testing.T) {
	b, err := Read(buildTiny(t, "-g", "-C", "codegen-units=4"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ArchivedQuote", "ArchivedMsg"} {
		n := 0
		for _, d := range b.defs[name] {
			if inModule(d.scope, "cell::schema") {
				n++
			}
		}
		if n < 2 {
			t.Errorf("%s is defined %d times, want one per compile unit using it (2)", name, n)
		}
	}
	got, err := b.Layouts(tinyNames(), "cell::schema")
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(tinyWant, got); len(d) != 0 {
		t.Errorf("Compare: %v", d)
	}
}
