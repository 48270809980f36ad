// Package user calls cells through the wrappers of package wrap, with
// types from other packages: bound ones (facts) and ones bound by name.
package user

import (
	"context"
	"net"

	"example.com/app/calls"
	"example.com/app/serve"
	"example.com/app/shapes"
	"example.com/app/wrap"
)

const cellName = "market"

func Use(ctx context.Context, dyn string) {
	wrap.Call[calls.Quote](ctx, cellName, &calls.QuoteRequest{})
	wrap.Call[calls.Quote](ctx, "market", &shapes.QuoteRequest{})
	wrap.Quote(ctx, "market", nil)
	wrap.Retry[calls.Quote](ctx, &shapes.QuoteRequest{}, "market")
	wrap.Send[calls.Quote](ctx, "market", &shapes.QuoteRequest{})

	wrap.Quote(ctx, "markte", nil)                               // want `unknown cell "markte".*\(did you mean "market"\?\)`
	wrap.Call[calls.Quote](ctx, dyn, &calls.QuoteRequest{})      // want `cell name dyn is not a constant: this call of Call cannot be checked`
	wrap.Call[shapes.Ack](ctx, "market", &shapes.QuoteRequest{}) // want `Ack.OK: uint32 does not match market.Ack.1 bool: want bool`
	wrap.Retry[calls.Quote](ctx, &shapes.Ack{}, "legacy")        // want `response type Quote is bound to market.Quote but sent to cell legacy` `Ack: no Rust type named Ack in cell legacy`
	wrap.Send[Local](ctx, "market", &shapes.QuoteRequest{})
}

// Local is bound by name at the call above, and checked here.
type Local struct{ X uint32 } // want `Local: no Rust type named Local in cell market`

// Serve serves through the wrappers of package serve (facts): their calls
// are checked like calls of cell.Serve.
func Serve(ctx context.Context, l net.Listener) {
	h := func(ctx context.Context, r *calls.QuoteRequest) (*calls.Quote, error) { return nil, nil }
	serve.Run(ctx, l, "market", h)
	serve.Run(ctx, l, "markte", h)   // want `unknown cell "markte"`
	serve.Again(ctx, "legacy", l, h) // want `response type Quote is bound to market.Quote but served as cell legacy` `QuoteRequest: no Rust type named QuoteRequest in cell legacy`
}
