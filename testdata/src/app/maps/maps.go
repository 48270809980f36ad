// Package maps binds a type with maps and sets, which the runtime does
// not carry: one diagnostic per field, whatever its Go type.
package maps

import "github.com/cellvet/cellvet/cell"

//cell:type venue.Book
type Book struct { // want Book:`bound venue.Book \(mismatch\)`
	ID     uint32
	Levels [12]byte                    // want `Book.Levels: venue.Book.levels is a HashMap<u32,u64>: the cell runtime carries no maps or sets`
	Names  cell.Vec[uint32]            // want `Book.Names: venue.Book.names is a BTreeMap<String,u32>: the cell runtime carries no maps or sets`
	Seen   [12]byte                    // want `Book.Seen: venue.Book.seen is a HashSet<u64>`
	Tags   cell.Vec[map[uint32]uint32] // want `Book.Tags\[Vec\]: venue.Book.tags\[Vec\] is a BTreeSet<u32>`
}
