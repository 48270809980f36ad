// Package decl binds the structs of cell reorder (rkyv 0.7, not strict),
// which rustc reorders: where two fields holding out-of-line data are
// archived out of declaration order, every field needs `cell:",decl=N"`.
package decl

import "github.com/cellvet/cellvet/cell"

// Order is reordered (o, s, v, a), but its out-of-line fields s and v
// keep their declaration order and o holds none: no tags needed.
//
//cell:type reorder.Order
type Order struct { // want Order:"bound reorder.Order" `Order: warning: the layout of reorder.Order is predicted`
	O cell.Option[uint32]
	S cell.String
	V cell.Vec[uint16]
	A uint8
}

// Tags that are right are accepted where order does not matter too.
//
//cell:type reorder.Order
type TaggedOrder struct { // want TaggedOrder:"bound reorder.Order" `TaggedOrder: warning`
	O cell.Option[uint32] `cell:"o,decl=3"`
	S cell.String         `cell:",decl=1"`
	V cell.Vec[uint16]    `cell:",decl=2"`
	A uint8               `cell:",decl=0"`
}

// Leg keeps its declaration order.
//
//cell:type reorder.Leg
type Leg struct { // want Leg:"bound reorder.Leg" `Leg: warning`
	Price uint64
	Venue cell.String
}

// Fill is archived leg, note, qty, flag; declared note, qty, leg, flag.
//
//cell:type reorder.Fill
type Fill struct { // want Fill:"bound reorder.Fill" `Fill: warning`
	Leg  Leg         `cell:",decl=2"`
	Note cell.String `cell:"note,decl=0"`
	Qty  uint32      `json:"qty" cell:",decl=1"`
	Flag uint8       `cell:",decl=3"`
	_    [3]byte
}

//cell:type reorder.Fill
type Untagged struct { // want Untagged:`mismatch` `Untagged: fields holding out-of-line data are archived out of declaration order \(leg is archived before note, which is declared before it: rkyv 0.7 repr\(Rust\)\); tag every field` `Untagged: warning`
	Leg  Leg
	Note cell.String
	Qty  uint32
	Flag uint8
}

//cell:type reorder.Fill
type Wrong struct { // want Wrong:`mismatch` `Wrong: warning`
	Leg  Leg         `cell:",decl=0"` // want `Wrong.Leg: decl=0, cell.lock says 2 \(reorder.Fill.leg\)`
	Note cell.String `cell:",decl=2"` // want `Wrong.Note: decl=2, cell.lock says 0 \(reorder.Fill.note\)`
	Qty  uint32      `cell:",decl=1"`
	Flag uint8       `cell:",decl=3"`
}

//cell:type reorder.Fill
type Partial struct { // want Partial:`mismatch` `Partial: decl tags on some fields only \(none on Qty, Flag\)` `Partial: warning`
	Leg  Leg         `cell:",decl=2"`
	Note cell.String `cell:",decl=0"`
	Qty  uint32
	Flag uint8
}

// Partial tags are wrong even where order would not matter: the runtime
// then orders by decl.
//
//cell:type reorder.Order
type PartialOrder struct { // want PartialOrder:`mismatch` `PartialOrder: decl tags on some fields only \(none on O, V, A\)` `PartialOrder: warning`
	O cell.Option[uint32]
	S cell.String `cell:",decl=1"`
	V cell.Vec[uint16]
	A uint8
}

//cell:type reorder.Leg
type Unparsed struct { // want Unparsed:`mismatch` `Unparsed: warning`
	Price uint64      `cell:",decl=0"`
	Venue cell.String `cell:",decl=one"` // want `Unparsed.Venue: decl=one is not a decimal field index`
}

// A misspelt option: the runtime refuses the tag, so the vet pass does.
//
//cell:type reorder.Leg
type Misspelt struct { // want Misspelt:`mismatch` `Misspelt: warning`
	Price uint64
	Venue cell.String `cell:"venue,dec=1"` // want `Misspelt.Venue: unknown option "dec=1" in struct tag "venue,dec=1" \(the runtime knows tag, tag=N, decl=N and enum=SET\)`
}

// A tuple struct: its fields bind by their tagged names, or in order
// when the tag has none.
//
//cell:type reorder.Pair
type Pair struct { // want Pair:"bound reorder.Pair" `Pair: warning`
	Leg   Leg             `cell:"1,decl=1"`
	Bytes cell.Vec[uint8] `cell:"0,decl=0"`
}

//cell:type reorder.Pair
type UntaggedPair struct { // want UntaggedPair:`mismatch` `UntaggedPair: fields holding out-of-line data are archived out of declaration order \(1 is archived before 0, which is declared before it` `UntaggedPair: warning`
	Leg   Leg             `cell:"1"`
	Bytes cell.Vec[uint8] `cell:"0"`
}

// Batch holds a Fill by value: a bound Fill is checked at its own
// declaration, an unbound mirror here.
//
//cell:type reorder.Batch
type Batch struct { // want Batch:"bound reorder.Batch" `Batch: warning`
	Fill Fill
	ID   uint32
}

//cell:type reorder.Batch
type InlineBatch struct { // want InlineBatch:`mismatch` `InlineBatch: warning`
	Fill struct { // want `InlineBatch.Fill: fields holding out-of-line data are archived out of declaration order \(leg is archived before note`
		Leg  Leg
		Note cell.String
		Qty  uint32
		Flag uint8
	}
	ID uint32
}

// Fields whose types hold out-of-line data further down: an enum with a
// String variant (here as its bytes), an array and an option of Legs.
//
//cell:type reorder.Mark
type Mark struct { // want Mark:`mismatch` `Mark: fields holding out-of-line data are archived out of declaration order \(kind is archived before note` `Mark: warning`
	_    [0]uint64 // the enum's alignment
	Kind [16]byte
	Note cell.String
}

//cell:type reorder.Slot
type Slot struct { // want Slot:`mismatch` `Slot: fields holding out-of-line data are archived out of declaration order \(legs is archived before note` `Slot: warning`
	Legs [2]Leg
	Note cell.String
}

//cell:type reorder.Maybe
type Maybe struct { // want Maybe:`mismatch` `Maybe: fields holding out-of-line data are archived out of declaration order \(leg is archived before note` `Maybe: warning`
	Leg  cell.Option[Leg]
	Note cell.String
}

// Fixed-size fields moved before note do not matter.
//
//cell:type reorder.Fixed
type Fixed struct { // want Fixed:"bound reorder.Fixed" `Fixed: warning`
	Codes [2]uint64
	Note  cell.String
	When  uint64
}
