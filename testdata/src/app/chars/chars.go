// Package chars mirrors Rust chars: cell.Char, or as before rune and
// uint32 (same bytes, not validated); enums with fields as byte arrays.
package chars

import "github.com/cellvet/cellvet/cell"

//cell:type market.Note
type Note struct { // want Note:"bound market.Note"
	Code   cell.Char
	Weight int16
	_      [2]byte
}

//cell:type market.Note
type RuneNote struct { // want RuneNote:"bound market.Note"
	Code   rune
	Weight int16
	_      [2]byte
}

//cell:type market.Note
type WideNote struct { // want WideNote:`bound market.Note \(mismatch\)`
	Code   uint64 // want `WideNote.Code: uint64 does not match market.Note.code char: want cell.Char`
	Weight int16
}

// Feed reads its enums as bytes (accepted as before cell.Enum; the
// [0]uint64 gives it their alignment), and has a cell.Char where Rust has
// a u32.
//
//cell:type venue.Feed
type Feed struct { // want Feed:`bound venue.Feed \(mismatch\)`
	_       [0]uint64
	Last    [24]byte
	Next    [32]byte
	History cell.Vec[[24]byte]
	Status  [8]byte
	Mark    uint32
	Marks   cell.Vec[cell.Char]
	Code    cell.Char // want `Feed.Code: cell.Char does not match venue.Feed.code u32: want uint32`
}
