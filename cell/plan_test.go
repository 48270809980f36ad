package cell

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

type ptNode struct{ Next *ptNode }
type ptSlice struct{ A []uint8 }
type ptGoString struct {
	Legs Vec[struct{ Venue string }]
}
type ptInt struct{ N int }
type ptMap struct{ M map[uint8]uint8 }
type ptPadInt struct{ _ uint }
type ptHuge struct{ B [MaxFrameSize + 8]byte }
type ptBoxed struct{ B Box[struct{ F func() }] }
type ptOptUint struct{ O Option[uint] }

type ptBigVariant struct {
	Tag uint8
	X   [20]byte
}
type ptTooBig struct{ A ptBigVariant }
type ptWideTag struct {
	Tag uint16
	X   uint16
}
type ptMixedTags struct {
	A gSmallA
	W ptWideTag
}
type ptTagOverflow struct {
	A gSmallB `cell:",tag=300"`
}
type ptDupTags struct {
	A gSmallB `cell:",tag=1"`
	B gSmallA
}
type ptNoTag struct{ A struct{ X int8 } }
type ptSameType struct {
	Buy  gSmallA
	Sell gSmallA
}
type ptDefinedVec struct{ V ptMyVec }
type ptMyVec Vec[uint8]
type ptSigned struct{ A struct{ Tag int8 } }

// Refused decl tags.
type ptDeclPartial struct {
	A uint8  `cell:",decl=1"`
	S String // no decl
}
type ptDeclDup struct {
	A uint8  `cell:"a,decl=0"`
	S String `cell:"s,decl=0"`
}
type ptDeclRange struct {
	A uint8 `cell:",decl=0"`
	_ [3]byte
	S String `cell:",decl=2"`
}
type ptDeclPad struct {
	A uint8   `cell:",decl=0"`
	_ [3]byte `cell:",decl=1"`
}
type ptDeclBad struct {
	A uint8 `cell:",decl=-1"`
}
type ptDeclTwice struct {
	A uint8 `cell:",decl=0,decl=0"`
}
type ptDeclTypo struct {
	A uint8 `cell:",dec=0"`
}
type ptDeclNested struct {
	V Vec[ptDeclDup]
}
type ptTagField struct {
	A uint8 `cell:",tag=1"`
}
type ptDeclVariants struct {
	A gSmallA `cell:",decl=0"`
}
type ptBadTag struct {
	A gSmallA `cell:",tag=three"`
}

// Mutually recursive types through Vec and Box.
type ptTree struct {
	Name     String
	Children Vec[ptTree]
	Parent   Option[Box[ptForest]]
}
type ptForest struct{ Trees Vec[ptTree] }

