// Package wrap holds functions that forward a cell name and a message to
// cell.Call: calls of them are checked like calls of cell.Call.
package wrap

import (
	"context"
	"time"

	"example.com/app/calls"
	"github.com/cellvet/cellvet/cell"
)

// Call is a generic wrapper: both message types are its type parameters.
func Call[Resp, Req any](ctx context.Context, name string, req *Req) (*Resp, error) { // want Call:`cellWrapper\(name=1 req=2 resp=0\)`
	return cell.Call[Resp](ctx, name, req, cell.WithTimeout(time.Second))
}

// Quote is a concrete wrapper: the types come from its signature.
func Quote(ctx context.Context, name string, req *calls.QuoteRequest) (*calls.Quote, error) { // want Quote:`cellWrapper\(name=1 req=2 resp=0\)`
	return cell.Call[calls.Quote](ctx, name, req)
}

// Retry wraps a wrapper.
func Retry[Resp, Req any](ctx context.Context, req *Req, name string) (*Resp, error) { // want Retry:`cellWrapper\(name=2 req=1 resp=0\)`
	r, err := Call[Resp](ctx, name, req)
	if err != nil {
		return Call[Resp](ctx, name, req)
	}
	return r, nil
}

// Send hides the response type: it is a type parameter only.
func Send[Resp, Req any](ctx context.Context, name string, req *Req) error { // want Send:`cellWrapper\(name=1 req=2 respT=0\)`
	_, err := cell.Call[Resp](ctx, name, req)
	return err
}

// Client carries the cell name in a field: not a parameter, so its calls
// are not wrappers and the name must be reported.
type Client struct{ Name string }

func (c *Client) Get(ctx context.Context, req *calls.QuoteRequest) (*calls.Quote, error) {
	return cell.Call[calls.Quote](ctx, c.Name, req) // want `cell name c.Name is not a constant`
}
