package chars

import "github.com/cellvet/cellvet/cell"

// A Box<str> is a relative pointer and a byte length, without String's
// inline form: it is read as a cell.Vec[uint8].

//cell:type venue.Label
type Label struct { // want Label:"bound venue.Label"
	Text cell.Vec[uint8]
	Alt  cell.String
}

//cell:type venue.Label
type StringLabel struct { // want StringLabel:`bound venue.Label \(mismatch\)`
	Text cell.String // want `StringLabel.Text: cell.String does not match venue.Label.text Box<str>: want cell.Vec\[uint8\]`
	Alt  cell.String
}
