// Package carry holds Go types that mirror their Rust types as the lock
// says but that the runtime would refuse, or could not carry, at the first
// call: the vet pass reports them, so that vet clean never means "fails
// on the first call".
package carry

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

// Pairs: rkyv 0.7 walks a tuple's elements last to first, so a tuple with
// two elements holding out-of-line data is not carried; one is.
//
//cell:type carry.Pairs
type Pairs struct { // want Pairs:`mismatch`
	Both [16]byte // want `^Pairs.Both: carry.Pairs.both is an rkyv 0.7 tuple \(String,Vec<u16>\) with 2 elements holding out-of-line data, which the cell runtime does not carry$`
	ID   uint32
	One  [12]byte
}

// Unit is the type of both unit variants of Light: the runtime tells
// variants apart by type and refuses the cell.Enum.
type Unit struct {
	Tag uint8 `cell:",tag"`
	_   [1]byte
}

type Green struct {
	Tag   uint8 `cell:",tag"`
	Level uint8
}

type LightVariants struct {
	Red   Unit
	Green Green
	Off   Unit // want `^Light\[Off\]: the variant has the type of variant Red \(Unit\), and cell.Variant tells variants apart by type$`
}

//cell:type carry.Light
type Light = cell.Enum[LightVariants, [2]byte] // want Light:`mismatch`

// Huge mirrors carry.Huge exactly, but no frame carries it.
type Huge struct { // want `^Huge: 16777224 bytes, over the runtime's 16777216-byte \(16 MiB\) frame limit for a message$`
	Data [16777220]byte
	N    uint32
}

// Flags: the runtime refuses tag=N outside a variants struct and decl=N on
// padding; so does the pass, with the runtime's words.
//
//cell:type carry.Flags
type Flags struct { // want Flags:`mismatch`
	_ [0]byte `cell:",decl=0"` // want `^Flags._: a _ field of Flags is padding, not a Rust field: it takes no decl=N or enum=SET$`
	A uint8   `cell:",tag=1"`  // want `^Flags.A: tag=N is for the fields of a cell.Enum's variants struct, not for a field of Flags$`
	B uint8
}

func Get(ctx context.Context) {
	cell.Call[Huge](ctx, "carry", &Flags{})
	cell.Call[Huge](ctx, "carry", &Pairs{})
}
