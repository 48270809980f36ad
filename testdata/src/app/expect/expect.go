// Package expect holds calls of cell.Expect and cell.ExpectDigest: with
// constant arguments they are checked against cell.lock.
package expect

import (
	"example.com/app/fp"
	"github.com/cellvet/cellvet/cell"
)

//cell:fp market
const MarketFP = 0x4282be98d84a0d71

//cell:fp legacy
const LegacyFP = 0x0123456789abcdef // want `LegacyFP: fingerprint 0123456789abcdef is stale: cell.lock has 88f6a15e82ecd61a for cell legacy`

//cell:fp market
const MarketDigest = "4282be98d84a0d71633ed8cdc53336b6e196cf4c15b73ce4be484242d560da15"

//cell:fp legacy
const LegacyDigest = "0000000000000000000000000000000000000000000000000000000000000000" // want `LegacyDigest: digest 0{64} is stale: cell.lock has 88f6a15e82ecd61a401a9fe11b48b041e5835d46452114c01118185078d809a0 for cell legacy`

const plainFP = 0x4282be98d84a0d71

func name() string { return "market" }

func init() {
	cell.Expect("market", MarketFP)
	cell.Expect("market", 0x4282be98d84a0d71)
	cell.Expect("market", plainFP)
	cell.Expect("market", fp.Market)
	cell.Expect("legacy", LegacyFP)     // reported at LegacyFP
	cell.Expect(name(), 1)              // known at run time only
	cell.Expect("legacy", MarketFP)     // want `cell.Expect: fingerprint 4282be98d84a0d71 is stale: cell.lock has 88f6a15e82ecd61a for cell legacy`
	cell.Expect("legacy", fp.Market)    // want `cell.Expect: fingerprint 4282be98d84a0d71 is stale`
	cell.Expect("markt", MarketFP)      // want `unknown cell "markt": cell.lock has no such cell \(did you mean "market"\?\)`
	cell.Expect("legacy", uint64(1<<8)) // want `cell.Expect: fingerprint 0000000000000100 is stale`

	cell.ExpectDigest("market", MarketDigest)
	cell.ExpectDigest("market", "4282BE98D84A0D71633ED8CDC53336B6E196CF4C15B73CE4BE484242D560DA15")
	cell.ExpectDigest("legacy", LegacyDigest)       // reported at LegacyDigest
	cell.ExpectDigest("venue", MarketDigest)        // want `cell.ExpectDigest: digest 4282be98d84a0d71633ed8cdc53336b6e196cf4c15b73ce4be484242d560da15 is stale: cell.lock has bfb680fa8dafd08f3830850111c29dd3e80632d850befcdf3e7791e8261fff8f for cell venue`
	cell.ExpectDigest("market", "4282be98d84a0d71") // want `cell.ExpectDigest: "4282be98d84a0d71" is not a digest \(64 hex digits\): cell.lock has 4282be98d84a0d71633ed8cdc53336b6e196cf4c15b73ce4be484242d560da15 for cell market`
	cell.ExpectDigest("nosuch", MarketDigest)       // want `unknown cell "nosuch"`
}
