package fix

import (
	"example.com/app/enums"
	"github.com/cellvet/cellvet/cell"
)

// StatusVariants lacks the tags of venue.Status's explicit discriminants
// (rkyv 0.8 keeps them): the fix tags the fields.
type StatusVariants struct {
	Open   enums.Open   // want `Status\[Open\]: tag 3 \(an explicit discriminant\), not the field's index 0`
	Closed enums.Closed `json:"c" cell:"Closed,tag=8"` // want `Status\[Closed\]: tag=8, cell.lock says 7`
}

//cell:type venue.Status
type Status = cell.Enum[StatusVariants, [8]byte] // want Status:`mismatch`