func TestPlanRefuses(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[ptNode](), "field Next: pointer *cell.ptNode has no archived form (use cell.Box, built with cell.MakeBox)"},
		{reflect.TypeFor[ptSlice](), "field A: []uint8 has no archived form (use cell.Vec, built with cell.MakeVec)"},
		{reflect.TypeFor[ptGoString](), "field Legs[].Venue: string has no archived form (use cell.String, built with Buffer.String)"},
		{reflect.TypeFor[ptInt](), "field N: int has no fixed archived width (use a sized type such as int32 or int64)"},
		{reflect.TypeFor[ptPadInt](), "field _: uint has no fixed archived width"},
		{reflect.TypeFor[ptMap](), "field M: map[uint8]uint8 (map) has no archived form"},
		{reflect.TypeFor[ptHuge](), "its 16777224 bytes exceed the 16777216-byte (16 MiB) frame limit"},
		{reflect.TypeFor[ptBoxed](), "field B.F: func() (func) has no archived form"},
		{reflect.TypeFor[ptOptUint](), "field O: uint has no fixed archived width"},
		{reflect.TypeFor[Enum[ptTooBig, [8]byte]](), "field A: variant cell.ptBigVariant is 21 bytes, larger than the enum's 8"},
		{reflect.TypeFor[Enum[ptMixedTags, [4]byte]](), "field W: its 2-byte tag differs from the first variant's 1-byte tag"},
		{reflect.TypeFor[Enum[ptTagOverflow, [1]byte]](), "field A: tag 300 does not fit its 1-byte tag field"},
		{reflect.TypeFor[Enum[ptDupTags, [4]byte]](), "field B: tag 1 is already variant A's"},
		{reflect.TypeFor[Enum[ptNoTag, [1]byte]](), "first field X is int8, not an unsigned tag"},
		{reflect.TypeFor[Enum[ptSigned, [1]byte]](), "first field Tag is int8, not an unsigned tag"},
		{reflect.TypeFor[Enum[gSmallVariants, [3]byte]](), "[3]uint8's 3 bytes are not a multiple of the largest variant's alignment 2"},
		{reflect.TypeFor[Enum[gSmallVariants, [4]uint16]](), "the size parameter [4]uint16 is not a byte array"},
		{reflect.TypeFor[Enum[uint8, [4]byte]](), "the variants parameter uint8 is not a struct"},
		{reflect.TypeFor[Enum[ptSameType, [4]byte]](), "field Sell: variant Sell has the type of variant Buy (cell.gSmallA)"},
		{reflect.TypeFor[ptDefinedVec](), "field V: cell.ptMyVec is defined over a cell view type"},
		{reflect.TypeFor[complex64](), "complex64 (complex64) has no archived form"},
		{reflect.TypeFor[ptDeclPartial](), "field S: cell.ptDeclPartial: no decl=N, but other fields have one"},
		{reflect.TypeFor[ptDeclDup](), "field S: cell.ptDeclDup: decl=0 is already field A's"},
		{reflect.TypeFor[ptDeclRange](), "field S: cell.ptDeclRange: decl=2 is out of range: the Rust struct has 2 fields"},
		{reflect.TypeFor[ptDeclPad](), "field _: a _ field of cell.ptDeclPad is padding, not a Rust field"},
		{reflect.TypeFor[ptDeclBad](), `field A: cell.ptDeclBad: bad declaration index "-1" in struct tag ",decl=-1"`},
		{reflect.TypeFor[ptDeclTwice](), `field A: cell.ptDeclTwice: option decl given twice in struct tag ",decl=0,decl=0"`},
		{reflect.TypeFor[ptDeclTypo](), `field A: cell.ptDeclTypo: unknown option "dec=0" in struct tag ",dec=0"`},
		{reflect.TypeFor[ptDeclNested](), "field V[].S: cell.ptDeclDup: decl=0 is already field A's"},
		{reflect.TypeFor[ptTagField](), "field A: tag=N is for the fields of a cell.Enum's variants struct, not for a field of cell.ptTagField"},
		{reflect.TypeFor[Enum[ptDeclVariants, [4]byte]](), "field A: cell.Enum: decl=N orders the fields of a struct"},
		{reflect.TypeFor[Enum[ptBadTag, [4]byte]](), `field A: cell.Enum: bad variant tag "three"`},
	} {
		p := planFor(tc.typ)
		var te *TypeError
		if !errors.As(p.err, &te) || te.Type != tc.typ || !strings.Contains(p.err.Error(), tc.want) {
			t.Errorf("%v: err = %v; want a *TypeError containing %q", tc.typ, p.err, tc.want)
		}
		if planFor(tc.typ) != p {
			t.Errorf("%v: plan not cached", tc.typ)
		}
		if _, err := p.encode(nil, nil, nil, format08, MaxFrameSize); err != p.err {
			t.Errorf("%v: encode err = %v", tc.typ, err)
		}
		if _, err := p.access(nil, format08); err != p.err {
			t.Errorf("%v: access err = %v", tc.typ, err)
		}
	}
}

func TestPlanRecursive(t *testing.T) {
	p := planFor(reflect.TypeFor[ptTree]())
	if p.err != nil || p.fixed {
		t.Fatalf("ptTree: %v fixed=%v", p.err, p.fixed)
	}
	forest := planFor(reflect.TypeFor[ptForest]())
	if forest.err != nil || forest.steps[0].sub != p {
		t.Fatalf("ptForest's plan does not share ptTree's: %v", forest.err)
	}
	var b Buffer
	leaf := ptTree{Name: b.String("leaf")}
	root := ptTree{Name: b.String("root"), Children: MakeVec(&b, []ptTree{leaf, leaf}),
		Parent: Some(MakeBox(&b, &ptForest{Trees: MakeVec(&b, []ptTree{leaf})}))}
	roundTrip(t, &b, &root, format08)
}

func TestPlanConcurrent(t *testing.T) {
	type fresh struct {
		A Vec[ptTree]
		B gHolder
	}
	var wg sync.WaitGroup
	got := make([]*plan, 8)
	for i := range got {
		wg.Go(func() { got[i] = planFor(reflect.TypeFor[fresh]()) })
	}
	wg.Wait()
	for _, p := range got {
		if p != got[0] || p.err != nil {
			t.Fatalf("plans differ or fail: %v", p.err)
		}
	}
}

