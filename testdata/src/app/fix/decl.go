package fix

import (
	"example.com/app/decl"
	"github.com/cellvet/cellvet/cell"
)

// DeclFill has no decl tags: the fix tags every field but _, keeping
// its names, options and other keys.
//
//cell:type reorder.Fill
type DeclFill struct { // want DeclFill:`mismatch` `DeclFill: fields holding out-of-line data are archived out of declaration order`
	Leg  decl.Leg
	Note cell.String `json:"note" cell:"note"`
	Qty  uint32      // the quantity
	Flag uint8
	_    [3]byte
}

//cell:type reorder.Fill
type WrongDecl struct { // want WrongDecl:`mismatch`
	Leg  decl.Leg    `cell:",decl=0"`     // want `WrongDecl.Leg: decl=0, cell.lock says 2`
	Note cell.String `cell:"note,decl=2"` // want `WrongDecl.Note: decl=2, cell.lock says 0`
	Qty  uint32      `cell:",decl=1" x:"y"`
	Flag uint8       `cell:",decl=3"`
}

//cell:type reorder.Fill
type PartialDecl struct { // want PartialDecl:`mismatch` `PartialDecl: decl tags on some fields only \(none on Note, Flag\)`
	Leg  decl.Leg `cell:",decl=2"`
	Note cell.String
	Qty  uint32 `cell:",decl=1"`
	Flag uint8
}

//cell:type reorder.Pair
type DeclPair struct { // want DeclPair:`mismatch` `DeclPair: fields holding out-of-line data`
	Leg   decl.Leg        `cell:"1"`
	Bytes cell.Vec[uint8] `cell:"0"`
}

//cell:type reorder.Batch
type DeclBatch struct { // want DeclBatch:`mismatch`
	Fill struct { // want `DeclBatch.Fill: fields holding out-of-line data`
		Leg  decl.Leg
		Note cell.String
		Qty  uint32
		Flag uint8
	}
	ID uint32
}

// DeclOrder has its fields in declaration order, not the archived one,
// and no decl tags: the layout fix reorders the fields; the decl fix,
// whose edits it would overlap, comes on the next run.
//
//cell:type reorder.Fill
type DeclOrder struct { // want DeclOrder:`mismatch` `DeclOrder: fields holding out-of-line data`
	Note cell.String // want `DeclOrder: fields out of order: cell.lock has Leg, Note, Qty, Flag \(reorder.Fill\)`
	Qty  uint32
	Leg  decl.Leg
	Flag uint8
}
