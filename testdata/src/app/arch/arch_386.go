package arch

// On 386 a Go uint64 is only 4-aligned: the same declaration as on amd64
// puts ID at offset 4, and the struct needs "_ [3]byte" after the tag.
//
//cell:type market.MarketMsg::OrderAck
type OrderAck struct { // want OrderAck:`bound .*mismatch`
	Tag      uint8  `cell:",tag"`
	ID       uint64 // want `OrderAck.ID: offset 4, cell.lock says 8 \(market.MarketMsg::OrderAck.id\)`
	Accepted bool
	_        [31]byte
}
