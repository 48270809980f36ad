// Package q is checked with -cellvet.lock=locks/market.lock, a lock
// relative to the module root.
package q

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

type QuoteRequest struct { // want `QuoteRequest: no Go field for market.QuoteRequest.live \(bool at offset 10\)`
	Symbol [8]byte
	Depth  uint32 // want `QuoteRequest.Depth: uint32 does not match market.QuoteRequest.depth u16: want uint16`
}

type Ack struct {
	N  uint64 `cell:"0"`
	OK bool   `cell:"1"`
}

func Get(ctx context.Context) {
	cell.Call[Ack](ctx, "market", &QuoteRequest{})
}
