package cell

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// roundTrip encodes v in format f, validates the payload and checks that
// reading it back gives the value that was built.
func roundTrip[T any](t *testing.T, b *Buffer, v *T, f format) []byte {
	t.Helper()
	payload := encodeT(t, v, b, f)
	r, buf, err := accessT[T](payload, f)
	if err != nil {
		t.Fatalf("format %d: access %T: %v\npayload % x", f, *v, err, payload)
	}
	want, got := built(b, v), received(reflect.TypeFor[T](), unsafe.Pointer(r), buf)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("format %d: %T read back\n got %v\nwant %v", f, *v, got, want)
	}
	return payload
}

type rtLegs struct {
	Legs  Vec[gLeg]
	Names [2]String
	Tags  Vec[Vec[String]]
	Big   Vec[uint64]
	Empty Vec[uint64]
	Last  uint8
}

type rtOptBox struct {
	A Option[Box[gLeg]]
	B Option[Box[gLeg]]
	C Option[String]
	D Box[Box[String]]
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []format{format08, format07} {
		t.Run(fmt.Sprint("format", f), func(t *testing.T) {
			var b Buffer
			long := strings.Repeat("é", 40)
			for _, s := range []string{"", "a", "1234567", "12345678", "123456789", long, "\x00\x01"} {
				roundTrip(t, &b, ptr(b.String(s)), f)
			}
			roundTrip(t, &b, &rtLegs{
				Legs:  MakeVec(&b, []gLeg{{1, b.String("XNAS")}, {2, b.String("a longer venue")}, {3, String{}}}),
				Names: [2]String{b.String("name-number-one"), b.String("n2")},
				Tags:  MakeVec(&b, []Vec[String]{MakeVec(&b, []String{b.String("x"), b.String(long)}), {}}),
				Big:   MakeVec(&b, []uint64{1 << 40, 7}),
				Last:  9,
			}, f)
			roundTrip(t, &b, &rtOptBox{
				A: Some(MakeBox(&b, &gLeg{Qty: 4, Venue: b.String("boxed venue name")})),
				C: Some(b.String("optional string value")),
				D: MakeBox(&b, ptr(MakeBox(&b, ptr(b.String("deep"))))),
			}, f)
			var list gNode
			for i := range 50 {
				list = gNode{V: uint32(i), Next: Some(MakeBox(&b, ptr(list)))}
			}
			roundTrip(t, &b, &list, f)
			for _, set := range []func(*gHolder){
				func(h *gHolder) { SetVariant(&h.E, &gFill{Qty: 8, Venue: b.String("a fill venue")}) },
				func(h *gHolder) { SetVariant(&h.E, &gCancel{V: MakeVec(&b, []uint16{1, 2, 3})}) },
				func(h *gHolder) { SetVariant(&h.E, &gHalt{}) },
			} {
				h := gHolder{S: b.String("holder")}
				set(&h)
				roundTrip(t, &b, &h, f)
			}
			var w gWide
			SetVariant(&w.E, &gWideA{S: b.String("wide tagged string")})
			elems := make([]Enum[gWideVariants, [16]byte], 2)
			SetVariant(&elems[0], &gWideB{X: 1 << 60})
			SetVariant(&elems[1], &gWideA{S: b.String("x")})
			w.V = MakeVec(&b, elems)
			if p := roundTrip(t, &b, &w, f); p[len(p)-24] != 300&0xff || p[len(p)-23] != 300>>8 {
				t.Errorf("wide tag not 300: % x", p[len(p)-24:])
			}
			fx := gFixed{A: 1, B: 2, On: true, C: 'ß', O: Some[uint16](3), Ar: [2]Option[uint8]{Some[uint8](4), {}}}
			SetVariant(&fx.E, &gSmallB{})
			if p := roundTrip(t, &b, &fx, f); len(p) != int(unsafe.Sizeof(fx)) {
				t.Errorf("fixed payload of %d bytes, want %d", len(p), unsafe.Sizeof(fx))
			}
		})
	}
}

// TestVariant checks the enum accessors against SetVariant's tags.
func TestVariant(t *testing.T) {
	var e Enum[gSmallVariants, [4]byte]
	SetVariant(&e, &gSmallA{X: 7})
	if a, ok := Variant[gSmallA](&e); !ok || a.X != 7 || e.Tag() != 0 {
		t.Errorf("A: %v %v tag %d", a, ok, e.Tag())
	}
	if _, ok := Variant[gSmallB](&e); ok {
		t.Error("A read as B")
	}
	SetVariant(&e, &gSmallB{})
	if _, ok := Variant[gSmallB](&e); !ok || e.Tag() != 5 {
		t.Errorf("B: tag %d", e.Tag())
	}
	if _, ok := Variant[uint32](&e); ok {
		t.Error("a non-variant type read as a variant")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "uint32 is not a variant of") {
			t.Errorf("SetVariant with a non-variant: recovered %v", r)
		}
	}()
	SetVariant(&e, ptr(uint32(1)))
}

// TestConcat: Concat copies the concatenation of its parts, an empty one
// is the zero String, and later changes to the parts do not reach it.
func TestConcat(t *testing.T) {
	for _, f := range []format{format08, format07} {
		var b Buffer
		part := []byte("a part longer than inline")
		s := b.Concat([]byte("x:"), part, nil, []byte("!"))
		if z := b.Concat(nil, []byte{}); z != (String{}) {
			t.Errorf("empty Concat = %v, want the zero String", z)
		}
		copy(part, "XXXX")
		got, _, err := accessT[String](roundTrip(t, &b, &s, f), f)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != "x:a part longer than inline!" {
			t.Errorf("format %d: %q", f, got.String())
		}
	}
}

// TestMakeBoxNil: MakeBox of a nil pointer boxes the zero value.
func TestMakeBoxNil(t *testing.T) {
	for _, f := range []format{format08, format07} {
		var b Buffer
		v := rtOptBox{D: MakeBox(&b, (*Box[String])(nil))}
		r, _, err := accessT[rtOptBox](encodeT(t, &v, &b, f), f)
		if err != nil {
			t.Fatal(err)
		}
		if inner := r.D.Get().Get(); inner.String() != "" {
			t.Errorf("format %d: the box holds %q, want the zero String", f, inner.String())
		}
	}
}
