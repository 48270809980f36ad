package layout

import (
	"errors"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// Every expected value in this file was MEASURED (rustc 1.95, x86_64-linux)
// and is quoted from /work/shared/research/rkyv-layout.md, which marks such
// values [emp]; the section is cited next to each case. rkyv 0.7 values were
// measured with rkyv 0.7.39 (default features: native endianness, size_32
// unless stated), rkyv 0.8 values with 0.8.16 (the oracle pins 0.8.18; they agree).

// --- schema builders ------------------------------------------------------

func P(name string) *rustschema.Type { return &rustschema.Type{Kind: rustschema.Prim, Name: name} }

func K(kind rustschema.TypeKind, args ...*rustschema.Type) *rustschema.Type {
	return &rustschema.Type{Kind: kind, Args: args}
}

func Arr(el *rustschema.Type, n uint64) *rustschema.Type {
	return &rustschema.Type{Kind: rustschema.Array, Args: []*rustschema.Type{el}, Len: n}
}

func Tup(els ...*rustschema.Type) *rustschema.Type { return K(rustschema.TupleType, els...) }

func L(d *rustschema.TypeDef) *rustschema.Type {
	return &rustschema.Type{Kind: rustschema.Local, Name: d.Name, Def: d}
}

func F(name string, t *rustschema.Type) *rustschema.Field {
	return &rustschema.Field{Name: name, Type: t, Pos: rustschema.Pos{File: "t.rs", Line: 1, Col: 1}}
}

// S builds a named struct; fields alternate name, type.
func S(name string, fs ...*rustschema.Field) *rustschema.TypeDef {
	return &rustschema.TypeDef{Name: name, Kind: rustschema.Struct, Shape: rustschema.Named, Fields: fs,
		Pos: rustschema.Pos{File: "t.rs", Line: 1, Col: 8}}
}

// TS builds a tuple struct.
func TS(name string, ts ...*rustschema.Type) *rustschema.TypeDef {
	d := S(name)
	d.Shape = rustschema.Tuple
	for i, t := range ts {
		d.Fields = append(d.Fields, F(string(rune('0'+i)), t))
	}
	if len(ts) == 0 {
		d.Shape = rustschema.Unit
	}
	return d
}

func V(name string, fs ...*rustschema.Field) *rustschema.Variant {
	sh := rustschema.Named
	if len(fs) == 0 {
		sh = rustschema.Unit
	}
	return &rustschema.Variant{Name: name, Shape: sh, Fields: fs, Pos: rustschema.Pos{File: "t.rs", Line: 2, Col: 5}}
}

func E(name string, vs ...*rustschema.Variant) *rustschema.TypeDef {
	var d int64
	for _, v := range vs {
		if v.Explicit {
			d = v.Disc
		}
		v.Disc = d
		d++
	}
	return &rustschema.TypeDef{Name: name, Kind: rustschema.Enum, Variants: vs, Pos: rustschema.Pos{File: "t.rs", Line: 1, Col: 6}}
}

func schema(defs ...*rustschema.TypeDef) *rustschema.Schema {
	return &rustschema.Schema{File: "t.rs", Types: defs}
}

func prof07(pw int, strict bool) rustschema.Profile {
	return rustschema.Profile{Rkyv: "0.7", PointerWidth: pw, Endian: "little", Strict: strict}
}

func prof08(pw int, unaligned bool) rustschema.Profile {
	return rustschema.Profile{Rkyv: "0.8", PointerWidth: pw, Endian: "little", Unaligned: unaligned}
}

// lookup returns the layout of the type named name, or nil.
func lookup(l *Layouts, name string) *Type {
	for _, t := range l.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func compute(t *testing.T, s *rustschema.Schema, p rustschema.Profile) *Layouts {
	t.Helper()
	l, err := Compute(s, p)
	if err != nil {
		t.Fatalf("Compute(%s): %v", p.Canon(), err)
	}
	return l
}

// want is an expected type: size/align and field offsets in declaration
// order (nil: not checked).
func checkType(t *testing.T, l *Layouts, name string, size, align uint64, offsets ...uint64) *Type {
	t.Helper()
	ty := lookup(l, name)
	if ty == nil {
		t.Fatalf("%s: no layout for %s", l.Profile.Canon(), name)
	}
	if ty.Size != size || ty.Align != align {
		t.Errorf("%s: %s = %d/%d, want %d/%d", l.Profile.Canon(), name, ty.Size, ty.Align, size, align)
	}
	if offsets != nil {
		var got []uint64
		for _, f := range ty.Fields {
			got = append(got, f.Offset)
		}
		if !equal(got, offsets) {
			t.Errorf("%s: %s offsets = %v, want %v", l.Profile.Canon(), name, got, offsets)
		}
	}
	return ty
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checkOf(t *testing.T, l *Layouts, ty *rustschema.Type, size, align uint64) {
	t.Helper()
	s, a, err := l.Of(ty)
	if err != nil {
		t.Errorf("%s: Of(%s): %v", l.Profile.Canon(), ty, err)
		return
	}
	if s != size || a != align {
		t.Errorf("%s: %s = %d/%d, want %d/%d", l.Profile.Canon(), ty, s, a, size, align)
	}
}

// --- measured structs ---------------------------------------------------

func sRust() *rustschema.TypeDef {
	return S("SRust", F("a", P("u8")), F("b", P("u32")), F("c", P("u16")), F("d", P("u64")))
}

func sStr() *rustschema.TypeDef {
	return S("SStr", F("a", P("u8")), F("s", K(rustschema.String)), F("v", K(rustschema.Vec, P("u16"))),
		F("o", K(rustschema.Option, P("u32"))))
}

// §2.5: rkyv 0.7 repr(Rust) reordering measured on rustc 1.95.
func TestV07ReprRustMeasured(t *testing.T) {
	tup := TS("Tup", P("u8"), P("u64"))
	l := compute(t, schema(sRust(), sStr(), tup), prof07(32, false))
	if ty := checkType(t, l, "SRust", 16, 8, 14, 8, 12, 0); !ty.Predicted {
		t.Errorf("SRust not marked predicted")
	}
	checkType(t, l, "SStr", 28, 4, 24, 8, 16, 0)
	checkType(t, l, "Tup", 16, 8, 8, 0)
}

// §2.5: the same structs under strict are repr(C).
func TestV07StrictMeasured(t *testing.T) {
	l := compute(t, schema(sRust(), sStr()), prof07(32, true))
	if ty := checkType(t, l, "SRust", 24, 8, 0, 4, 8, 16); ty.Predicted {
		t.Errorf("strict SRust marked predicted")
	}
	checkType(t, l, "SStr", 28, 4, 0, 4, 12, 20)
}

// §2.5: #[archive_attr(repr(C))] gives the strict layout without strict.
func TestV07ArchiveAttrReprC(t *testing.T) {
	d := sRust()
	d.ArchivedRepr.C = true
	l := compute(t, schema(d), prof07(32, false))
	if ty := checkType(t, l, "SRust", 24, 8, 0, 4, 8, 16); ty.Predicted {
		t.Errorf("repr(C) SRust marked predicted")
	}
}

// The source #[repr(C)] is not copied to the archived type (§2.5, §3.5).
func TestSourceReprIgnored(t *testing.T) {
	d := sRust()
	d.Repr.C = true
	l := compute(t, schema(d), prof07(32, false))
	checkType(t, l, "SRust", 16, 8, 14, 8, 12, 0)
}

// §2.3 tuple row and §2.7: 0.7 tuples are repr(Rust).
func TestV07TuplesMeasured(t *testing.T) {
	l := compute(t, schema(), prof07(32, false))
	checkOf(t, l, Tup(P("u8"), P("u32")), 8, 4)
	checkOf(t, l, Tup(P("u8"), P("u64"), P("u16")), 16, 8)
	// Element offsets 8, 0, 10: the last element keeps its place.
	u := func(n uint64) shape { return shape{Size: n, Align: n} }
	agg := univariant([]shape{u(1), u(8), u(2)}, reprOpts{reorder: true}, maybeUnsized)
	if !equal(agg.Offsets, []uint64{8, 0, 10}) || agg.Size != 16 {
		t.Errorf("(u8,u64,u16) = %v size %d, want [8 0 10] size 16", agg.Offsets, agg.Size)
	}
}

// §3.3 tuple row: 0.8 ArchivedTupleN is repr(C).
func TestV08TuplesMeasured(t *testing.T) {
	l := compute(t, schema(), prof08(32, false))
	checkOf(t, l, Tup(P("u8"), P("u32")), 8, 4)
	checkOf(t, l, Tup(P("u8"), P("u64"), P("u16")), 24, 8)
	l = compute(t, schema(), prof08(32, true))
	checkOf(t, l, Tup(P("u8"), P("u32")), 5, 1)
	checkOf(t, l, Tup(P("u8"), P("u64"), P("u16")), 11, 1)
}

func TestV07TupleStrictIsError(t *testing.T) {
	d := S("X", F("t", Tup(P("u8"), P("u32"))))
	d.Fields[0].Type.Pos = rustschema.Pos{File: "t.rs", Line: 3, Col: 9}
	_, err := Compute(schema(d), prof07(32, true))
	var re *rustschema.Error
	if !errors.As(err, &re) || re.Pos.Line != 3 || !strings.Contains(re.Msg, "strict") {
		t.Fatalf("err = %v, want a positioned strict tuple error", err)
	}
}

// §3.5: 0.8 structs are repr(C) in every format.
func TestV08StructsMeasured(t *testing.T) {
	l := compute(t, schema(sRust(), sStr(), S("Unit")), prof08(32, false))
	checkType(t, l, "SRust", 24, 8, 0, 4, 8, 16)
	checkType(t, l, "SStr", 28, 4, 0, 4, 12, 20)
	checkType(t, l, "Unit", 0, 1)
	l = compute(t, schema(sStr()), prof08(64, false))
	checkType(t, l, "SStr", 48, 8, 0, 8, 24, 40)
	l = compute(t, schema(sStr()), prof08(32, true))
	checkType(t, l, "SStr", 22, 1, 0, 1, 9, 17)
}

// §1 "Derived enum with data": Data{A,B(u32),C{x:u8,y:u64},D(u8,u16)}.
func dataEnum() *rustschema.TypeDef {
	return E("Data", V("A"), V("B", F("0", P("u32"))), V("C", F("x", P("u8")), F("y", P("u64"))),
		V("D", F("0", P("u8")), F("1", P("u16"))))
}

func variantOffsets(ty *Type, name string) []uint64 {
	for _, v := range ty.Variants {
		if v.Name == name {
			var o []uint64
			for _, f := range v.Fields {
				o = append(o, f.Offset)
			}
			return o
		}
	}
	return nil
}

func TestEnumWithDataMeasured(t *testing.T) {
	for _, p := range []rustschema.Profile{prof07(32, false), prof08(32, false)} {
		l := compute(t, schema(dataEnum()), p)
		ty := checkType(t, l, "Data", 16, 8)
		if ty.Tag != "u8" {
			t.Errorf("%s: tag %s", p.Canon(), ty.Tag)
		}
		if o := variantOffsets(ty, "C"); !equal(o, []uint64{1, 8}) {
			t.Errorf("%s: C offsets %v, want [1 8]", p.Canon(), o)
		}
		if o := variantOffsets(ty, "D"); !equal(o, []uint64{1, 2}) {
			t.Errorf("%s: D offsets %v, want [1 2]", p.Canon(), o)
		}
	}
	// §3.6: unaligned Data = 10/1, C{x,y} puts x@1, y@2.
	l := compute(t, schema(dataEnum()), prof08(32, true))
	ty := checkType(t, l, "Data", 10, 1)
	if o := variantOffsets(ty, "C"); !equal(o, []uint64{1, 2}) {
		t.Errorf("unaligned C offsets %v, want [1 2]", o)
	}
}

func bigEnum(name string, n int) *rustschema.TypeDef {
	var vs []*rustschema.Variant
	for i := 0; i < n; i++ {
		vs = append(vs, V("V"+strings.Repeat("x", i%7)+string(rune('a'+i%26))))
	}
	return E(name, vs...)
}

// §2.6: Big255=1/1, Big256=2/2, Big300=2/2 (0.7 tag by variant count).
func TestV07TagByCountMeasured(t *testing.T) {
	l := compute(t, schema(bigEnum("Big255", 255), bigEnum("Big256", 256), bigEnum("Big300", 300)), prof07(32, false))
	if ty := checkType(t, l, "Big255", 1, 1); ty.Tag != "u8" {
		t.Errorf("Big255 tag %s", ty.Tag)
	}
	if ty := checkType(t, l, "Big256", 2, 2); ty.Tag != "u16" {
		t.Errorf("Big256 tag %s", ty.Tag)
	}
	checkType(t, l, "Big300", 2, 2)
}

// §2.6 / §3.6: enum Discr{A=5,B=10,C}: 0.7 B → 01; 0.8 B → 0a, C → 0b.
func TestDiscriminantsMeasured(t *testing.T) {
	mk := func() *rustschema.TypeDef {
		a, b := V("A"), V("B")
		a.Disc, a.Explicit = 5, true
		b.Disc, b.Explicit = 10, true
		return E("Discr", a, b, V("C"))
	}
	tags := func(ty *Type) []uint64 {
		var o []uint64
		for _, v := range ty.Variants {
			o = append(o, v.Tag)
		}
		return o
	}
	l := compute(t, schema(mk()), prof07(32, false))
	if got := tags(lookup(l, "Discr")); !equal(got, []uint64{0, 1, 2}) {
		t.Errorf("0.7 tags %v", got)
	}
	l = compute(t, schema(mk()), prof08(32, false))
	if got := tags(lookup(l, "Discr")); !equal(got, []uint64{5, 10, 11}) {
		t.Errorf("0.8 tags %v", got)
	}
	d := mk()
	d.Variants[0].Disc = 300
	if _, err := Compute(schema(d), prof08(32, false)); err == nil {
		t.Errorf("0.8 discriminant 300 accepted")
	}
}

// §2.3: the 0.7 container table (measured size/align).
func TestV07ContainersMeasured(t *testing.T) {
	box := func(a *rustschema.Type) *rustschema.Type { return K(rustschema.Box, a) }
	opt := func(a *rustschema.Type) *rustschema.Type { return K(rustschema.Option, a) }
	type row struct {
		t                            *rustschema.Type
		s32, a32, s64, a64, s16, a16 uint64
	}
	rows := []row{
		{K(rustschema.String), 8, 4, 16, 8, 4, 2},
		{K(rustschema.Vec, P("u8")), 8, 4, 16, 8, 4, 2},
		{box(P("u32")), 4, 4, 8, 8, 2, 2},
		{box(K(rustschema.Slice, P("u8"))), 8, 4, 16, 8, 4, 2},
		{box(K(rustschema.Str)), 8, 4, 16, 8, 4, 2},
		{opt(K(rustschema.String)), 12, 4, 24, 8, 6, 2},
		{opt(box(P("u32"))), 8, 4, 16, 8, 4, 2},
		{K(rustschema.HashMap, P("u32"), P("u32")), 12, 4, 24, 8, 6, 2},
		{K(rustschema.HashSet, P("u32")), 12, 4, 24, 8, 6, 2},
		{K(rustschema.BTreeMap, P("u32"), P("u32")), 8, 4, 16, 8, 4, 2},
		{K(rustschema.BTreeSet, P("u32")), 8, 4, 16, 8, 4, 2},
		{K(rustschema.Duration), 16, 8, 16, 8, 16, 8},
		{P("usize"), 4, 4, 8, 8, 2, 2},
	}
	ls := map[int]*Layouts{}
	for _, pw := range []int{16, 32, 64} {
		ls[pw] = compute(t, schema(), prof07(pw, false))
	}
	for _, r := range rows {
		checkOf(t, ls[32], r.t, r.s32, r.a32)
		checkOf(t, ls[64], r.t, r.s64, r.a64)
		checkOf(t, ls[16], r.t, r.s16, r.a16)
	}
	// Width-independent rows (§2.2, §2.3).
	for _, c := range []struct {
		t    *rustschema.Type
		s, a uint64
	}{
		{opt(P("u8")), 2, 1}, {opt(P("u16")), 4, 2}, {opt(P("u32")), 8, 4}, {opt(P("u64")), 16, 8},
		{opt(P("u128")), 32, 16}, {opt(K(rustschema.UnitType)), 1, 1}, {opt(opt(P("u8"))), 3, 1},
		{opt(P("NonZeroU32")), 8, 4},
		{K(rustschema.Result, P("u32"), P("u8")), 8, 4}, {K(rustschema.Result, P("u8"), P("u64")), 16, 8},
		{P("u128"), 16, 16}, {P("char"), 4, 4}, {Arr(P("u64"), 0), 0, 8},
		{K(rustschema.UnitType), 0, 1}, {K(rustschema.PhantomData, P("u32")), 0, 1},
	} {
		checkOf(t, ls[32], c.t, c.s, c.a)
	}
}

// §3.2, §3.3: the 0.8 primitive and container tables (measured).
func TestV08ContainersMeasured(t *testing.T) {
	box := func(a *rustschema.Type) *rustschema.Type { return K(rustschema.Box, a) }
	opt := func(a *rustschema.Type) *rustschema.Type { return K(rustschema.Option, a) }
	type row struct {
		t                                    *rustschema.Type
		s32, a32, s64, a64, s16, a16, su, au uint64
	}
	rows := []row{
		{K(rustschema.String), 8, 4, 16, 8, 4, 2, 8, 1},
		{K(rustschema.Vec, P("u8")), 8, 4, 16, 8, 4, 2, 8, 1},
		{box(P("u32")), 4, 4, 8, 8, 2, 2, 4, 1},
		{box(K(rustschema.Slice, P("u8"))), 8, 4, 16, 8, 4, 2, 8, 1},
		{opt(K(rustschema.String)), 12, 4, 24, 8, 6, 2, 9, 1},
		{opt(box(P("u32"))), 8, 4, 16, 8, 4, 2, 5, 1},
		{K(rustschema.Result, P("u32"), P("u8")), 8, 4, 8, 4, 8, 4, 5, 1},
		{K(rustschema.Result, P("u8"), P("u64")), 16, 8, 16, 8, 16, 8, 9, 1},
		{K(rustschema.HashMap, P("u32"), P("u32")), 12, 4, 24, 8, 6, 2, 12, 1},
		{K(rustschema.BTreeMap, P("u32"), P("u32")), 8, 4, 16, 8, 4, 2, 8, 1},
		{K(rustschema.Duration), 16, 8, 16, 8, 16, 8, 12, 1},
		{P("usize"), 4, 4, 8, 8, 2, 2, 4, 1},
		{P("u16"), 2, 2, 2, 2, 2, 2, 2, 1},
		{P("char"), 4, 4, 4, 4, 4, 4, 4, 1},
		{P("u64"), 8, 8, 8, 8, 8, 8, 8, 1},
		{P("u128"), 16, 16, 16, 16, 16, 16, 16, 1},
		{P("bool"), 1, 1, 1, 1, 1, 1, 1, 1},
		{K(rustschema.UnitType), 0, 1, 0, 1, 0, 1, 0, 1},
	}
	l32 := compute(t, schema(), prof08(32, false))
	l64 := compute(t, schema(), prof08(64, false))
	l16 := compute(t, schema(), prof08(16, false))
	lu := compute(t, schema(), prof08(32, true))
	for _, r := range rows {
		checkOf(t, l32, r.t, r.s32, r.a32)
		checkOf(t, l64, r.t, r.s64, r.a64)
		checkOf(t, l16, r.t, r.s16, r.a16)
		checkOf(t, lu, r.t, r.su, r.au)
	}
	for _, c := range []struct {
		t    *rustschema.Type
		s, a uint64
	}{
		{opt(P("u8")), 2, 1}, {opt(P("u16")), 4, 2}, {opt(P("u32")), 8, 4}, {opt(P("u64")), 16, 8}, {opt(P("u128")), 32, 16},
	} {
		checkOf(t, l32, c.t, c.s, c.a)
	}
}

// --- errors ---------------------------------------------------------------

func TestWithIsPositionedError(t *testing.T) {
	d := S("W", F("a", P("u32")), F("b", P("u64")))
	d.Fields[1].With = []string{"Inline"}
	d.Fields[1].Pos = rustschema.Pos{File: "t.rs", Line: 7, Col: 5}
	for _, p := range []rustschema.Profile{prof07(32, false), prof08(32, false)} {
		_, err := Compute(schema(d), p)
		var re *rustschema.Error
		if !errors.As(err, &re) {
			t.Fatalf("%s: err = %v, want *rustschema.Error", p.Canon(), err)
		}
		want := "t.rs:7:5: field b: with-wrapper Inline does not apply to u64 (it archives &T)"
		if re.Error() != want {
			t.Errorf("%s: err = %q\nwant %q", p.Canon(), re.Error(), want)
		}
	}
}

func TestAsIsPositionedError(t *testing.T) {
	d := S("W", F("a", P("u32")))
	d.As = "Other"
	_, err := Compute(schema(d), prof08(32, false))
	var re *rustschema.Error
	if !errors.As(err, &re) || re.Pos.Line == 0 || !strings.Contains(re.Msg, "as = Other") {
		t.Fatalf("err = %v", err)
	}
}

func TestRecursion(t *testing.T) {
	// Through Box and Vec: fine (pointer-sized).
	a := S("A", F("x", P("u32")))
	a.Fields = append(a.Fields, F("next", K(rustschema.Option, K(rustschema.Box, L(a)))), F("kids", K(rustschema.Vec, L(a))))
	for _, p := range []rustschema.Profile{prof07(32, false), prof08(32, false)} {
		if _, err := Compute(schema(a), p); err != nil {
			t.Errorf("%s: %v", p.Canon(), err)
		}
	}
	// By value: an error, not a panic or a hang.
	b := S("B", F("x", P("u32")))
	c := S("C", F("b", L(b)))
	b.Fields = append(b.Fields, F("c", K(rustschema.Option, L(c))))
	for _, p := range []rustschema.Profile{prof07(32, false), prof08(32, false)} {
		_, err := Compute(schema(b, c), p)
		var re *rustschema.Error
		if !errors.As(err, &re) || !strings.Contains(re.Msg, "itself by value") {
			t.Errorf("%s: err = %v", p.Canon(), err)
		}
	}
}
