// Package nested holds types that embed a bound type with a mismatch: the
// mismatch is reported once, at the bound type, not again at every type
// holding it (nor does it move their fields).
package nested

import (
	"example.com/app/chars"
	"github.com/cellvet/cellvet/cell"
)

//cell:type market.Note
type BadNote struct { // want BadNote:`mismatch`
	Code   uint16 // want `BadNote.Code: uint16 does not match market.Note.code char: want cell.Char`
	Weight int16
}

// Fill holds BadNote by value.
//
//cell:type market.Fill
type Fill struct { // want Fill:"bound market.Fill"
	Order uint64
	Price struct {
		A uint32
		_ [4]byte
		B float64
	}
	_      [8]byte
	Serial [2]uint64
	Venues [12]byte
	Note   BadNote
	Flag   uint8
	_      [11]byte
}

// WideFill holds chars.WideNote, whose mismatch is reported in package
// chars.
//
//cell:type market.Fill
type WideFill struct { // want WideFill:"bound market.Fill"
	Order uint64
	Price struct {
		A uint32
		_ [4]byte
		B float64
	}
	_      [8]byte
	Serial [2]uint64
	Venues [12]byte
	Note   chars.WideNote
	Flag   uint8
	_      [11]byte
}

// Order holds BadNote in a Box.
//
//cell:type market.Order
type Order struct { // want Order:"bound market.Order"
	ID    uint64
	Side  uint8
	_     [3]byte
	Qty   uint32
	Limit cell.Option[float64]
	Tags  cell.Vec[cell.String]
	Note  cell.Box[BadNote]
	_     [4]byte
}
