package arch

// On amd64 a Go uint64 is 8-aligned, as in rkyv: ID lands at offset 8
// with no explicit padding.
//
//cell:type market.MarketMsg::OrderAck
type OrderAck struct { // want OrderAck:"bound market.MarketMsg::OrderAck"
	Tag      uint8 `cell:",tag"`
	ID       uint64
	Accepted bool
	_        [31]byte
}
