package gocell

import "github.com/cellvet/cellvet/cell"

// The market's messages, as the Go cell serves them: the Go mirror of
// examples/market/schema.rs, type for type the trader's
// (examples/market/trader/market.go, which the demo vets against the cell's
// lock). They carry no //cell:type directives because this module keeps no
// cell.lock; the demo's end-to-end test holds them to the trader's.

type QuoteRequest struct {
	Symbol cell.String
	Depth  uint16
}

type Quote struct {
	Bid, Ask float64
	BidSizes [4]uint32
	Venue    cell.String
}

type Side uint8

const (
	Buy  Side = 0
	Sell Side = 1
)

type Order struct {
	ID    uint64
	Side  Side
	_     [3]byte
	Qty   uint32
	Limit cell.Option[float64]
	Tags  cell.Vec[cell.String]
}

// Request is every call to the market: a Quote or a Place.
type Request = cell.Enum[RequestVariants, [48]byte]

// RequestVariants lists market.Request's variants in declaration order.
type RequestVariants struct {
	Quote QuoteCall
	Place PlaceCall
}

type QuoteCall struct {
	Tag uint8 `cell:",tag"`
	_   [3]byte
	Req QuoteRequest `cell:"0"`
	_   [0]uint64    // the enum's alignment (after the tag, which comes first)
	_   [32]byte     // to the enum's size
}

type PlaceCall struct {
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Order Order `cell:"0"`
}

// MarketMsg is every reply of the market.
type MarketMsg = cell.Enum[MarketMsgVariants, [48]byte]

// MarketMsgVariants lists market.MarketMsg's variants in declaration order.
type MarketMsgVariants struct {
	Quote     QuoteReply
	OrderAck  OrderAck
	Heartbeat Heartbeat
}

type QuoteReply struct {
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Quote Quote `cell:"0"`
}

type OrderAck struct {
	Tag      uint8 `cell:",tag"`
	_        [7]byte
	ID       uint64
	Accepted bool
	_        [3]byte
	Note     cell.String
	_        [20]byte
}

type Heartbeat struct {
	Tag uint8 `cell:",tag"`
	_   [7]byte
	_   [0]uint64 // the enum's alignment (after the tag, which comes first)
	_   [40]byte  // to the enum's size
}
