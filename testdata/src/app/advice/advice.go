// Package advice holds Go types that Go cannot archive, or of the wrong
// kind, where the Rust type in the lock says exactly what Go type to use:
// each diagnostic carries the fix that writes it (advice.go.golden).
package advice

import "github.com/cellvet/cellvet/cell"

//cell:type market.Note
type Note struct { // want Note:`mismatch`
	Code   string // want `Note.Code: string does not match market.Note.code char: want cell.Char`
	Weight int16
	_      [2]byte
}

//cell:type market.Order
type Order struct { // want Order:`mismatch`
	ID    uint64
	Side  int // want `Order.Side: int does not match market.Order.side Side: want uint8`
	_     [3]byte
	Qty   int                  // want `Order.Qty: int does not match market.Order.qty u32: want uint32`
	Limit cell.Option[float32] // want `Order.Limit\[Option\]: float32 does not match market.Order.limit\[Option\] f64: want float64`
	Tags  []string             // want `Order.Tags: \[\]string does not match market.Order.tags Vec<String>: want cell.Vec\[cell.String\]`
	Note  cell.Box[Note]
	_     [4]byte
}
