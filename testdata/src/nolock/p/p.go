// Package p calls a cell in a module that has no cell.lock.
package p

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

type Quote struct{ Bid float64 }

func Get(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &Quote{}) // want `no cell.lock at .*nolock/cell.lock: pin the cells this package calls with "cellvet add NAME --schema SCHEMA.rs"`
}
