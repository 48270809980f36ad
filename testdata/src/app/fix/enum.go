package fix

import "github.com/cellvet/cellvet/cell"

type Open struct {
	Tag   uint8 `cell:",tag"`
	_     [3]byte
	Since uint32
}

type Closed struct {
	Tag uint8 `cell:",tag"`
	_   [3]byte
	_   [0]uint32
	_   [4]byte
}

// StatusVariants lacks the tags of venue.Status's explicit discriminants
// (rkyv 0.8 keeps them): the fix tags the fields.
type StatusVariants struct {
	Open   Open                                // want `Status\[Open\]: the tag of venue.Status::Open is 3, not its index 0`
	Closed Closed `json:"c" cell:"Closed,tag=8"` // want `Status\[Closed\]: tag=8, cell.lock says 7`
}

//cell:type venue.Status
type Status = cell.Enum[StatusVariants, [8]byte] // want Status:`mismatch`
