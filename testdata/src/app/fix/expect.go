package fix

import "github.com/cellvet/cellvet/cell"

// legacyFP is stale: the fix at its use rewrites it here.
const legacyFP = 0x1

//cell:fp market
const MarketDigest = "0000000000000000000000000000000000000000000000000000000000000000" // want `MarketDigest: digest 0{64} is stale`

func init() {
	cell.Expect("legacy", 0x2)                  // want `cell.Expect: fingerprint 0000000000000002 is stale`
	cell.Expect("legacy", legacyFP)             // want `cell.Expect: fingerprint 0000000000000001 is stale`
	cell.ExpectDigest("legacy", "not a digest") // want `cell.ExpectDigest: "not a digest" is not a digest`
	cell.ExpectDigest("market", MarketDigest)   // reported at MarketDigest
}
