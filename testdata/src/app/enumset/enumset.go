// Package enumset holds fields tagged `cell:",enum=SET"`, the tags the
// runtime accepts for a fieldless enum: they must be the enum's tags in
// cell.lock, through options, vectors and arrays too.
package enumset

import "github.com/cellvet/cellvet/cell"

//cell:type tags.Reading
type Reading struct { // want Reading:`bound tags.Reading$`
	Level uint8              `cell:",enum=0-2"`
	Maybe cell.Option[uint8] `cell:",enum=0|1|2"`
	Many  cell.Vec[uint8]    `cell:",enum=0-2"`
	Pair  [2]uint8           `cell:",enum=0-2"`
	Code  uint8              `cell:",enum=3|7"`
	Count uint32
}

//cell:type tags.Reading
type Stale struct { // want Stale:`mismatch`
	Level uint8              `cell:",enum=0-1"` // want `Stale.Level: enum=0-1, cell.lock says 0-2 \(tags.Level\)`
	Maybe cell.Option[uint8] `cell:",enum=0-2"`
	Many  cell.Vec[uint8]
	Pair  [2]uint8
	Code  uint8  `cell:"code,enum=3-7"` // want `Stale.Code: enum=3-7, cell.lock says 3\|7 \(tags.Code\)`
	Count uint32 `cell:",enum=0-9"`     // want `Stale.Count: enum=0-9 marks a fieldless enum's tag, but tags.Reading.count is u32`
}

// Use makes the package a user of the runtime.
var Use = cell.Some[uint8]
