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
	r, err := call[QuoteReply](ctx, &req, &b)
	if err != nil {
		return nil, err
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
	return call[OrderAck](ctx, &req, &b)
}

// call sends req, whose variable data is in b, and returns the reply's
// variant V: any other variant is an error.
func call[V any](ctx context.Context, req *Request, b *cell.Buffer) (*V, error) {
	resp, err := cell.Call[MarketMsg](ctx, "market", req, cell.WithBuffer(b))
	if err != nil {
		return nil, err
	}
	v, ok := cell.Variant[V](resp)
	if !ok {
		var want V
		return nil, fmt.Errorf("market answered with variant %d, not %T", resp.Tag(), want)
	}
	return v, nil
}
