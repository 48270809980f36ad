// Package callinto holds calls of cell.CallInto, checked like calls of
// cell.Call, and a wrapper of it; and messages that are cell.Enum views.
package callinto

import (
	"context"

	"example.com/app/calls"
	"example.com/app/enums"
	"github.com/cellvet/cellvet/cell"
)

// Ack is bound by its name; its second field is too wide.
type Ack struct {
	N  uint64 `cell:"0"`
	OK uint32 `cell:"1"` // want `Ack.OK: uint32 does not match market.Ack.1 bool: want bool`
}

// Event is bound by its name to venue.Event, through the alias.
type Event = cell.Enum[enums.EventVariants, [20]byte] // want `Event: cell.Enum's storage \[20\]byte, cell.lock says 24 bytes \(venue.Event\)`

func Good(ctx context.Context, buf *cell.Buffer) {
	cell.CallInto[calls.Quote](ctx, "market", &calls.QuoteRequest{}, buf)
	cell.CallInto[calls.Quote](ctx, "market", &calls.QuoteRequest{}, buf, cell.WithTimeout(0))
	cell.CallInto[enums.Event](ctx, "venue", &enums.Feed{}, buf)
	Into[enums.Status](ctx, "venue", &enums.Feed{}, buf)
}

func Bad(ctx context.Context, buf *cell.Buffer, names []string) {
	cell.CallInto[calls.Quote](ctx, "markt", &calls.QuoteRequest{}, buf)  // want `unknown cell "markt": cell.lock has no such cell \(did you mean "market"\?\)`
	cell.CallInto[calls.Quote](ctx, names[0], &calls.QuoteRequest{}, buf) // want `cell name names\[0\] is not a constant: this call of CallInto cannot be checked`
	cell.CallInto[Ack](ctx, "market", &calls.QuoteRequest{}, buf)
	cell.CallInto[calls.Quote](ctx, "legacy", &calls.QuoteRequest{}, buf) // want `response type Quote is bound to market.Quote but sent to cell legacy` `QuoteRequest: no Rust type named QuoteRequest in cell legacy`
	cell.CallInto[enums.Event](ctx, "market", &calls.QuoteRequest{}, buf) // want `response type Event is bound to venue.Event but sent to cell market`
	cell.CallInto[Event](ctx, "venue", &enums.Feed{}, buf)
	cell.CallInto[cell.Enum[enums.EventVariants, [24]byte]](ctx, "venue", &enums.Feed{}, buf) // want `response type .*/cell.Enum\[example.com/app/enums.EventVariants, \[24\]byte\] is the runtime's, bound to no Rust type: declare an alias of it bound with //cell:type venue.TYPE`
	Into[calls.Quote](ctx, "markte", &calls.QuoteRequest{}, buf)                              // want `unknown cell "markte"`
}

// Into is a wrapper of cell.CallInto.
func Into[Resp, Req any](ctx context.Context, name string, req *Req, buf *cell.Buffer) (*Resp, error) { // want Into:`cellWrapper\(name=1 req=2 resp=0\)`
	return cell.CallInto[Resp](ctx, name, req, buf)
}
