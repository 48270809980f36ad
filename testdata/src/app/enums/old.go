package enums

import "github.com/cellvet/cellvet/cell"

// rkyv 0.7 drops explicit discriminants: the tags of oldvenue.Status are
// the variants' indices, so its variants struct needs no tag=N, and
// tags copied from the Rust source are wrong.
// OPEN binds to Open as field names bind: by their snake_case.
type OldStatusVariants struct {
	OPEN   Open
	Closed Closed
}

//cell:type oldvenue.Status
type OldStatus = cell.Enum[OldStatusVariants, [8]byte] // want OldStatus:"bound oldvenue.Status"

type CopiedStatusVariants struct {
	Open   Open   `cell:",tag=3"` // want `Copied\[Open\]: tag=3, cell.lock says 0 \(oldvenue.Status::Open\)`
	Closed Closed `cell:",tag=7"` // want `Copied\[Closed\]: tag=7, cell.lock says 1 \(oldvenue.Status::Closed\)`
}

//cell:type oldvenue.Status
type Copied = cell.Enum[CopiedStatusVariants, [8]byte] // want Copied:`mismatch`
