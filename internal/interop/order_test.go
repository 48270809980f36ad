package interop_test

import (
	"slices"

	"github.com/cellvet/cellvet/cell"
)

// The variable-size message as plain Go values, to build Order08 and
// Order07 from and to compare what they read back. It mirrors values.rs.
type order struct {
	ID      uint64
	Account string
	Legs    []leg
	Limit   limit
	Note    *string
	Parent  *leg
	Venue   venue
	Event   event
}

type leg struct {
	Symbol string
	Qty    uint32
}

type venue struct {
	Name string
	Mic  [4]byte
}

// limit is an Option<Option<u32>>.
type limit struct {
	Outer, Inner bool // Some(_), Some(Some(_))
	V            uint32
}

const (
	halt = iota
	fill
	cancel
)

// event is an Event: Halt, Fill(N, S) or Cancel { reason: S, code: N }.
type event struct {
	Tag int
	N   uint32
	S   string
}

func ptr[T any](v T) *T { return &v }

// orderSamples mirrors order_samples in values.rs.
var orderSamples = []order{
	{
		ID:      42,
		Account: "desk-7/alice@example.com",
		Legs:    []leg{{"AAPL", 5}, {"a much longer symbol than any inline form", 7}, {"", 0}},
		Limit:   limit{true, true, 1250},
		Note:    ptr("Zürich→東京, a note longer than eight bytes"),
		Parent:  &leg{"PARENT-01", 3},
		Venue:   venue{"XNAS", [4]byte{'X', 'N', 'A', 'S'}},
		Event:   event{fill, 17, "partial fill of the order"},
	},
	{
		Account: "1234567",
		Venue:   venue{"12345678", [4]byte{0, 1, 2, 3}},
		Event:   event{Tag: halt},
	},
	{
		ID:      ^uint64(0),
		Account: "12345678",
		Legs:    []leg{{"123456789", ^uint32(0)}},
		Limit:   limit{Outer: true},
		Note:    ptr(""),
		Venue:   venue{"", [4]byte{'a', 'b', 'c', 'd'}},
		Event:   event{cancel, 503, "risk limit exceeded by the account"},
	},
}

func answerLeg(l leg) leg { return leg{l.Symbol + "!", l.Qty + 1} }

// answer mirrors answer in values.rs: the cell's answer to an Order.
func answer(o *order) *order {
	a := &order{ID: o.ID + 1, Account: o.Account + "/ack"}
	for _, l := range slices.Backward(o.Legs) {
		a.Legs = append(a.Legs, answerLeg(l))
	}
	switch {
	case !o.Limit.Outer:
		a.Limit = limit{Outer: true}
	case o.Limit.Inner:
		a.Limit = limit{true, true, o.Limit.V + 1}
	}
	if o.Note != nil {
		a.Note = ptr(*o.Note + "+")
	}
	if o.Parent != nil {
		a.Parent = ptr(answerLeg(*o.Parent))
	}
	a.Venue = venue{Name: o.Venue.Name + "."}
	for i, b := range o.Venue.Mic {
		a.Venue.Mic[i] = b ^ 0x20
	}
	switch o.Event.Tag {
	case halt:
		a.Event = event{fill, 0, "halted"}
	case fill:
		a.Event = event{cancel, uint32(uint16(o.Event.N)), o.Event.S}
	default:
		a.Event = event{Tag: halt}
	}
	return a
}

// The parts of a message built in b that both versions share: Leg07,
// Venue07 and the 0.7 variants have the 0.8 types' layouts.

func buildLegs(b *cell.Buffer, legs []leg) []Leg08 {
	out := make([]Leg08, len(legs))
	for i, l := range legs {
		out[i] = Leg08{Symbol: b.String(l.Symbol), Qty: l.Qty}
	}
	return out
}

func buildLimit(l limit) cell.Option[cell.Option[uint32]] {
	switch {
	case !l.Outer:
		return cell.Option[cell.Option[uint32]]{}
	case !l.Inner:
		return cell.Some(cell.Option[uint32]{})
	}
	return cell.Some(cell.Some(l.V))
}

func buildNote(b *cell.Buffer, n *string) cell.Option[cell.String] {
	if n == nil {
		return cell.Option[cell.String]{}
	}
	return cell.Some(b.String(*n))
}

func buildVenue(b *cell.Buffer, v venue) *Venue08 {
	return &Venue08{Name: b.String(v.Name), Mic: v.Mic}
}

// buildEvent returns e's variant built in b (the others nil).
func buildEvent(b *cell.Buffer, e event) (*EventHalt08, *EventFill08, *EventCancel08) {
	switch e.Tag {
	case fill:
		return nil, &EventFill08{Count: e.N, Text: b.String(e.S)}, nil
	case cancel:
		return nil, nil, &EventCancel08{Reason: b.String(e.S), Code: uint16(e.N)}
	}
	return &EventHalt08{}, nil, nil
}

