package cell

import (
	"context"
	"strings"
	"testing"
)

// swapOrder is the server of TestVariableCalls: it answers an order with
// its account upper-cased, its legs reversed with their venues prefixed,
// and the note (a boxed u32) incremented, building the reply in the call's
// ReplyBuffer (the venues with Concat, from the request's bytes in place).
func swapOrder(ctx context.Context, req *gOrder) (*gOrder, error) {
	b := ReplyBuffer(ctx)
	in := req.Legs.Slice()
	legs := make([]gLeg, len(in))
	for i := range in {
		legs[len(in)-1-i] = gLeg{Qty: in[i].Qty * 10, Venue: b.Concat([]byte("re:"), in[i].Venue.Bytes())}
	}
	resp := &gOrder{Account: b.String(strings.ToUpper(req.Account.String())), Legs: MakeVec(b, legs), Flag: !req.Flag}
	if n := req.Note.Ptr(); n != nil {
		resp.Note = Some(MakeBox(b, ptr(*n.Get()+1)))
	}
	return resp, nil
}

// TestVariableCalls sends orders with out-of-line strings, a vector of
// structs holding strings and an optional box through Serve and the pool,
// with Call (owned reply) and CallInto (reply in the caller's buffer), in
// both archive formats: the server takes the format from its schema's
// profile, the client from WithProfile.
func TestVariableCalls(t *testing.T) {
	for _, profile := range []string{"rkyv0.8 le aligned p32", "rkyv0.7 le p32 nonstrict"} {
		t.Run(profile, func(t *testing.T) {
			socketDir(t)
			canon := strings.Replace(testCanon, "profile rkyv0.8 le aligned p32", "profile "+profile, 1)
			startServe(t, "orders", swapOrder, WithCanon("orders", []byte(canon)))
			ctx := context.Background()
			var b, into Buffer
			order := func(b *Buffer, i int) *gOrder {
				b.Reset()
				return &gOrder{
					Account: b.String("desk-7/alice"),
					Legs:    MakeVec(b, []gLeg{{1, b.String("XNAS")}, {2, b.String("a venue name longer than inline")}}),
					Note:    Some(MakeBox(b, ptr(uint32(41+i)))),
				}
			}
			for i := range 3 {
				got, err := Call[gOrder](ctx, "orders", order(&b, i), WithBuffer(&b), WithProfile(profile))
				if err != nil {
					t.Fatal(err)
				}
				checkSwapped(t, got, uint32(42+i))
				got2, err := CallInto[gOrder](ctx, "orders", order(&into, i), &into, WithProfile(profile))
				if err != nil {
					t.Fatal(err)
				}
				checkSwapped(t, got2, uint32(42+i))
				// The owned reply of Call outlives later calls.
				checkSwapped(t, got, uint32(42+i))
			}
		})
	}
}

func checkSwapped(t *testing.T, o *gOrder, note uint32) {
	t.Helper()
	if s := o.Account.String(); s != "DESK-7/ALICE" {
		t.Errorf("account %q", s)
	}
	legs := o.Legs.Slice()
	if len(legs) != 2 || legs[0].Qty != 20 || legs[1].Qty != 10 ||
		legs[0].Venue.String() != "re:a venue name longer than inline" || legs[1].Venue.String() != "re:XNAS" {
		t.Errorf("legs %d: %+v", len(legs), legs)
	}
	if n := o.Note.Ptr(); n == nil || *n.Get() != note {
		t.Errorf("note %v, want %d", n, note)
	}
	if !o.Flag {
		t.Error("flag not flipped")
	}
}
