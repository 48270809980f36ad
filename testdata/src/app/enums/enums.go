// Package enums mirrors the enums with fields of cell venue with
// cell.Enum: a variants struct with one field per variant, in order, each
// the variant's struct, and a byte array of the enum's size.
package enums

import "github.com/cellvet/cellvet/cell"

//cell:type venue.Event::Fill
type Fill struct { // want Fill:"bound venue.Event::Fill"
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Order uint64
	Qty   uint32
	_     [4]byte
}

// Cancel is bound by its place in EventVariants, and checked there.
type Cancel struct {
	Tag   uint8 `cell:",tag"`
	_     [7]byte
	Order uint64 `cell:"0"`
	_     [8]byte
}

// Halt has no fields; the [2]uint64 gives it the enum's alignment.
type Halt struct {
	Tag uint8 `cell:",tag"`
	_   [7]byte
	_   [2]uint64
}

type EventVariants struct {
	Fill   Fill
	Cancel Cancel
	Halt   Halt
}

//cell:type venue.Event
type Event = cell.Enum[EventVariants, [24]byte] // want Event:"bound venue.Event"

type Open struct {
	Tag   uint8 `cell:",tag"`
	_     [3]byte
	Since uint32
}

type Closed struct {
	Tag uint8 `cell:",tag"`
	_   [3]byte
	_   [0]uint32
	_   [4]byte
}

// StatusVariants carries Status's explicit discriminants (rkyv 0.8 keeps
// them as the tags).
type StatusVariants struct {
	Open   Open   `cell:",tag=3"`
	Closed Closed `cell:"Closed,tag=7"`
}

//cell:type venue.Status
type Status = cell.Enum[StatusVariants, [8]byte] // want Status:"bound venue.Status"

// Feed holds the enums by value, in an Option and in a Vec, once without
// an alias.
//
//cell:type venue.Feed
type Feed struct { // want Feed:"bound venue.Feed"
	Last    Event
	Next    cell.Option[Event]
	History cell.Vec[Event]
	Status  cell.Enum[StatusVariants, [8]byte]
	Mark    cell.Char
	Marks   cell.Vec[cell.Char]
	Code    uint32
}
