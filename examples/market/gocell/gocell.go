// Package gocell is the market cell in Go: it answers the quotes and orders
// of examples/market/schema.rs as the Rust exchange
// (examples/market/exchange) does, with the same prices and notes, and
// serves the schema so that "cellvet add market" can pin it while it runs.
// The demo (examples/market/demo) runs it so that it needs no Rust.
package gocell

import (
	"context"
	_ "embed"
	"fmt"
	"net"
	"strings"

	"github.com/cellvet/cellvet/cell"
)

// Canon is the CFP/1 canonical text of examples/market/schema.rs, as the
// cell serves it to schema requests.
//
//go:generate sh -c "go run ../../../cmd/cellvet fp --canon ../schema.rs > market.cfp"
//go:embed market.cfp
var Canon []byte

// Name is the cell's name: it listens on $CELL_SOCKET_DIR/market.sock.
const Name = "market"

// Venue is shown in every quote: which cell answered.
const Venue = "XNYS via the Go market cell"

// MaxQty is the largest order the market accepts.
const MaxQty = 10_000

// Serve answers the market's calls and schema requests on l until ctx is
// done (cell.Serve).
func Serve(ctx context.Context, l net.Listener, opts ...cell.ServeOption) error {
	return cell.Serve(ctx, l, answer, append([]cell.ServeOption{cell.WithCanon(Name, Canon)}, opts...)...)
}

func answer(ctx context.Context, req *Request) (*MarketMsg, error) {
	b := cell.ReplyBuffer(ctx)
	var resp MarketMsg
	if q, ok := cell.Variant[QuoteCall](req); ok {
		cell.SetVariant(&resp, &QuoteReply{Quote: quote(b, q.Req.Symbol.String(), q.Req.Depth)})
		return &resp, nil
	}
	if p, ok := cell.Variant[PlaceCall](req); ok {
		ack, err := place(b, &p.Order)
		if err != nil {
			return nil, err
		}
		cell.SetVariant(&resp, ack)
		return &resp, nil
	}
	return nil, fmt.Errorf("request variant %d: not a call of the market", req.Tag())
}

// quote is a deterministic book: prices from the symbol's bytes, sizes by
// level (the exchange's quote, src/exchange.rs).
func quote(b *cell.Buffer, symbol string, depth uint16) Quote {
	var h uint32
	for i := range len(symbol) {
		h += uint32(symbol[i])
	}
	q := Quote{Bid: 100 + float64(h%400)*0.25, Venue: b.String(Venue)}
	q.Ask = q.Bid + 0.25
	for i := range min(int(depth), len(q.BidSizes)) {
		q.BidSizes[i] = uint32(100 * (len(q.BidSizes) - i))
	}
	return q
}

// place accepts an order of 1 to MaxQty at the market or at a positive
// limit (the exchange's place, src/exchange.rs).
func place(b *cell.Buffer, o *Order) (*OrderAck, error) {
	var side string
	switch o.Side {
	case Buy:
		side = "buy"
	case Sell:
		side = "sell"
	default: // the validator knows Side only as a u8
		return nil, fmt.Errorf("order %d: side %d is neither Buy nor Sell", o.ID, o.Side)
	}
	limit, hasLimit := o.Limit.Get()
	price := "market"
	if hasLimit {
		price = fmt.Sprintf("%.2f", limit)
	}
	accepted := o.Qty > 0 && o.Qty <= MaxQty && (!hasLimit || limit > 0)
	verb := "rejected"
	if accepted {
		verb = "accepted"
	}
	tags := make([]string, o.Tags.Len())
	for i := range tags {
		tags[i] = o.Tags.At(i).String()
	}
	note := fmt.Sprintf("%s: %s %d @ %s [%s]", verb, side, o.Qty, price, strings.Join(tags, ", "))
	return &OrderAck{ID: o.ID, Accepted: accepted, Note: b.String(note)}, nil
}
