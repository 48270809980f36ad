package cell

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// small has a hand-computed layout, the same on 32- and 64-bit targets:
//
//	A u8 @0, pad @1, B u16 @2, C u32 @4, D i64 @8, E f32 @16, F bool @20,
//	pad @21, G [3]i16 @22..28, _ [4]byte @28..32; size 32.
type small struct {
	A uint8
	B uint16
	C uint32
	D int64
	E float32
	F bool
	G [3]int16
	_ [4]byte
}

type inner struct {
	X uint16
	Y [2]uint8
}

// outer: I [2]inner @0..8, Z f64 @8, W [2][2]uint32 @16..32; size 32.
type outer struct {
	I [2]inner
	Z float64
	W [2][2]uint32
}

func encodeValue[T any](t *testing.T, v *T) []byte {
	t.Helper()
	c := codecFor(reflect.TypeFor[T]())
	if c.err != nil {
		t.Fatal(c.err)
	}
	b := make([]byte, c.size)
	c.encode(unsafe.Pointer(v), b)
	return b
}

func decodeValue[T any](t *testing.T, b []byte) (*T, error) {
	t.Helper()
	c := codecFor(reflect.TypeFor[T]())
	if c.err != nil {
		t.Fatal(c.err)
	}
	v := new(T)
	return v, c.decode(b, unsafe.Pointer(v))
}

func TestEncodeSmallBytes(t *testing.T) {
	// The hand-computed offsets must be the Go layout on this target.
	var s small
	if unsafe.Sizeof(s) != 32 || unsafe.Offsetof(s.B) != 2 || unsafe.Offsetof(s.C) != 4 ||
		unsafe.Offsetof(s.D) != 8 || unsafe.Offsetof(s.E) != 16 || unsafe.Offsetof(s.F) != 20 ||
		unsafe.Offsetof(s.G) != 22 {
		t.Fatalf("unexpected Go layout of small (size %d)", unsafe.Sizeof(s))
	}
	s = small{A: 0xA1, B: 0xB2B1, C: 0xC4C3C2C1, D: -2, E: 1.5, F: true, G: [3]int16{1, -1, 0x0302}}

	le := binary.LittleEndian
	var want []byte
	want = append(want, 0xA1, 0)                   // A, pad
	want = le.AppendUint16(want, 0xB2B1)           // B
	want = le.AppendUint32(want, 0xC4C3C2C1)       // C
	want = le.AppendUint64(want, math.MaxUint64-1) // D = -2
	want = le.AppendUint32(want, math.Float32bits(1.5))
	want = append(want, 1, 0) // F, pad
	want = le.AppendUint16(want, 1)
	want = le.AppendUint16(want, 0xFFFF)
	want = le.AppendUint16(want, 0x0302)
	want = append(want, 0, 0, 0, 0) // _
	if len(want) != 32 {
		t.Fatalf("expected bytes are %d long", len(want))
	}
	got := encodeValue(t, &s)
	if !bytes.Equal(got, want) {
		t.Fatalf("encoded\n got % x\nwant % x", got, want)
	}
	back, err := decodeValue[small](t, got)
	if err != nil || *back != s {
		t.Fatalf("decode: %+v, %v; want %+v", back, err, s)
	}
}

func TestEncodeNestedBytes(t *testing.T) {
	o := outer{
		I: [2]inner{{X: 0x0102, Y: [2]uint8{3, 4}}, {X: 0x0506, Y: [2]uint8{7, 8}}},
		Z: -0.25,
		W: [2][2]uint32{{1, 2}, {3, 0xDEADBEEF}},
	}
	le := binary.LittleEndian
	var want []byte
	want = le.AppendUint16(want, 0x0102)
	want = append(want, 3, 4)
	want = le.AppendUint16(want, 0x0506)
	want = append(want, 7, 8)
	want = le.AppendUint64(want, math.Float64bits(-0.25))
	for _, v := range []uint32{1, 2, 3, 0xDEADBEEF} {
		want = le.AppendUint32(want, v)
	}
	if int(unsafe.Sizeof(o)) != len(want) {
		t.Fatalf("sizeof(outer) = %d, expected bytes %d", unsafe.Sizeof(o), len(want))
	}
	got := encodeValue(t, &o)
	if !bytes.Equal(got, want) {
		t.Fatalf("encoded\n got % x\nwant % x", got, want)
	}
	back, err := decodeValue[outer](t, got)
	if err != nil || *back != o {
		t.Fatalf("decode: %+v, %v; want %+v", back, err, o)
	}
}

