// Package p calls a cell while the module's cell.lock is corrupt.
package p

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

type Quote struct{ Bid float64 }

func Get(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &Quote{}) // want `cell.lock is invalid, nothing can be checked: .*cell.lock:\d+:\d+: .*fingerprint`
}
