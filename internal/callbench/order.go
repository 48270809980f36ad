package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/callbench/pb"
)

// Order is the variable-size message, request and reply: the interop
// cell's Order (rkyv 0.8, declaration order), with strings inline and out
// of line, a vector of structs holding strings, nested options, boxes and
// an enum with fields.
type Order struct {
	ID      uint64 `cell:"id"`
	Account cell.String
	Legs    cell.Vec[Leg]
	Limit   cell.Option[cell.Option[uint32]]
	Note    cell.Option[cell.String]
	Parent  cell.Option[cell.Box[Leg]]
	Venue   cell.Box[Venue]
	Event   Event
}

type Leg struct {
	Symbol cell.String
	Qty    uint32
}

type Venue struct {
	Name cell.String
	Mic  [4]byte
}

// Event is the enum with fields: unit, tuple and struct variants.
type Event = cell.Enum[EventVariants, [16]byte]

type EventVariants struct {
	Halt   EventHalt
	Fill   EventFill
	Cancel EventCancel
}

type EventHalt struct {
	Tag uint8 `cell:",tag"`
}

type EventFill struct {
	Tag   uint8 `cell:",tag"`
	Count uint32
	Text  cell.String
}

type EventCancel struct {
	Tag    uint8 `cell:",tag"`
	Reason cell.String
	Code   uint16
}

// orderVal is an Order as plain Go values: what the rows build their
// requests from and check their replies against.
type orderVal struct {
	id      uint64
	account string
	legs    []legVal
	limit   *uint32 // with hasLimit: Option<Option<u32>>
	hasLim  bool
	note    *string
	parent  *legVal
	venue   venueVal
	event   eventVal
}

type legVal struct {
	symbol string
	qty    uint32
}

type venueVal struct {
	name string
	mic  [4]byte
}

// eventVal is an Event: kind 0 Halt, 1 Fill(count, text), 2 Cancel{reason
// text, code}.
type eventVal struct {
	kind  int
	count uint32
	text  string
	code  uint16
}

// orderLegs is the number of legs of the request: about 4 KiB archived.
const orderLegs = 140

// orderRequest is the request every variable-size row sends.
func orderRequest() orderVal {
	legs := make([]legVal, orderLegs)
	for i := range legs {
		legs[i] = legVal{symbol: fmt.Sprintf("SYMBOL-%04d.XNAS", i), qty: uint32(i * 10)}
	}
	limit, note := uint32(1250), "Zürich→東京, a note longer than eight bytes"
	return orderVal{
		id:      42,
		account: "desk-7/alice@example.com",
		legs:    legs,
		limit:   &limit, hasLim: true,
		note:   &note,
		parent: &legVal{symbol: "PARENT-01", qty: 3},
		venue:  venueVal{name: "XNAS", mic: [4]byte{'X', 'N', 'A', 'S'}},
		event:  eventVal{kind: 1, count: 17, text: "partial fill of the order"},
	}
}

// answerOrder is the Rust cell's answer to an order (values.rs): every
// field changes.
func answerOrder(o *orderVal) orderVal {
	answerLeg := func(l legVal) legVal { return legVal{symbol: l.symbol + "!", qty: l.qty + 1} }
	a := orderVal{id: o.id + 1, account: o.account + "/ack"}
	for _, l := range slices.Backward(o.legs) {
		a.legs = append(a.legs, answerLeg(l))
	}
	switch {
	case !o.hasLim:
		a.hasLim = true
	case o.limit != nil:
		v := *o.limit + 1
		a.hasLim, a.limit = true, &v
	}
	if o.note != nil {
		n := *o.note + "+"
		a.note = &n
	}
	if o.parent != nil {
		p := answerLeg(*o.parent)
		a.parent = &p
	}
	a.venue.name = o.venue.name + "."
	for i, b := range o.venue.mic {
		a.venue.mic[i] = b ^ 0x20
	}
	switch o.event.kind {
	case 0:
		a.event = eventVal{kind: 1, count: 0, text: "halted"}
	case 1:
		a.event = eventVal{kind: 2, text: o.event.text, code: uint16(o.event.count)}
	default:
		a.event = eventVal{kind: 0}
	}
	return a
}

