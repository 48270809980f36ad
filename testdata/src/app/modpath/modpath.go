// Package modpath binds types of a cell pinned from a crate
// (testdata/oracle/fixtures/v08/crossfile): its three Packet types live in
// three modules and are named by module path, and a variant is written
// after that path.
package modpath

import "github.com/cellvet/cellvet/cell"

//cell:type crossfile.Stamp
type Stamp struct { // want Stamp:"bound crossfile.Stamp"
	Sec     int32
	Nanosec uint32
}

//cell:type crossfile.wire::Packet
type Wire struct { // want Wire:"bound crossfile.wire::Packet"
	At    Stamp
	Len   uint32
	Inner [12]byte
	Body  cell.Vec[uint8]
}

//cell:type crossfile.control::Packet::Go
type Go struct { // want Go:"bound crossfile.control::Packet::Go"
	Tag uint8 `cell:",tag"`
	A   uint8 `cell:"0"`
	_   [2]byte
	At  Stamp `cell:"1"`
}

//cell:type crossfile.net::client::Packet::Hello
type Hello struct { // want Hello:`bound crossfile.net::client::Packet::Hello \(mismatch\)`
	Tag     uint8  `cell:",tag"`
	Version uint32 // want `Hello.Version: uint32 does not match crossfile.net::client::Packet::Hello.version u16: want uint16`
	_       [4]byte
}

//cell:type crossfile.Packet
type Ambiguous struct{} // want Ambiguous:`bound crossfile.Packet \(mismatch\)` `Ambiguous: cell crossfile has no type Packet; several modules define one, each named by its path: control::Packet, net::client::Packet, wire::Packet`