func build08(b *cell.Buffer, o *order) *Order08 {
	m := &Order08{
		ID:      o.ID,
		Account: b.String(o.Account),
		Legs:    cell.MakeVec(b, buildLegs(b, o.Legs)),
		Limit:   buildLimit(o.Limit),
		Note:    buildNote(b, o.Note),
		Venue:   cell.MakeBox(b, buildVenue(b, o.Venue)),
	}
	if o.Parent != nil {
		m.Parent = cell.Some(cell.MakeBox(b, &buildLegs(b, []leg{*o.Parent})[0]))
	}
	switch h, f, c := buildEvent(b, o.Event); {
	case f != nil:
		cell.SetVariant(&m.Event, f)
	case c != nil:
		cell.SetVariant(&m.Event, c)
	default:
		cell.SetVariant(&m.Event, h)
	}
	return m
}

func build07(b *cell.Buffer, o *order) *Order07 {
	legs := buildLegs(b, o.Legs)
	legs07 := make([]Leg07, len(legs))
	for i, l := range legs {
		legs07[i] = Leg07(l)
	}
	m := &Order07{
		ID:      o.ID,
		Account: b.String(o.Account),
		Legs:    cell.MakeVec(b, legs07),
		Limit:   buildLimit(o.Limit),
		Note:    buildNote(b, o.Note),
		Venue:   cell.MakeBox(b, (*Venue07)(buildVenue(b, o.Venue))),
	}
	if o.Parent != nil {
		m.Parent = cell.Some(cell.MakeBox(b, (*Leg07)(&buildLegs(b, []leg{*o.Parent})[0])))
	}
	switch h, f, c := buildEvent(b, o.Event); {
	case f != nil:
		cell.SetVariant(&m.Event, (*EventFill07)(f))
	case c != nil:
		cell.SetVariant(&m.Event, (*EventCancel07)(c))
	default:
		cell.SetVariant(&m.Event, (*EventHalt07)(h))
	}
	return m
}

// Reading a received message: every view is read through a pointer into
// the message (a copy of a view reads garbage).

func readLeg(l *Leg08) leg { return leg{l.Symbol.String(), l.Qty} }

func readLimit(l *cell.Option[cell.Option[uint32]]) limit {
	return limit{Outer: l.Tag == 1, Inner: l.Tag == 1 && l.Value.Tag == 1, V: l.Value.Value}
}

func readNote(n *cell.Option[cell.String]) *string {
	if s := n.Ptr(); s != nil {
		return ptr(s.String())
	}
	return nil
}

func readVenue(v *Venue08) venue { return venue{v.Name.String(), v.Mic} }

func readFill(f *EventFill08) event     { return event{fill, f.Count, f.Text.String()} }
func readCancel(c *EventCancel08) event { return event{cancel, uint32(c.Code), c.Reason.String()} }

func read08(m *Order08) *order {
	o := &order{ID: m.ID, Account: m.Account.String(), Limit: readLimit(&m.Limit), Note: readNote(&m.Note), Venue: readVenue(m.Venue.Get())}
	for i := range m.Legs.Len() {
		o.Legs = append(o.Legs, readLeg(m.Legs.At(i)))
	}
	if p := m.Parent.Ptr(); p != nil {
		o.Parent = ptr(readLeg(p.Get()))
	}
	if f, ok := cell.Variant[EventFill08](&m.Event); ok {
		o.Event = readFill(f)
	} else if c, ok := cell.Variant[EventCancel08](&m.Event); ok {
		o.Event = readCancel(c)
	} else if _, ok := cell.Variant[EventHalt08](&m.Event); !ok {
		o.Event = event{Tag: -1} // no variant: never equal to a sample
	}
	return o
}

func read07(m *Order07) *order {
	o := &order{ID: m.ID, Account: m.Account.String(), Limit: readLimit(&m.Limit), Note: readNote(&m.Note), Venue: readVenue((*Venue08)(m.Venue.Get()))}
	for i := range m.Legs.Len() {
		o.Legs = append(o.Legs, readLeg((*Leg08)(m.Legs.At(i))))
	}
	if p := m.Parent.Ptr(); p != nil {
		o.Parent = ptr(readLeg((*Leg08)(p.Get())))
	}
	if f, ok := cell.Variant[EventFill07](&m.Event); ok {
		o.Event = readFill((*EventFill08)(f))
	} else if c, ok := cell.Variant[EventCancel07](&m.Event); ok {
		o.Event = readCancel((*EventCancel08)(c))
	} else if _, ok := cell.Variant[EventHalt07](&m.Event); !ok {
		o.Event = event{Tag: -1}
	}
	return o
}
