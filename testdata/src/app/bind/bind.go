// Package bind holds Go types bound to Rust types with //cell:type, right
// and wrong in every way the checks know.
package bind

import "github.com/cellvet/cellvet/cell"

//cell:type market.QuoteRequest
type QuoteRequest struct { // want QuoteRequest:"bound market.QuoteRequest"
	Symbol [8]byte
	Depth  uint16
	Live   bool
}

//cell:type market.Side
type Side uint8 // want Side:"bound market.Side"

// Constants named after variants carry their tags.
const (
	SideBuy  Side = 0
	SideSell Side = 2 // want `SideSell: tag 2, cell.lock says 1 \(market.Side::Sell\)`
	SideAny  Side = 9 // named after no variant: not checked
)

const (
	Buy Side = iota
	Sell
	Hold // not a variant
)

//cell:type market.Note
type Note struct { // want Note:"bound market.Note"
	Code   rune
	Weight int16
	_      [2]byte
}

//cell:type market.Order
type Order struct { // want Order:"bound market.Order"
	ID    uint64 `cell:"id"`
	Side  Side
	_     [3]byte
	Qty   uint32
	Limit cell.Option[float64]
	Tags  cell.Vec[cell.String]
	Note  cell.Box[Note]
	_     [4]byte
}

// Fill mirrors a struct with a tuple, a u128, a map and a nested struct.
//
//cell:type market.Fill
type Fill struct { // want Fill:"bound market.Fill"
	Order uint64
	Price struct {
		A uint32
		_ [4]byte
		B float64
	}
	_      [8]byte
	Serial [2]uint64
	Venues [12]byte
	Note   struct {
		Code   uint32
		Weight int16
	}
	Flag uint8
	_    [11]byte
}

//cell:type market.Ack
type Ack struct { // want Ack:"bound market.Ack"
	N  uint64 `cell:"0"`
	OK bool   `cell:"1"`
	_  [7]byte
}

//cell:type market.MarketMsg::OrderAck
type OrderAck struct { // want OrderAck:"bound market.MarketMsg::OrderAck"
	Tag      uint8 `cell:",tag"`
	_        [7]byte
	ID       uint64
	Accepted bool
	_        [31]byte
}

// Wrong kinds, widths and Go types with no archived meaning.
//
//cell:type market.Quote
type BadQuote struct { // want BadQuote:`bound market.Quote \(mismatch\)`
	Bid      float32   // want `BadQuote.Bid: float32 does not match market.Quote.bid f64: want float64`
	Ask      int       // want `BadQuote.Ask: int does not match market.Quote.ask f64: want float64`
	BidSizes [3]uint32 // want `BadQuote.BidSizes: array length 3, cell.lock says 4 \(market.Quote.bid_sizes \[u32;4\]\)`
	Venue    string    // want `BadQuote.Venue: string does not match market.Quote.venue String: want cell.String`
	Extra    *uint32   // want `BadQuote.Extra: market.Quote has no field extra \(it has bid, ask, bid_sizes, venue\)`
}
