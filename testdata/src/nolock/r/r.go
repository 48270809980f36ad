// Package r is checked with -cellvet.lock=locks, a directory: the lock
// cannot be read, which is reported once, at the first use.
package r

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

type Quote struct{ Bid float64 }

//cell:fp market
const MarketFP = 0x97842ea5bd9a9c89 // want `^cell.lock cannot be read: .*locks: is a directory$`

func Get(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &Quote{})
	cell.Expect("market", MarketFP)
}
