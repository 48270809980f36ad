// Package fix holds mismatches with a mechanical fix; fix.go.golden is
// this file with every suggested fix applied.
package fix

//cell:type market.Note
type Note struct { // want Note:"bound market.Note"
	Code   rune
	Weight int16
}

// Fill lacks the padding rkyv puts before the 16-aligned u128 and at the
// end.
//
//cell:type market.Fill
type Fill struct { // want Fill:`mismatch` `Fill: size 64, cell.lock says 80 \(market.Fill\)`
	Order uint64
	Price struct {
		A uint32
		B float64
	}
	Serial [2]uint64 // want `Fill.Serial: offset 24, cell.lock says 32`
	Venues [12]byte
	Note   Note
	Flag   uint8
}

// QuoteRequest has its fields out of the lock's order.
//
//cell:type market.QuoteRequest
type QuoteRequest struct { // want QuoteRequest:`mismatch`
	Live   bool   // want `QuoteRequest: Live and Symbol are in the wrong order \(market.QuoteRequest\)`
	Depth  uint16 `cell:"depth"`
	Symbol [8]byte
}

// OrderAck's padding is sized for a smaller enum.
//
//cell:type market.MarketMsg::OrderAck
type OrderAck struct { // want OrderAck:`mismatch` `OrderAck: size 24, cell.lock says 48`
	Tag      uint8 `cell:",tag"`
	_        [7]byte
	ID       uint64
	Accepted bool
	_        [7]byte
}

//cell:type market.Side
type Side uint8 // want Side:"bound market.Side"

const Sell Side = 7 // want `Sell: tag 7, cell.lock says 1`

//cell:fp market
const MarketFP = 0x0000000000000001 // want `MarketFP: fingerprint 0000000000000001 is stale: cell.lock has 4282be98d84a0d71`
