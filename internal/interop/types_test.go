package interop_test

import "github.com/cellvet/cellvet/cell"

// The Go types bound to the interop cells' messages
// (testdata/interop/rkyv08/schema.rs and rkyv07/schema.rs), checked by the
// vet pass against the module's cell.lock. The 0.8 structs follow the
// declaration order (rkyv 0.8 archives repr(C)); the 0.7 ones the order
// cellvet predicts for rustc's repr(Rust) layout, which the calls to the
// real Rust cells then prove.

//cell:fp interop08
const FP08 = 0xd31fe0f820577510

//cell:fp interop07
const FP07 = 0x870bd33ee1c7c971

// Every call to an interop cell checks its schema first, with the
// fingerprints the vet pass checks against cell.lock.
func init() {
	cell.Expect("interop08", FP08)
	cell.Expect("interop07", FP07)
}

// Ping08 is the fixed-size request, 24 bytes.
//
//cell:type interop08.Ping
type Ping08 struct {
	Seq   uint64
	Value float64
	Count uint32
	Code  uint16
	Tag   uint8
	Flag  bool
}

//cell:type interop08.Pong
type Pong08 struct {
	Seq   uint64
	Sum   float64
	Count uint32
	Code  uint16
	Tag   uint8
	OK    bool `cell:"ok"`
}

// Ping07 has Ping08's layout: rustc keeps the declaration order of fields
// already sorted by alignment.
//
//cell:type interop07.Ping
type Ping07 Ping08

//cell:type interop07.Pong
type Pong07 Pong08

//cell:type interop08.Leg
type Leg08 struct {
	Symbol cell.String
	Qty    uint32
}

//cell:type interop08.Venue
type Venue08 struct {
	Name cell.String
	Mic  [4]byte
}

// A variant struct is the whole enum holding that variant: its size and
// alignment are the enum's.
//
//cell:type interop08.Event::Halt
type EventHalt08 struct {
	Tag uint8 `cell:",tag"`
	_   [3]byte
	_   [3]uint32 // the enum's alignment, 4
}

//cell:type interop08.Event::Fill
type EventFill08 struct {
	Tag   uint8 `cell:",tag"`
	Count uint32
	Text  cell.String
}

//cell:type interop08.Event::Cancel
type EventCancel08 struct {
	Tag    uint8 `cell:",tag"`
	Reason cell.String
	Code   uint16
}

//cell:type interop07.Leg
type Leg07 Leg08

//cell:type interop07.Venue
type Venue07 Venue08

//cell:type interop07.Event::Halt
type EventHalt07 EventHalt08

//cell:type interop07.Event::Fill
type EventFill07 EventFill08

//cell:type interop07.Event::Cancel
type EventCancel07 EventCancel08
