// Package arch holds types whose layout depends on the target: the checks
// use the target's sizes (see arch_amd64.go and arch_386.go).
package arch

//cell:type market.Ack
type Ack struct { // want Ack:`bound market.Ack.*`
	N  uint64 `cell:"0"`
	OK bool   `cell:"1"`
	_  [7]byte
}
