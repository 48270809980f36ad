// Package p uses a cell in every way the pass checks, in a module that has
// no cell.lock: the missing lock is reported once, at the first use.
package p

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

//cell:type market.Side
type Side uint8 // want Side:`bound market.Side` `^no cell.lock at .*nolock/cell.lock$`

const (
	Buy  Side = 0
	Sell Side = 1
)

//cell:fp market
const MarketFP = 0x97842ea5bd9a9c89

type Quote struct{ Bid float64 }

type QuoteRequest struct{ Depth uint16 }

func init() { cell.Expect("market", MarketFP) }

func Get(ctx context.Context) {
	cell.Call[Quote](ctx, "market", &QuoteRequest{})
	cell.Call[Quote](ctx, "legacy", &Quote{})
}
