// Package cascade holds one mistake per type, each of which used to move
// every field after it: the pass reports the mistake only, with a fix
// that mends it (cascade.go.golden is this file with every fix applied).
package cascade

import "github.com/cellvet/cellvet/cell"

// A field of the wrong width: Live and the size follow from it.
//
//cell:type market.QuoteRequest
type WideDepth struct { // want WideDepth:`mismatch`
	Symbol [8]byte
	Depth  uint32 // want `WideDepth.Depth: uint32 does not match market.QuoteRequest.depth u16: want uint16`
	Live   bool
}

// A Go string for [u8; 8]: the advice is the Rust type's.
//
//cell:type market.QuoteRequest
type StringSymbol struct { // want StringSymbol:`mismatch`
	Symbol string // want `StringSymbol.Symbol: string does not match market.QuoteRequest.symbol \[u8;8\]: want \[8\]byte`
	Depth  uint16
	Live   bool
}

// Two fields swapped.
//
//cell:type market.Quote
type Swapped struct { // want Swapped:`mismatch`
	Ask      float64 // want `Swapped: Ask and Bid are in the wrong order \(market.Quote\)`
	Bid      float64
	BidSizes [4]uint32
	Venue    cell.String
}

// A tag of the wrong width.
//
//cell:type market.MarketMsg::OrderAck
type WideTag struct { // want WideTag:`mismatch`
	Tag      uint32 `cell:",tag"` // want `WideTag.Tag: uint32 does not match market.MarketMsg::OrderAck tag u8: want uint8`
	_        [4]byte
	ID       uint64
	Accepted bool
	_        [31]byte
}

// A variant without its trailing padding: one diagnostic, one fix.
//
//cell:type market.MarketMsg::OrderAck
type ShortAck struct { // want ShortAck:`mismatch` `ShortAck: size 24, cell.lock says 48 \(market.MarketMsg::OrderAck\)`
	Tag      uint8 `cell:",tag"`
	_        [7]byte
	ID       uint64
	Accepted bool
}

// A variant with no field but its tag lacks the padding and the
// alignment: one diagnostic, and one fix for both.
//
//cell:type market.MarketMsg::Heartbeat
type Beat struct { // want Beat:`mismatch` `Beat: size 1 and alignment 1, cell.lock says 48 and 8 \(market.MarketMsg::Heartbeat\)`
	Tag uint8 `cell:",tag"`
}

// Enums read as bytes leave the struct 4-aligned where rkyv aligns it to
// 8: no field can say so, a zero-size _ [0]uint64 does.
//
//cell:type venue.Feed
type Feed struct { // want Feed:`mismatch` `Feed: alignment 4, cell.lock says 8 \(venue.Feed\)`
	Last    [24]byte
	Next    [32]byte
	History cell.Vec[[24]byte]
	Status  [8]byte
	Mark    uint32
	Marks   cell.Vec[cell.Char]
	Code    uint32
}

// The tag after a field: one diagnostic, and the fix that puts it first
// (and the padding where the new order needs it).
//
//cell:type market.MarketMsg::OrderAck
type LateTag struct { // want LateTag:`mismatch`
	ID       uint64 // want `LateTag: ID and Tag are in the wrong order \(market.MarketMsg::OrderAck\)`
	Tag      uint8  `cell:",tag"`
	Accepted bool
	_        [30]byte
}
