// Package p uses a cell in every way the pass checks while the module's
// cell.lock is corrupt: that is reported once, at the first use.
package p

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

type Quote struct{ Bid float64 }

func Get(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &Quote{}) // want `^cell.lock is invalid, nothing can be checked: .*cell.lock:\d+:\d+: .*fingerprint`
	cell.Call[Quote](ctx, "legacy", &Quote{})
}

//cell:type market.Side
type Side uint8 // want Side:`bound market.Side`

const Sell Side = 1

//cell:fp market
const MarketFP = 0x97842ea5bd9a9c89

func init() { cell.Expect("market", MarketFP) }
