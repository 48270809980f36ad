// Package serve holds calls of cell.Serve, checked like calls of
// cell.Call: the request and response types of the handler (a function
// literal or a named function) against the cell that the cell.WithCanon
// option names; and wrappers of cell.Serve, checked at their calls.
package serve

import (
	"context"
	"net"

	"example.com/app/calls"
	"github.com/cellvet/cellvet/cell"
)

var canon []byte

// Ack is bound by its name, as the response of a handler served as market;
// its second field is too wide.
type Ack struct {
	N  uint64 `cell:"0"`
	OK uint32 `cell:"1"` // want `Ack.OK: uint32 does not match market.Ack.1 bool: want bool`
}

// Note is bound by its name, as the response of a handler served through
// the wrapper Run only.
type Note struct {
	Code   cell.Char
	Weight int32 // want `Note.Weight: int32 does not match market.Note.weight i16: want int16`
}

// Tick is the response type of Typed's only call: market has no such type.
type Tick struct{ Seq uint16 } // want `Tick: no Rust type named Tick in cell market; bind it with //cell:type market.TYPE`

func quote(ctx context.Context, r *calls.QuoteRequest) (*calls.Quote, error) { return nil, nil }

func note(ctx context.Context, r *calls.QuoteRequest) (*Note, error) { return nil, nil }

func Direct(ctx context.Context, l net.Listener, names []string, opts []cell.ServeOption, s *cell.Schema) {
	cell.Serve(ctx, l, func(ctx context.Context, r *calls.QuoteRequest) (*Ack, error) { return nil, nil }, cell.WithCanon("market", canon))
	cell.Serve(ctx, l, func(ctx context.Context, r *Tick) (*Ack, error) { cell.WithCanon("legacy", canon); return nil, nil }) // a WithCanon in the handler names no cell
	cell.Serve(ctx, l, quote, append([]cell.ServeOption{cell.WithCanon("market", canon)}, opts...)...)
	cell.Serve(ctx, l, quote, cell.WithCanon("legacy", canon)) // want `response type Quote is bound to market.Quote but served as cell legacy` `QuoteRequest: no Rust type named QuoteRequest in cell legacy`
	cell.Serve(ctx, l, quote, cell.WithCanon("markt", canon))  // want `unknown cell "markt"`
	cell.Serve(ctx, l, quote, cell.WithCanon(names[0], canon)) // want `cell name names\[0\] is not a constant: this call of Serve cannot be checked`
	cell.Serve(ctx, l, note, cell.WithSchema(s))               // no cell.WithCanon: the cell is unknown, nothing is checked
}

// Run is a wrapper of cell.Serve: it forwards the cell name and the handler.
func Run[Req, Resp any](ctx context.Context, l net.Listener, name string, h func(context.Context, *Req) (*Resp, error)) error { // want Run:`cellWrapper\(name=2 handler=3 serve\)`
	return cell.Serve(ctx, l, h, cell.WithCanon(name, canon), cell.WithMaxConns(4))
}

// Again wraps the wrapper, with a concrete handler type.
func Again(ctx context.Context, name string, l net.Listener, h func(context.Context, *calls.QuoteRequest) (*calls.Quote, error)) error { // want Again:`cellWrapper\(name=1 handler=3 serve\)`
	return Run(ctx, l, name, h)
}

// Typed serves a handler of its own: the message types are its type
// parameters.
func Typed[Req, Resp any](ctx context.Context, l net.Listener, name string) error { // want Typed:`cellWrapper\(name=2 reqT=0 respT=1 serve\)`
	return cell.Serve(ctx, l, func(context.Context, *Req) (*Resp, error) { return nil, nil }, cell.WithCanon(name, canon))
}

func Wrapped(ctx context.Context, l net.Listener) {
	Run(ctx, l, "market", note)
	Run(ctx, l, "markte", quote)   // want `unknown cell "markte"`
	Again(ctx, "legacy", l, quote) // want `response type Quote is bound to market.Quote but served as cell legacy`
	Typed[calls.QuoteRequest, Tick](ctx, l, "market")
	Typed[calls.QuoteRequest, calls.Quote](ctx, l, "market")
}