// build returns v as an Order whose variable data is in b.
func (v *orderVal) build(b *cell.Buffer) Order {
	legs := make([]Leg, len(v.legs))
	for i, l := range v.legs {
		legs[i] = Leg{Symbol: b.String(l.symbol), Qty: l.qty}
	}
	o := Order{ID: v.id, Account: b.String(v.account), Legs: cell.MakeVec(b, legs)}
	if v.hasLim {
		o.Limit.Tag = 1
		if v.limit != nil {
			o.Limit.Value = cell.Some(*v.limit)
		}
	}
	if v.note != nil {
		o.Note = cell.Some(b.String(*v.note))
	}
	if v.parent != nil {
		o.Parent = cell.Some(cell.MakeBox(b, &Leg{Symbol: b.String(v.parent.symbol), Qty: v.parent.qty}))
	}
	o.Venue = cell.MakeBox(b, &Venue{Name: b.String(v.venue.name), Mic: v.venue.mic})
	switch v.event.kind {
	case 0:
		cell.SetVariant(&o.Event, &EventHalt{})
	case 1:
		cell.SetVariant(&o.Event, &EventFill{Count: v.event.count, Text: b.String(v.event.text)})
	default:
		cell.SetVariant(&o.Event, &EventCancel{Reason: b.String(v.event.text), Code: v.event.code})
	}
	return o
}

// orderOf reads a received Order (validated) into plain values.
func orderOf(o *Order) (orderVal, error) {
	v := orderVal{id: o.ID, account: o.Account.String()}
	for i := range o.Legs.Len() {
		l := o.Legs.At(i)
		v.legs = append(v.legs, legVal{symbol: l.Symbol.String(), qty: l.Qty})
	}
	if o.Limit.Tag == 1 {
		v.hasLim = true
		if x, ok := o.Limit.Value.Get(); ok {
			v.limit = &x
		}
	}
	if o.Note.Tag == 1 {
		n := o.Note.Value.String()
		v.note = &n
	}
	if o.Parent.Tag == 1 {
		p := o.Parent.Value.Get()
		v.parent = &legVal{symbol: p.Symbol.String(), qty: p.Qty}
	}
	venue := o.Venue.Get()
	v.venue = venueVal{name: venue.Name.String(), mic: venue.Mic}
	if _, ok := cell.Variant[EventHalt](&o.Event); ok {
		v.event.kind = 0
	} else if f, ok := cell.Variant[EventFill](&o.Event); ok {
		v.event = eventVal{kind: 1, count: f.Count, text: f.Text.String()}
	} else if c, ok := cell.Variant[EventCancel](&o.Event); ok {
		v.event = eventVal{kind: 2, text: c.Reason.String(), code: c.Code}
	} else {
		return v, fmt.Errorf("event tag %d is no variant", o.Event.Tag())
	}
	return v, nil
}

// serveOrder answers an Order as the Rust cell does (answerOrder), as a
// cellvet handler is written: reading the request through its views,
// which copy nothing, and building the reply in the call's reply buffer.
func serveOrder(ctx context.Context, r *Order) (*Order, error) {
	b := cell.ReplyBuffer(ctx)
	in := r.Legs.Slice()
	legs := make([]Leg, len(in))
	for i := range in {
		legs[i] = answerLegView(b, &in[len(in)-1-i])
	}
	out := &Order{ID: r.ID + 1, Account: b.Concat(r.Account.Bytes(), []byte("/ack")), Legs: cell.MakeVec(b, legs)}
	switch {
	case r.Limit.Tag == 0:
		out.Limit.Tag = 1
	case r.Limit.Value.Tag == 1:
		out.Limit = cell.Some(cell.Some(r.Limit.Value.Value + 1))
	}
	if r.Note.Tag == 1 {
		out.Note = cell.Some(b.Concat(r.Note.Value.Bytes(), []byte("+")))
	}
	if r.Parent.Tag == 1 {
		p := answerLegView(b, r.Parent.Value.Get())
		out.Parent = cell.Some(cell.MakeBox(b, &p))
	}
	v := r.Venue.Get()
	venue := Venue{Name: b.Concat(v.Name.Bytes(), []byte(".")), Mic: v.Mic}
	for i := range venue.Mic {
		venue.Mic[i] ^= 0x20
	}
	out.Venue = cell.MakeBox(b, &venue)
	if _, ok := cell.Variant[EventHalt](&r.Event); ok {
		cell.SetVariant(&out.Event, &EventFill{Text: b.String("halted")})
	} else if f, ok := cell.Variant[EventFill](&r.Event); ok {
		cell.SetVariant(&out.Event, &EventCancel{Reason: b.Concat(f.Text.Bytes()), Code: uint16(f.Count)})
	} else {
		cell.SetVariant(&out.Event, &EventHalt{})
	}
	return out, nil
}

