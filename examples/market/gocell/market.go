package gocell

import "github.com/cellvet/cellvet/cell"

// The market's messages, as the Go cell serves them: the Go mirror of
// examples/market/schema.rs, type for type the trader's
// (examples/market/trader/market.go). The vet pass checks them against the
// market entry of the repository's cell.lock.

// FP is the fingerprint of the schema the cell serves.
//
//cell:fp market
const FP = 0x97842ea5bd9a9c89

//cell:type market.QuoteRequest
type QuoteRequest struct {
	Symbol cell.String
	Depth  uint16
}

//cell:type market.Quote
type Quote struct {
	Bid, Ask float64
	BidSizes [4]uint32
	Venue    cell.String
}

//cell:type market.Side
type Side uint8

const (
	Buy  Side = 0
	Sell Side = 1
)

//cell:type market.Order
type Order struct {
	ID    uint64
	Side  Side `cell:",enum=0-1"` // Buy or Sell: the runtime refuses other tags
	_     [3]byte
	Qty   uint32
	Limit cell.Option[float64]
	Tags  cell.Vec[cell.String]
}

// Request is every call to the market: a Quote or a Place.
//
//cell:type market.Request
type Request = cell.Enum[RequestVariants, [48]byte]

// RequestVariants lists market.Request's variants in declaration order.
type RequestVariants struct {
	Quote QuoteCall
	Place PlaceCall
}

//cell:type market.Request::Quote
type QuoteCall struct {
	Tag uint8 `cell:",tag"`
	_   [3]byte
	Req QuoteRequest `cell:"0"`
	_   [0]uint64    // the enum's alignment (after the tag, which comes first)
	_   [32]byte     // to the enum's size
}

//cell:type market.Request::Place
type PlaceCall struct {
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Order Order `cell:"0"`
}

// MarketMsg is every reply of the market.
//
//cell:type market.MarketMsg
type MarketMsg = cell.Enum[MarketMsgVariants, [48]byte]

// MarketMsgVariants lists market.MarketMsg's variants in declaration order.
type MarketMsgVariants struct {
	Quote     QuoteReply
	OrderAck  OrderAck
	Heartbeat Heartbeat
}

//cell:type market.MarketMsg::Quote
type QuoteReply struct {
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Quote Quote `cell:"0"`
}

//cell:type market.MarketMsg::OrderAck
type OrderAck struct {
	Tag      uint8 `cell:",tag"`
	_        [7]byte
	ID       uint64
	Accepted bool
	_        [3]byte
	Note     cell.String
	_        [20]byte
}

//cell:type market.MarketMsg::Heartbeat
type Heartbeat struct {
	Tag uint8 `cell:",tag"`
	_   [7]byte
	_   [0]uint64 // the enum's alignment (after the tag, which comes first)
	_   [40]byte  // to the enum's size
}