func TestPaddingIsZeroedAndNotDecoded(t *testing.T) {
	type padded struct {
		A uint8
		_ [3]uint8
		B uint32
	}
	b, err := decodeValue[padded](t, []byte{9, 0xEE, 0xEE, 0xEE, 1, 0, 0, 0})
	if err != nil || b.A != 9 || b.B != 1 {
		t.Fatalf("decode: %+v, %v", b, err)
	}
	if got := encodeValue(t, b); !bytes.Equal(got, []byte{9, 0, 0, 0, 1, 0, 0, 0}) {
		t.Fatalf("encoded % x", got)
	}
}

func TestDecodeRejectsBadBool(t *testing.T) {
	type flags struct {
		N  uint8
		On [2]bool
	}
	_, err := decodeValue[flags](t, []byte{1, 1, 2})
	if err == nil || !strings.Contains(err.Error(), "On[]") || !strings.Contains(err.Error(), "0x02") {
		t.Fatalf("err = %v", err)
	}
}

func TestNotFixedSize(t *testing.T) {
	type node struct{ Next *node }
	type withSlice struct{ A []uint8 }
	type withString struct {
		Legs [2]struct{ Venue string }
	}
	type withInt struct{ N int }
	type withPadInt struct{ _ uint }
	type withMap struct{ M map[uint8]uint8 }
	type huge struct{ B [MaxFrameSize + 8]byte }
	for _, tc := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[node](), "field Next: pointer *cell.node"},
		{reflect.TypeFor[withSlice](), "field A: []uint8 is not fixed-size"},
		{reflect.TypeFor[withString](), "field Legs[].Venue: string is not fixed-size"},
		{reflect.TypeFor[withInt](), "field N: int has no fixed archived width (use a sized type such as int32 or int64)"},
		{reflect.TypeFor[withPadInt](), "field _: uint has no fixed archived width"},
		{reflect.TypeFor[withMap](), "map[uint8]uint8 (map) has no fixed archived form"},
		{reflect.TypeFor[int](), "int has no fixed archived width"},
		{reflect.TypeFor[huge](), "exceed the 16777216-byte (16 MiB) frame limit"},
	} {
		c := codecFor(tc.typ)
		var te *TypeError
		if !errors.As(c.err, &te) || te.Type != tc.typ || !strings.Contains(c.err.Error(), tc.want) {
			t.Errorf("%v: err = %v; want a *TypeError containing %q", tc.typ, c.err, tc.want)
		}
		if codecFor(tc.typ) != c {
			t.Errorf("%v: codec not cached", tc.typ)
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[uint32](), reflect.TypeFor[[4]float64](), reflect.TypeFor[struct{}](), reflect.TypeFor[small]()} {
		if c := codecFor(typ); c.err != nil {
			t.Errorf("%v: %v", typ, c.err)
		}
	}
}

type withOption struct {
	ID    uint32
	Limit Option[float64]
}

type withString struct {
	ID    uint32
	Venue String
}

func TestOptionRoundTrip(t *testing.T) {
	in := withOption{ID: 7, Limit: Some(1.5)}
	b := encodeValue(t, &in)
	// u32 at 0, then the option at 8: tag byte, value at 16.
	if len(b) != 24 || b[8] != 1 || b[0] != 7 {
		t.Fatalf("encoded % x", b)
	}
	out, err := decodeValue[withOption](t, b)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := out.Limit.Get(); !ok || v != 1.5 || out.ID != 7 {
		t.Fatalf("decoded %+v", out)
	}
	b[8] = 2 // not a valid tag
	if _, err := decodeValue[withOption](t, b); err == nil {
		t.Fatal("tag 2 decoded without error")
	}
}

func TestPointerViewsRefused(t *testing.T) {
	c := codecFor(reflect.TypeFor[withString]())
	if c.err == nil || !strings.Contains(c.err.Error(), "cell.String points into the archived buffer") {
		t.Fatalf("err = %v", c.err)
	}
}
