// Package predicted binds Go types to Rust types whose archived layouts
// are predicted (rkyv 0.7 repr(Rust)) and to one that is not: with
// -cellvet.predicted the predicted ones are reported, without it nothing
// is (TestPredicted).
package predicted

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

//cell:type carry.Flags
type Flags struct { // want Flags:"bound carry.Flags" `^Flags: the layout of carry.Flags is predicted, not guaranteed$`
	A, B uint8
}

// Pinned's layout is computed (repr(C)): never reported.
//
//cell:type legacy.Pinned
type Pinned struct { // want Pinned:"bound legacy.Pinned"
	Flag  uint8
	Price uint64
}

// Order is bound by its name at the call.
type Order struct { // want `^Order: the layout of reorder.Order is predicted, not guaranteed$`
	O cell.Option[uint32]
	S cell.String
	V cell.Vec[uint16]
	A uint8
}

func Get(ctx context.Context) {
	cell.Call[Pinned](ctx, "legacy", &Pinned{})
	cell.Call[Order](ctx, "reorder", &Order{})
}
