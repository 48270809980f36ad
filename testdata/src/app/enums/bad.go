package enums

import "github.com/cellvet/cellvet/cell"

// The storage is too small.
//
//cell:type venue.Event
type Short = cell.Enum[EventVariants, [16]byte] // want Short:`mismatch` `Short: cell.Enum's storage \[16\]byte, cell.lock says 24 bytes \(venue.Event\): want cell.Enum\[EventVariants, \[24\]byte\]`

type SwappedVariants struct { // want `Swapped: variants in the order Cancel, Fill, Halt; venue.Event declares Fill, Cancel, Halt`
	Cancel Cancel
	Fill   Fill
	Halt   Halt
}

//cell:type venue.Event
type Swapped = cell.Enum[SwappedVariants, [24]byte] // want Swapped:`mismatch`

type PartialVariants struct { // want `Partial: no field for the variant venue.Event::Halt`
	Fill   Fill
	Cancel Cancel
	Stop   Halt // want `Partial\[Stop\]: venue.Event has no variant Stop \(it has Fill, Cancel, Halt\)`
}

//cell:type venue.Event
type Partial = cell.Enum[PartialVariants, [24]byte] // want Partial:`mismatch`

// BadCancel has no tag and its field at offset 0.
type BadCancel struct {
	Order uint64 `cell:"0"`
}

type WrongVariants struct {
	Fill   Fill
	Cancel BadCancel // want `Wrong\[Cancel\]: no tag field: a struct bound to the variant venue.Event::Cancel starts with its u8 tag` `Wrong\[Cancel\]: size 8, cell.lock says 24 \(venue.Event::Cancel\)`
	Halt   Fill      // want `Wrong\[Halt\]: Fill is bound to venue.Event::Fill, not venue.Event::Halt`
}

//cell:type venue.Event
type Wrong = cell.Enum[WrongVariants, [24]byte] // want Wrong:`mismatch`

type UntaggedStatusVariants struct {
	Open   Open   // want `Untagged\[Open\]: tag 3 \(an explicit discriminant\), not the field's index 0 \(venue.Status::Open\)`
	Closed Closed `cell:",tag=8"` // want `Untagged\[Closed\]: tag=8, cell.lock says 7 \(venue.Status::Closed\)`
}

//cell:type venue.Status
type Untagged = cell.Enum[UntaggedStatusVariants, [8]byte] // want Untagged:`mismatch`

type BadTagVariants struct {
	Open   Open   `cell:",tag=three"`  // want `BadTag\[Open\]: tag=three is not a decimal tag value`
	Closed Closed `cell:",tag=7,wide"` // want `BadTag\[Closed\]: unknown option "wide" in a field of cell.Enum's variants struct`
}

//cell:type venue.Status
type BadTag = cell.Enum[BadTagVariants, [8]byte] // want BadTag:`mismatch`

// A defined type over cell.Enum is a struct to the runtime.
type DefinedEvent cell.Enum[EventVariants, [24]byte]

// Fields of the wrong kinds.
//
//cell:type venue.Feed
type BadFeed struct { // want BadFeed:`mismatch`
	Last    DefinedEvent           // want `BadFeed.Last: DefinedEvent is a defined type over cell.Enum, which the runtime does not take for one: want an alias of cell.Enum`
	Next    cell.Option[[3]uint64] // want `BadFeed.Next\[Option\]: \[3\]uint64 does not match venue.Feed.next\[Option\] Event, an enum with fields: want cell.Enum\[V, \[24\]byte\] or \[24\]byte`
	History cell.Vec[Status]       // want `BadFeed.History\[Vec\]: Status is bound to venue.Status, not venue.Event`
	Status  Status
	Mark    cell.Enum[struct{}, [4]byte] // want `BadFeed.Mark: cell.Enum does not match venue.Feed.mark char: want cell.Char`
	Marks   cell.Vec[cell.Char]
	Code    uint32
}

// Bindings of the whole enum to something else.
//
//cell:type venue.Event
type NotAlias struct{ Fill Fill } // want NotAlias:`mismatch` `NotAlias: venue.Event is an enum with fields: want cell.Enum\[V, \[24\]byte\], or a struct bound to one variant`

//cell:type venue.Feed
type NotEnum = cell.Enum[EventVariants, [24]byte] // want NotEnum:`mismatch` `NotEnum: cell.Enum does not match venue.Feed: venue.Feed is not an enum with fields`
