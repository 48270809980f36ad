package cell

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzTypes are the plans FuzzAccess validates payloads against.
var fuzzTypes = []reflect.Type{
	reflect.TypeFor[gOrder](),
	reflect.TypeFor[gNode](),
	reflect.TypeFor[gHolder](),
	reflect.TypeFor[gAl](),
	reflect.TypeFor[rtLegs](),
	reflect.TypeFor[rtOptBox](),
	reflect.TypeFor[gFixed](),
	reflect.TypeFor[ptTree](),
	reflect.TypeFor[gWide](),
	reflect.TypeFor[gReord](),
	reflect.TypeFor[rtDecl](),
}

// FuzzAccess feeds arbitrary payloads to the validator: it must not panic,
// and when it accepts a payload, every view read must stay inside it.
func FuzzAccess(f *testing.F) {
	for _, fm := range []format{format08, format07} {
		for name, payload := range readGolden(f, fm) {
			for i, t := range fuzzTypes {
				if t == goldenTypes[name] {
					f.Add(byte(i), byte(fm), payload)
				}
			}
		}
		var b Buffer
		for i := range 20 {
			for k, v := range genValues(&b, newGen([]byte(fmt.Sprint(i*7919, "seed", i)))) {
				f.Add(byte(k), byte(fm), encodeAny(f, v, &b, fm))
			}
		}
	}
	f.Fuzz(func(t *testing.T, which, fm byte, payload []byte) {
		typ := fuzzTypes[int(which)%len(fuzzTypes)]
		fmt := format(fm % 2)
		buf := alignedBuf(nil, len(payload))
		copy(buf, payload)
		root, err := planFor(typ).access(buf, fmt)
		if err != nil {
			if _, ok := err.(*ArchiveError); !ok {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		received(typ, root, buf) // panics on a read outside buf
	})
}

// FuzzRoundTrip builds values from the fuzzer's bytes and checks that they
// are read back equal, in both formats.
func FuzzRoundTrip(f *testing.F) {
	for _, seed := range []string{"", "a", "\x05\x03abcdefghijklmnopqrstuvwxyz", strings.Repeat("\xff\x10", 40)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b Buffer
		for _, fm := range []format{format08, format07} {
			for _, v := range genValues(&b, newGen(data)) {
				rv := reflect.ValueOf(v)
				payload := encodeAny(t, v, &b, fm)
				buf := alignedBuf(nil, len(payload))
				copy(buf, payload)
				root, err := planFor(rv.Type().Elem()).access(buf, fm)
				if err != nil {
					t.Fatalf("format %d %T: %v\n% x", fm, v, err, payload)
				}
				want := (&walker{b: &b}).walk(rv.Type().Elem(), rv.UnsafePointer())
				if got := received(rv.Type().Elem(), root, buf); !reflect.DeepEqual(got, want) {
					t.Fatalf("format %d %T:\n got %v\nwant %v", fm, v, got, want)
				}
			}
		}
	})
}

func encodeAny(t testing.TB, v any, b *Buffer, fm format) []byte {
	rv := reflect.ValueOf(v)
	out, err := planFor(rv.Type().Elem()).encode(nil, rv.UnsafePointer(), b, fm, MaxFrameSize)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return out
}

// gen draws values from a byte string (zeros once it is used up).
type gen struct{ data []byte }

func newGen(data []byte) *gen { return &gen{data} }

func (g *gen) next() byte {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return c
}

func (g *gen) str(b *Buffer) String {
	n := int(g.next() % 24)
	s := make([]byte, n)
	for i := range s {
		s[i] = g.next()
	}
	return b.String(strings.ToValidUTF8(string(s), "\u00e9"))
}

// genValues returns one value of each fuzz type (in fuzzTypes' order).
func genValues(b *Buffer, g *gen) []any {
	legs := make([]gLeg, g.next()%4)
	for i := range legs {
		legs[i] = gLeg{Qty: uint32(g.next()), Venue: g.str(b)}
	}
	order := &gOrder{Account: g.str(b), Legs: MakeVec(b, legs), Flag: g.next()%2 == 1}
	if g.next()%2 == 1 {
		order.Note = Some(MakeBox(b, ptr(uint32(g.next())*77)))
	}
	var list gNode
	for i := range int(g.next() % 8) {
		list = gNode{V: uint32(i), Next: Some(MakeBox(b, ptr(list)))}
	}
	h := &gHolder{S: g.str(b)}
	switch g.next() % 3 {
	case 0:
		SetVariant(&h.E, &gFill{Qty: uint32(g.next()), Venue: g.str(b)})
	case 1:
		SetVariant(&h.E, &gCancel{V: MakeVec(b, make([]uint16, g.next()%5))})
	default:
		SetVariant(&h.E, &gHalt{})
	}
	al := &gAl{A: g.next(), V: MakeVec(b, make([]uint64, g.next()%3)), C: Char(rune(g.next()) + 0x100)}
	tags := make([]Vec[String], g.next()%3)
	for i := range tags {
		tags[i] = MakeVec(b, []String{g.str(b), g.str(b)})
	}
	lg := &rtLegs{Legs: MakeVec(b, legs), Names: [2]String{g.str(b), g.str(b)}, Tags: MakeVec(b, tags), Last: g.next()}
	ob := &rtOptBox{D: MakeBox(b, ptr(MakeBox(b, ptr(g.str(b)))))}
	if g.next()%2 == 0 {
		ob.A = Some(MakeBox(b, &gLeg{Qty: 1, Venue: g.str(b)}))
		ob.C = Some(g.str(b))
	}
	fx := &gFixed{A: g.next(), B: uint64(g.next()) << 50, On: g.next()%2 == 0, C: 'q', O: Some(uint16(g.next()))}
	SetVariant(&fx.E, &gSmallA{X: uint16(g.next())})
	tree := &ptTree{Name: g.str(b), Children: MakeVec(b, []ptTree{{Name: g.str(b)}})}
	wide := &gWide{}
	SetVariant(&wide.E, &gWideB{X: uint64(g.next())})
	elems := make([]Enum[gWideVariants, [16]byte], g.next()%3)
	for i := range elems {
		SetVariant(&elems[i], &gWideA{S: g.str(b)})
	}
	wide.V = MakeVec(b, elems)
	reord := &gReord{A: g.next(), S: g.str(b), V: MakeVec(b, make([]uint16, g.next()%3))}
	if g.next()%2 == 0 {
		reord.N = Some(MakeBox(b, ptr(uint32(g.next()))))
	}
	dleg := rtDeclLeg{Qty: uint32(g.next()), Venue: g.str(b), Tags: MakeVec(b, []String{g.str(b)})}
	decl := &rtDecl{Head: *reord, Legs: MakeVec(b, []rtDeclLeg{dleg}), Pair: [2]rtDeclLeg{{Venue: g.str(b)}, dleg}}
	if g.next()%2 == 0 {
		decl.Opt = Some(MakeBox(b, &rtDecl{Legs: MakeVec(b, []rtDeclLeg{dleg})}))
	}
	return []any{order, &list, h, al, lg, ob, fx, tree, wide, reord, decl}
}

// FuzzValidUTF8: the word-at-a-time check agrees with utf8.Valid.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range []string{"", "a", "SYMBOL-0001.XNAS", "SYMBOL-0001.XNAS!", "Zürich→東京", "12345678\xff", "1234567\xc3", "\xed\xa0\x80abcdefgh", "abcdefghijklmno\x80"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Fatalf("validUTF8(%q) = %v, utf8.Valid %v", b, got, want)
		}
	})
}
