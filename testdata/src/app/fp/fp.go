// Package fp holds fingerprint constants.
package fp

//cell:fp market
const Market = 0x4282be98d84a0d71

//cell:fp market
const MarketText = "4282be98d84a0d71"

//cell:fp legacy
const Legacy = 0x0123456789abcdef // want `Legacy: fingerprint 0123456789abcdef is stale: cell.lock has 88f6a15e82ecd61a for cell legacy`

//cell:fp legacy
const LegacyText = "0123456789abcdef" // want `LegacyText: fingerprint 0123456789abcdef is stale`

//cell:fp nosuch
const Nosuch = 1 // want `unknown cell "nosuch"`

// want +2 `//cell:fp belongs on the declaration of one constant`
//
//cell:fp market
var NotConst = 1

//cell:fp market
const Float = 1.5 // want `Float: a //cell:fp constant is a string or an integer, not Float`
