// Package cellsdk calls the Cell SDK cell exchange (examples/cellsdk):
// requests are ExchangeProtocol variants, replies the ExchangeResponse
// variant of the same method.
package cellsdk

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

//cell:fp exchange
const ExchangeFP = 0xa1b3d599d81aec49

// fingerprint is known at run time only.
func fingerprint() uint64 { return ExchangeFP }

func init() {
	cell.ExpectCellSDK("exchange", ExchangeFP)
	cell.Expect("exchange", ExchangeFP)              // want `cell exchange is a Cell SDK cell \(protocol = "cell-sdk" in cell.lock\): it cannot answer the handshake of cell.Expect; state its fingerprint with cell.ExpectCellSDK`
	cell.ExpectCellSDK("market", 0x4282be98d84a0d71) // want `cell market speaks cellvet's protocol, not the Cell SDK's`
	cell.Expect("exchange", fingerprint())           // want `cell exchange is a Cell SDK cell`
}

//cell:type exchange.ExchangeProtocol::Ping
type PingCall struct { // want PingCall:"bound exchange.ExchangeProtocol::Ping"
	Tag uint8 `cell:",tag"`
	_   [7]byte
	_   [0]uint64
	_   [48]byte
}

//cell:type exchange.ExchangeProtocol::Quote
type QuoteCall struct { // want QuoteCall:"bound exchange.ExchangeProtocol::Quote \\(mismatch\\)"
	Tag    uint8 `cell:",tag"`
	_      [3]byte
	Symbol cell.String
	Depth  uint32 // want `QuoteCall.Depth: uint32 does not match exchange.ExchangeProtocol::Quote.depth u16: want uint16`
	_      [0]uint64
	_      [40]byte
}

//cell:type exchange.ExchangeResponse::Ping
type PingReply struct { // want PingReply:"bound exchange.ExchangeResponse::Ping"
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Value uint64 `cell:"0"`
	_     [24]byte
}

//cell:type exchange.ExchangeResponse::Echo
type EchoReply struct { // want EchoReply:"bound exchange.ExchangeResponse::Echo"
	Tag  uint8 `cell:",tag"`
	_    [3]byte
	Text cell.String `cell:"0"`
	_    [0]uint64
	_    [24]byte
}

//cell:type exchange.ExchangeResponse::Quote
type QuoteReply struct { // want QuoteReply:"bound exchange.ExchangeResponse::Quote"
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Quote Quote `cell:"0"`
}

//cell:type exchange.Quote
type Quote struct { // want Quote:"bound exchange.Quote"
	Symbol   cell.String
	Bid, Ask float64
	Depth    uint16
	_        [6]byte
}

func calls(ctx context.Context) {
	cell.Call[PingReply](ctx, "exchange", &PingCall{})
	cell.Call[EchoReply](ctx, "exchange", &PingCall{})           // want `the request calls method Ping \(exchange.ExchangeProtocol::Ping\) but the response type is bound to exchange.ExchangeResponse::Echo: the cell answers with exchange.ExchangeResponse::Ping`
	cell.Call[Quote](ctx, "exchange", &PingCall{})               // want `cell exchange answers exchange.ExchangeProtocol::Ping with a variant of ExchangeResponse, but the response type is bound to exchange.Quote`
	cell.Call[PingReply](ctx, "exchange", &PingReply{})          // want `cell exchange speaks the Cell SDK protocol: a request is a variant of a service's request enum \(ExchangeProtocol::METHOD\), not exchange.ExchangeResponse::Ping`
	cell.Call[QuoteReply](ctx, "exchange", &QuoteCall{Depth: 2}) // want `the request sends tag 0, which is not exchange.ExchangeProtocol::Quote's \(3\): the tag selects the method the cell runs`
	cell.Call[QuoteReply](ctx, "exchange", &QuoteCall{Tag: 3})
	cell.Call[QuoteReply](ctx, "exchange", &QuoteCall{3, [3]byte{}, cell.String{}, 2, [0]uint64{}, [40]byte{}})
}
