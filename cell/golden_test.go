package cell

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// readGolden reads testdata/rkyv/goldenVV.txt: name -> bytes written by rkyv.
func readGolden(t testing.TB, f format) map[string][]byte {
	t.Helper()
	name := "testdata/rkyv/golden08.txt"
	if f == format07 {
		name = "testdata/rkyv/golden07.txt"
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		b, err := hex.DecodeString(v)
		if err != nil {
			t.Fatalf("%s: %s: %v", name, k, err)
		}
		out[k] = b
	}
	return out
}

// encodeT encodes *v in format f with b's views.
func encodeT[T any](t testing.TB, v *T, b *Buffer, f format) []byte {
	t.Helper()
	p := planFor(reflect.TypeFor[T]())
	out, err := p.encode(nil, unsafe.Pointer(v), b, f, MaxFrameSize)
	if err != nil {
		t.Fatalf("encode %T: %v", *v, err)
	}
	return out
}

// accessT validates a copy of payload (in aligned memory) as a T.
func accessT[T any](payload []byte, f format) (*T, []byte, error) {
	buf := alignedBuf(nil, len(payload))
	copy(buf, payload)
	r, err := planFor(reflect.TypeFor[T]()).access(buf, f)
	return (*T)(r), buf, err
}

// goldenValues builds the values of testdata/rkyv/values.rs and, for
// format07, those of v07/src/main.rs.
func goldenValues(b *Buffer, f format) map[string]func(f format, t *testing.T) []byte {
	enc := func(v any) func(format, *testing.T) []byte {
		return func(f format, t *testing.T) []byte {
			rv := reflect.ValueOf(v)
			p := planFor(rv.Type().Elem())
			out, err := p.encode(nil, rv.UnsafePointer(), b, f, MaxFrameSize)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	str := func(s string) *String { v := b.String(s); return &v }
	var fill, cancel, halt gHolder
	SetVariant(&fill.E, &gFill{Qty: 3, Venue: b.String("venue-name-long")})
	fill.S = b.String("tail-string-x")
	SetVariant(&cancel.E, &gCancel{V: MakeVec(b, []uint16{4, 5})})
	cancel.S = b.String("s")
	SetVariant(&halt.E, &gHalt{})
	n3 := gNode{V: 3}
	n2 := gNode{V: 2, Next: Some(MakeBox(b, &n3))}
	box7 := MakeBox(b, new(uint32))
	*(*uint32)(unsafe.Pointer(&b.arena[b.objs[len(b.objs)-1].off])) = 7
	values := map[string]func(format, *testing.T) []byte{
		"str_empty":     enc(str("")),
		"str_abc":       enc(str("abc")),
		"str_1234567":   enc(str("1234567")),
		"str_12345678":  enc(str("12345678")),
		"str_123456789": enc(str("123456789")),
		"str_100":       enc(str(strings.Repeat("x", 100))),
		"box_u32":       enc(&box7),
		"vec_u16":       enc(ptr(MakeVec(b, []uint16{1, 2, 3}))),
		"vec_u8_empty":  enc(&Vec[uint8]{}),
		"opt_box_some":  enc(ptr(Some(box7))),
		"opt_box_none":  enc(&Option[Box[uint32]]{}),
		"order": enc(&gOrder{
			Account: b.String("desk-7/alice"),
			Legs:    MakeVec(b, []gLeg{{Qty: 5, Venue: b.String("XNAS")}, {Qty: 7, Venue: b.String("a-long-venue")}}),
			Note:    Some(MakeBox(b, ptr(uint32(9)))),
			Flag:    true,
		}),
		"node3":         enc(&gNode{V: 1, Next: Some(MakeBox(b, &n2))}),
		"holder_fill":   enc(&fill),
		"holder_cancel": enc(&cancel),
		"holder_halt":   enc(&halt),
		"vec_vec_u8":    enc(ptr(MakeVec(b, []Vec[uint8]{MakeVec(b, []uint8{1}), MakeVec(b, []uint8{2, 3}), {}}))),
		"vec_string":    enc(ptr(MakeVec(b, []String{b.String("a"), b.String("123456789")}))),
		"al":            enc(&gAl{A: 1, V: MakeVec(b, []uint64{10, 11}), C: 'é'}),
	}
	if f == format07 {
		values["reord"] = enc(&gReord{A: 3, S: b.String("a-long-string"), V: MakeVec(b, []uint16{1, 2}), N: Some(MakeBox(b, ptr(uint32(9))))})
	}
	return values
}

var goldenTypes = map[string]reflect.Type{
	"str_empty":     reflect.TypeFor[String](),
	"str_abc":       reflect.TypeFor[String](),
	"str_1234567":   reflect.TypeFor[String](),
	"str_12345678":  reflect.TypeFor[String](),
	"str_123456789": reflect.TypeFor[String](),
	"str_100":       reflect.TypeFor[String](),
	"box_u32":       reflect.TypeFor[Box[uint32]](),
	"vec_u16":       reflect.TypeFor[Vec[uint16]](),
	"vec_u8_empty":  reflect.TypeFor[Vec[uint8]](),
	"opt_box_some":  reflect.TypeFor[Option[Box[uint32]]](),
	"opt_box_none":  reflect.TypeFor[Option[Box[uint32]]](),
	"order":         reflect.TypeFor[gOrder](),
	"node3":         reflect.TypeFor[gNode](),
	"holder_fill":   reflect.TypeFor[gHolder](),
	"holder_cancel": reflect.TypeFor[gHolder](),
	"holder_halt":   reflect.TypeFor[gHolder](),
	"vec_vec_u8":    reflect.TypeFor[Vec[Vec[uint8]]](),
	"vec_string":    reflect.TypeFor[Vec[String]](),
	"al":            reflect.TypeFor[gAl](),
	"reord":         reflect.TypeFor[gReord](),
}

func ptr[T any](v T) *T { return &v }

// TestGolden checks the encoder against the bytes real rkyv writes for the
// same values, in both formats, and that the validator accepts rkyv's bytes.
func TestGolden(t *testing.T) {
	for _, f := range []format{format08, format07} {
		golden := readGolden(t, f)
		var b Buffer
		values := goldenValues(&b, f)
		if len(values) != len(golden) {
			t.Errorf("format %d: %d values for %d golden archives", f, len(values), len(golden))
		}
		for name, want := range golden {
			build := values[name]
			if build == nil {
				t.Errorf("format %d: no value for golden %s", f, name)
				continue
			}
			if got := build(f, t); !bytes.Equal(got, want) {
				t.Errorf("format %d %s:\n got % x\nwant % x", f, name, got, want)
			}
			buf := alignedBuf(nil, len(want))
			copy(buf, want)
			if _, err := planFor(goldenTypes[name]).access(buf, f); err != nil {
				t.Errorf("format %d %s: rkyv's archive refused: %v", f, name, err)
			}
		}
	}
}

// TestDirtyPadding: Go does not keep padding zero; the encoder writes it
// zero whatever the value's memory holds there.
func TestDirtyPadding(t *testing.T) {
	var b Buffer
	dirty := func(size uintptr) unsafe.Pointer {
		m := make([]uint64, size/8+1)
		for i := range m {
			m[i] = 0xaaaaaaaaaaaaaaaa
		}
		return unsafe.Pointer(&m[0])
	}
	n3 := (*gNode)(dirty(unsafe.Sizeof(gNode{})))
	n3.V, n3.Next.Tag = 3, 0
	n2 := (*gNode)(dirty(unsafe.Sizeof(gNode{})))
	n2.V, n2.Next.Tag, n2.Next.Value = 2, 1, MakeBox(&b, n3)
	n1 := (*gNode)(dirty(unsafe.Sizeof(gNode{})))
	n1.V, n1.Next.Tag, n1.Next.Value = 1, 1, MakeBox(&b, n2)
	if got, want := encodeT(t, n1, &b, format08), readGolden(t, format08)["node3"]; !bytes.Equal(got, want) {
		t.Errorf("node3:\n got % x\nwant % x", got, want)
	}
	fx := (*gFixed)(dirty(unsafe.Sizeof(gFixed{})))
	fx.A, fx.B, fx.On, fx.C, fx.O.Tag, fx.Ar[0].Tag, fx.Ar[1].Tag = 1, 2, true, 'c', 0, 0, 0
	SetVariant(&fx.E, &gSmallB{})
	clean := gFixed{A: 1, B: 2, On: true, C: 'c'}
	SetVariant(&clean.E, &gSmallB{})
	if got, want := encodeT(t, fx, nil, format08), encodeT(t, &clean, nil, format08); !bytes.Equal(got, want) || bytes.IndexByte(got, 0xaa) >= 0 {
		t.Errorf("gFixed:\n got % x\nwant % x", got, want)
	}
}
