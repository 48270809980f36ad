package bind

import "github.com/cellvet/cellvet/cell"

// A missing field, a view of the wrong container and a nested struct
// whose own fields are wrong.
//
//cell:type market.Order
type ShortOrder struct { // want ShortOrder:`bound market.Order \(mismatch\)` `ShortOrder: no Go field for market.Order.note \(Box<Note> at offset 40\)`
	ID    uint64
	Side  int8 // want `ShortOrder.Side: int8 does not match market.Order.side u8: want uint8`
	_     [3]byte
	Qty   uint32
	Limit cell.Option[float32]      // want `ShortOrder.Limit\[Option\]: float32 does not match market.Order.limit\[Option\] f64: want float64`
	Tags  cell.Vec[cell.Vec[uint8]] // want `ShortOrder.Tags\[Vec\]: cell.Vec does not match market.Order.tags\[Vec\] String: want cell.String`
}

// A nested struct held by value, not bound itself: its fields are checked
// through the outer type.
type looseNote struct {
	Code   uint16 // want `BadFill.Note.Code: uint16 does not match market.Note.code char: want cell.Char`
	Weight int16
}

//cell:type market.Fill
type BadFill struct { // want BadFill:`bound market.Fill \(mismatch\)` `BadFill: size 40, cell.lock says 80 \(market.Fill\)`
	Order uint64
	Price struct {
		A, B uint32 // want `BadFill.Price.B: uint32 does not match market.Fill.price.1 f64: want float64`
	}
	Serial uint64            // want `BadFill.Serial: offset 16, cell.lock says 32` `BadFill.Serial: uint64 does not match market.Fill.serial u128: want \[16\]byte or \[2\]uint64`
	Venues map[uint32]string // want `BadFill.Venues: map\[uint32\]string does not match market.Fill.venues \(u32,u32,u32\): want a struct of the tuple's elements or \[12\]byte`
	Note   looseNote
	Flag   uint8
}

// Binding errors.
//
//cell:type market.MarketMsg
type WholeMsg struct{ Tag uint8 } // want WholeMsg:`bound market.MarketMsg \(mismatch\)` `WholeMsg: market.MarketMsg is an enum with fields: want cell.Enum\[V, \[48\]byte\], or a struct bound to one variant \(market.MarketMsg::VARIANT\)`

//cell:type market.MarketMsg::OrderAk
type TypoAck struct{ Tag uint8 } // want TypoAck:`mismatch` `TypoAck: enum market.MarketMsg has no variant OrderAk \(it has Quote, OrderAck, Heartbeat\)`

//cell:type market.Qoute
type TypoQuote struct{} // want TypoQuote:`mismatch` `TypoQuote: cell market has no type Qoute; did you mean Quote\?`

//cell:type markt.Quote
type TypoCell struct{} // want TypoCell:`bound markt.Quote \(mismatch\)` `unknown cell "markt"`

// want +2 `//cell:type market: want CELL.Type or CELL.Enum::Variant`
//
//cell:type market
type NoType struct{}

//cell:type market.Side
type WideSide uint16 // want WideSide:`bound market.Side \(mismatch\)` `WideSide: WideSide \(uint16\) does not match market.Side u8: want uint8`

// A variant struct without its tag.
//
//cell:type market.MarketMsg::OrderAck
type UntaggedAck struct { // want UntaggedAck:`bound .*mismatch` `UntaggedAck: no tag field: a struct bound to the variant market.MarketMsg::OrderAck starts with its u8 tag` `UntaggedAck: size 24, cell.lock says 48`
	_        [8]byte
	ID       uint64
	Accepted bool
}
