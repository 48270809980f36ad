package cell

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"
)

// BenchmarkArchive times encoding and validating a fixed-size message and
// an order of 140 legs, each with a 16-byte string (the callbench order's
// shape), and building the order's reply from the validated request as a
// handler does (Concat per leg, MakeVec, encode): what a variable-size
// call costs besides its I/O.
func BenchmarkArchive(b *testing.B) {
	var buf Buffer
	legs := make([]gLeg, 140)
	for i := range legs {
		legs[i] = gLeg{Qty: uint32(i), Venue: buf.String(fmt.Sprintf("SYMBOL-%04d.XNAS", i))}
	}
	order := gOrder{Account: buf.String("desk-7/alice@example.com"), Legs: MakeVec(&buf, legs), Note: Some(MakeBox(&buf, ptr(uint32(3))))}
	fx := gFixed{A: 1, On: true, C: 'x'}
	op := planFor(reflect.TypeFor[gOrder]())
	for _, tc := range []struct {
		name string
		p    *plan
		v    unsafe.Pointer
	}{
		{"fixed", planFor(reflect.TypeFor[gFixed]()), unsafe.Pointer(&fx)},
		{"order140", op, unsafe.Pointer(&order)},
	} {
		dst := alignedBuf(nil, 8192)[:0]
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
	payload, _ := op.encode(alignedBuf(nil, 8192)[:0], unsafe.Pointer(&order), &buf, format08, MaxFrameSize)
	req, err := op.access(payload, format08)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("order140/reply", func(b *testing.B) {
		var reply Buffer
		out := alignedBuf(nil, 8192)[:0]
		legs := make([]gLeg, 140)
		for b.Loop() {
			reply.Reset()
			r := (*gOrder)(req)
			in := r.Legs.Slice()
			for i := range in {
				legs[i] = gLeg{Qty: in[i].Qty + 1, Venue: reply.Concat(in[i].Venue.Bytes(), []byte("!"))}
			}
			o := gOrder{Account: reply.Concat(r.Account.Bytes(), []byte("/ack")), Legs: MakeVec(&reply, legs[:len(in)])}
			if _, err := op.encode(out, unsafe.Pointer(&o), &reply, format08, MaxFrameSize); err != nil {
				b.Fatal(err)
			}
		}
	})
}
