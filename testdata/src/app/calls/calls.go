// Package calls holds calls of cell.Call: constant and non-constant cell
// names, known and unknown cells, types bound by directive and by name.
package calls

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

// Quote mirrors market.Quote.
//
//cell:type market.Quote
type Quote struct { // want Quote:"bound market.Quote"
	Bid, Ask float64
	BidSizes [4]uint32
	Venue    cell.String
}

// QuoteRequest is bound by its name: market has a type QuoteRequest.
type QuoteRequest struct { // want `QuoteRequest: no Rust type named QuoteRequest in cell legacy; bind it with //cell:type legacy.TYPE`
	Symbol [8]byte
	Depth  uint16
	Live   bool
}

// Unknown has no Rust type of its name in market.
type Unknown struct{ X uint32 } // want `Unknown: no Rust type named Unknown in cell market; bind it with //cell:type market.TYPE`

const marketCell = "market"

const (
	prefix = "mar"
	suffix = "ket"
)

func Good(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &QuoteRequest{})
	cell.Call[Quote](ctx, marketCell, &QuoteRequest{})
	cell.Call[Quote](ctx, prefix+suffix, &QuoteRequest{})
	q, err := cell.Call[Quote, QuoteRequest](ctx, "market", nil, cell.WithTimeout(0))
	_, _ = q, err
}

func Bad(ctx context.Context, names []string) {
	cell.Call[Quote](ctx, "markt", &QuoteRequest{})  // want `unknown cell "markt": cell.lock has no such cell \(did you mean "market"\?\)`
	cell.Call[Quote](ctx, names[0], &QuoteRequest{}) // want `cell name names\[0\] is not a constant: this call of Call cannot be checked`
	cell.Call[Unknown](ctx, "market", &QuoteRequest{})
	cell.Call[Quote](ctx, "legacy", &QuoteRequest{})      // want `response type Quote is bound to market.Quote but sent to cell legacy`
	cell.Call[Quote](ctx, "market", &struct{ A int32 }{}) // want `request type struct\{A int32\} is not a named type: declare a Go type bound with //cell:type market.TYPE`
}
