package main

import (
	"context"
	"fmt"

	"github.com/cellvet/cellvet/cell"
)

// GetQuote asks the market for the book of symbol, depth levels deep. The
// returned Quote's views read the reply, which it keeps alive.
func GetQuote(ctx context.Context, symbol string, depth uint16) (*Quote, error) {
	var b cell.Buffer
	var req Request
	cell.SetVariant(&req, &QuoteCall{Req: QuoteRequest{Symbol: b.String(symbol), Depth: depth}})
	resp, err := cell.Call[MarketMsg](ctx, "market", &req, cell.WithBuffer(&b))
	if err != nil {
		return nil, err
	}
	r, ok := cell.Variant[QuoteReply](resp)
	if !ok {
		return nil, fmt.Errorf("market answered a quote with variant %d, not Quote", resp.Tag())
	}
	return &r.Quote, nil
}

// Place sends an order (limit nil: at the market) and returns the
// exchange's acknowledgement.
func Place(ctx context.Context, id uint64, side Side, qty uint32, limit *float64, tags ...string) (*OrderAck, error) {
	var b cell.Buffer
	o := Order{ID: id, Side: side, Qty: qty}
	if limit != nil {
		o.Limit = cell.Some(*limit)
	}
	views := make([]cell.String, len(tags))
	for i, t := range tags {
		views[i] = b.String(t)
	}
	o.Tags = cell.MakeVec(&b, views)
	var req Request
	cell.SetVariant(&req, &PlaceCall{Order: o})
	resp, err := cell.Call[MarketMsg](ctx, "market", &req, cell.WithBuffer(&b))
	if err != nil {
		return nil, err
	}
	ack, ok := cell.Variant[OrderAck](resp)
	if !ok {
		return nil, fmt.Errorf("market answered an order with variant %d, not OrderAck", resp.Tag())
	}
	return ack, nil
}