func TestPlanLayout(t *testing.T) {
	p := planFor(reflect.TypeFor[gHolder]())
	if p.size != 24 || p.align != 4 {
		t.Errorf("gHolder: size %d align %d, want 24/4 (rkyv's ArchivedHolder)", p.size, p.align)
	}
	var e gEv
	if unsafe.Sizeof(e) != 16 || unsafe.Alignof(e) != 4 {
		t.Errorf("gEv: %d/%d", unsafe.Sizeof(e), unsafe.Alignof(e))
	}
}

func TestBuildErrors(t *testing.T) {
	var b, other Buffer
	received := func() String {
		payload := encodeT(t, ptr(b.String("a received string")), &b, format08)
		r, _, err := accessT[String](payload, format08)
		if err != nil {
			t.Fatal(err)
		}
		return *r
	}()
	recvOrder := func() gOrder {
		v := gOrder{Legs: MakeVec(&b, []gLeg{{Qty: 1}}), Note: Some(MakeBox(&b, ptr(uint32(2))))}
		r, _, err := accessT[gOrder](encodeT(t, &v, &b, format08), format08)
		if err != nil {
			t.Fatal(err)
		}
		return *r
	}()
	stale := b.String("before reset, long")
	staleVec := MakeVec(&b, []gLeg{{Qty: 1}})
	staleBox := MakeBox(&b, ptr(uint32(1)))
	b.Reset()
	var badOpt gOrder
	badOpt.Note.Tag = 3
	var badChar gAl
	badChar.C = 0xdfff
	var badEnum gHolder
	badEnum.E.raw[0] = 9
	for _, tc := range []struct {
		name string
		v    any
		buf  *Buffer
		max  int
		path string
		want string
	}{
		{"other buffer", &gOrder{Account: other.String("x")}, &b, MaxFrameSize, "Account", "made by another Buffer"},
		{"no buffer", &gOrder{Account: other.String("x")}, nil, MaxFrameSize, "Account", "no Buffer was passed"},
		{"received", &gOrder{Account: received}, &b, MaxFrameSize, "Account", "taken from a received message"},
		{"received vec", &gOrder{Legs: recvOrder.Legs}, &b, MaxFrameSize, "Legs", "taken from a received message"},
		{"received box", &gOrder{Note: recvOrder.Note}, &b, MaxFrameSize, "Note", "taken from a received message"},
		{"after reset", &gOrder{Account: stale}, &b, MaxFrameSize, "Account", "made by another Buffer (or before its Reset)"},
		{"stale vec", &gOrder{Legs: staleVec}, &b, MaxFrameSize, "Legs", "made by another Buffer"},
		{"stale box", &gOrder{Note: Some(staleBox)}, &b, MaxFrameSize, "Note", "made by another Buffer"},
		{"nested", &gOrder{Legs: MakeVec(&b, []gLeg{{}, {Venue: other.String("y")}})}, &b, MaxFrameSize, "Legs[1].Venue", "made by another Buffer"},
		{"wrong vec type", &gOrder{Legs: Vec[gLeg]{raw: MakeVec(&b, []uint32{1}).raw}}, &b, MaxFrameSize, "Legs", "made by another Buffer"},
		{"option tag", &badOpt, &b, MaxFrameSize, "Note", "Option tag 3 is neither 0 (None) nor 1 (Some)"},
		{"char", &badChar, nil, MaxFrameSize, "C", "char 0xdfff is not a Unicode scalar value"},
		{"enum tag", &badEnum, nil, MaxFrameSize, "E", "enum tag 9 is none of its variants'"},
		{"invalid UTF-8", &gOrder{Legs: MakeVec(&b, []gLeg{{Venue: b.String("ok")}, {Venue: b.String("\xffbad")}})}, &b, MaxFrameSize, "Legs[1].Venue", "not valid UTF-8"},
		{"invalid UTF-8 from Concat", &gOrder{Account: b.Concat([]byte("ok"), []byte{0xe2, 0x82})}, &b, MaxFrameSize, "Account", "not valid UTF-8"},
		{"fixed option tag", ptr(gFixed{O: Option[uint16]{Tag: 2}}), nil, MaxFrameSize, "O", "Option tag 2 is neither"},
		{"fixed enum tag", ptr(gFixed{E: Enum[gSmallVariants, [4]byte]{raw: [4]byte{1}}}), nil, MaxFrameSize, "E", "enum tag 1 is none of its variants'"},
		{"too large", &gOrder{Account: b.String(strings.Repeat("z", 100))}, &b, 64, "", "the payload exceeds the 64-byte limit"},
	} {
		rv := reflect.ValueOf(tc.v)
		_, err := planFor(rv.Type().Elem()).encode(make([]byte, 3), rv.UnsafePointer(), tc.buf, format08, tc.max)
		var be *BuildError
		if !errors.As(err, &be) || be.Path != tc.path || !strings.Contains(be.Reason, tc.want) || be.Type != rv.Type().Elem() {
			t.Errorf("%s: err = %#v; want a *BuildError at %q containing %q", tc.name, err, tc.path, tc.want)
		}
	}
}

