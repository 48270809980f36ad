package cell

import (
	"reflect"
	"testing"
	"unsafe"
)

// BenchmarkArchive times encoding and validating a fixed-size message and
// one with strings, a vector of structs holding strings and a box.
func BenchmarkArchive(b *testing.B) {
	var buf Buffer
	legs := make([]gLeg, 16)
	for i := range legs {
		legs[i] = gLeg{Qty: uint32(i), Venue: buf.String("a venue longer than eight bytes")}
	}
	order := gOrder{Account: buf.String("desk-7/alice"), Legs: MakeVec(&buf, legs), Note: Some(MakeBox(&buf, ptr(uint32(3))))}
	fx := gFixed{A: 1, On: true, C: 'x'}
	for _, tc := range []struct {
		name string
		p    *plan
		v    unsafe.Pointer
	}{
		{"fixed", planFor(reflect.TypeFor[gFixed]()), unsafe.Pointer(&fx)},
		{"order16", planFor(reflect.TypeFor[gOrder]()), unsafe.Pointer(&order)},
	} {
		dst := alignedBuf(nil, 4096)[:0]
		payload, err := tc.p.encode(dst, tc.v, &buf, format08, MaxFrameSize)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"/encode", func(b *testing.B) {
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				tc.p.encode(dst, tc.v, &buf, format08, MaxFrameSize)
			}
		})
		b.Run(tc.name+"/access", func(b *testing.B) {
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				if _, err := tc.p.access(payload, format08); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
