// Package legacy binds types of a cell on rkyv 0.7, whose repr(Rust)
// layouts are predicted.
package legacy

//cell:type legacy.Tick
type Tick struct { // want Tick:"bound legacy.Tick"
	Price uint64
	Seq   uint16
	Flag  uint8
}

//cell:type legacy.Pinned
type Pinned struct { // want Pinned:"bound legacy.Pinned"
	Flag  uint8
	Price uint64
}