// TestEncodeAppends checks that a payload appended after other bytes is
// aligned relative to its own start and leaves those bytes alone.
func TestEncodeAppends(t *testing.T) {
	var b Buffer
	v := gAl{A: 1, V: MakeVec(&b, []uint64{10, 11}), C: 'é'}
	want := readGolden(t, format08)["al"]
	prefix := []byte{0xaa, 0xbb, 0xcc}
	out, err := planFor(reflect.TypeFor[gAl]()).encode(append([]byte(nil), prefix...), unsafe.Pointer(&v), &b, format08, MaxFrameSize)
	if err != nil || string(out[:3]) != string(prefix) || string(out[3:]) != string(want) {
		t.Fatalf("err %v\n got % x\nwant % x after % x", err, out, want, prefix)
	}
}

func TestProfileFormat(t *testing.T) {
	for _, tc := range []struct {
		profile string
		f       format
		err     string
	}{
		{"rkyv0.8 le aligned p32", format08, ""},
		{"rkyv0.7 le p32 strict", format07, ""},
		{"rkyv0.7 le p32 nonstrict", format07, ""},
		{"rkyv0.8 le aligned p64", 0, "pointer width 64 is not carried"},
		{"rkyv0.8 le aligned p16", 0, "pointer width 16 is not carried"},
		{"rkyv0.7 le p64 strict", 0, "pointer width 64 is not carried"},
		{"rkyv0.8 be aligned p32", 0, "big-endian archives are not carried"},
		{"rkyv0.7 be p32 nonstrict", 0, "big-endian"},
		{"rkyv0.8 le unaligned p32", 0, "unaligned archives"},
		{"rkyv0.8 le aligned p33", 0, "malformed endianness \"le\" or pointer width \"p33\""},
		{"rkyv0.9 le aligned p32", 0, "malformed (want"},
		{"rkyv0.8  le aligned p32", 0, "malformed"},
		{"", 0, "malformed"},
	} {
		f, err := profileFormat(tc.profile)
		var pe *ProfileError
		switch {
		case tc.err == "" && (err != nil || f != tc.f):
			t.Errorf("%q: %v, %v; want %v", tc.profile, f, err, tc.f)
		case tc.err != "" && (!errors.As(err, &pe) || pe.Profile != tc.profile || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err = %v; want a *ProfileError containing %q", tc.profile, err, tc.err)
		}
	}
}

func TestAlignedBuf(t *testing.T) {
	for _, n := range []int{1, 7, 16, 100, 4096} {
		b := alignedBuf(nil, n)
		if len(b) != n || uintptr(unsafe.Pointer(&b[0]))%16 != 0 {
			t.Fatalf("%d: len %d at %p", n, len(b), &b[0])
		}
		if c := alignedBuf(b, n/2+1); &c[0] != &b[0] {
			t.Errorf("%d: memory not reused", n)
		}
		if c := alignedBuf(b[1:], 1); uintptr(unsafe.Pointer(&c[0]))%16 != 0 {
			t.Errorf("%d: misaligned reuse", n)
		}
	}
}

// TestAllocs: a fixed-size type is encoded and validated without
// allocating, and a variable type is validated without allocating.
func TestAllocs(t *testing.T) {
	fx := gFixed{A: 1, On: true, C: 'x'}
	SetVariant(&fx.E, &gSmallA{X: 2})
	p := planFor(reflect.TypeFor[gFixed]())
	dst := alignedBuf(nil, 256)[:0]
	if n := testing.AllocsPerRun(100, func() {
		out, err := p.encode(dst, unsafe.Pointer(&fx), nil, format08, MaxFrameSize)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.access(out, format08); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("fixed encode+access: %v allocations", n)
	}
	var b Buffer
	order := gOrder{Account: b.String("desk-7/alice"), Legs: MakeVec(&b, []gLeg{{1, b.String("a long venue name")}}), Note: Some(MakeBox(&b, ptr(uint32(3))))}
	po := planFor(reflect.TypeFor[gOrder]())
	payload := encodeT(t, &order, &b, format08)
	buf := alignedBuf(nil, len(payload))
	copy(buf, payload)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := po.access(buf, format08); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("variable access: %v allocations", n)
	}
	out := make([]byte, 0, 1024)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := po.encode(out, unsafe.Pointer(&order), &b, format08, MaxFrameSize); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("variable encode with a warm Buffer: %v allocations", n)
	}
}