func answerLegView(b *cell.Buffer, l *Leg) Leg {
	return Leg{Symbol: b.Concat(l.Symbol.Bytes(), []byte("!")), Qty: l.Qty + 1}
}

// equalOrder returns an error describing the first difference of got
// from want, or nil.
func equalOrder(got, want *orderVal) error {
	g, w := got.String(), want.String()
	if g == w {
		return nil
	}
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	return fmt.Errorf("order differs at %q, want %q", clip(g[i:]), clip(w[i:]))
}

func clip(s string) string { return s[:min(len(s), 60)] }

// String prints every field, through the pointers.
func (v *orderVal) String() string {
	opt := func(p any) string {
		switch p := p.(type) {
		case *uint32:
			if p != nil {
				return fmt.Sprint("Some(", *p, ")")
			}
		case *string:
			if p != nil {
				return fmt.Sprintf("Some(%q)", *p)
			}
		case *legVal:
			if p != nil {
				return fmt.Sprintf("Some(%+v)", *p)
			}
		}
		return "None"
	}
	limit := "None"
	if v.hasLim {
		limit = "Some(" + opt(v.limit) + ")"
	}
	return fmt.Sprintf("id %d account %q legs %+v limit %s note %s parent %s venue %+v event %+v",
		v.id, v.account, v.legs, limit, opt(v.note), opt(v.parent), v.venue, v.event)
}

// orderPB returns v as protobuf.
func orderPB(v *orderVal) *pb.Order {
	m := &pb.Order{Id: v.id, Account: v.account, Note: v.note}
	for _, l := range v.legs {
		m.Legs = append(m.Legs, &pb.Leg{Symbol: l.symbol, Qty: l.qty})
	}
	if v.hasLim {
		m.Limit = &pb.Limit{Value: v.limit}
	}
	if v.parent != nil {
		m.Parent = &pb.Leg{Symbol: v.parent.symbol, Qty: v.parent.qty}
	}
	mic := v.venue.mic
	m.Venue = &pb.Venue{Name: v.venue.name, Mic: uint32(mic[0]) | uint32(mic[1])<<8 | uint32(mic[2])<<16 | uint32(mic[3])<<24}
	switch v.event.kind {
	case 0:
		m.Event = &pb.Event{Kind: &pb.Event_Halt{Halt: &pb.Halt{}}}
	case 1:
		m.Event = &pb.Event{Kind: &pb.Event_Fill{Fill: &pb.Fill{N: v.event.count, S: v.event.text}}}
	default:
		m.Event = &pb.Event{Kind: &pb.Event_Cancel{Cancel: &pb.Cancel{Reason: v.event.text, Code: uint32(v.event.code)}}}
	}
	return m
}

// orderOfPB reads a protobuf Order into plain values.
func orderOfPB(m *pb.Order) orderVal {
	v := orderVal{id: m.Id, account: m.Account, note: m.Note}
	for _, l := range m.Legs {
		v.legs = append(v.legs, legVal{symbol: l.Symbol, qty: l.Qty})
	}
	if m.Limit != nil {
		v.hasLim, v.limit = true, m.Limit.Value
	}
	if m.Parent != nil {
		v.parent = &legVal{symbol: m.Parent.Symbol, qty: m.Parent.Qty}
	}
	mic := m.GetVenue().GetMic()
	v.venue = venueVal{name: m.GetVenue().GetName(), mic: [4]byte{byte(mic), byte(mic >> 8), byte(mic >> 16), byte(mic >> 24)}}
	switch k := m.GetEvent().GetKind().(type) {
	case *pb.Event_Fill:
		v.event = eventVal{kind: 1, count: k.Fill.N, text: k.Fill.S}
	case *pb.Event_Cancel:
		v.event = eventVal{kind: 2, text: k.Cancel.Reason, code: uint16(k.Cancel.Code)}
	}
	return v
}
