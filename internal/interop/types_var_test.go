package interop_test

import "github.com/cellvet/cellvet/cell"

// The variable-size messages, bound as types_test.go says.

//cell:type interop08.Order
type Order08 struct {
	ID      uint64 `cell:"id"`
	Account cell.String
	Legs    cell.Vec[Leg08]
	Limit   cell.Option[cell.Option[uint32]]
	Note    cell.Option[cell.String]
	Parent  cell.Option[cell.Box[Leg08]]
	Venue   cell.Box[Venue08]
	Event   Event08
}

// Event08 is the enum with fields: unit, tuple and struct variants.
//
//cell:type interop08.Event
type Event08 = cell.Enum[Event08Variants, [16]byte]

type Event08Variants struct {
	Halt   EventHalt08
	Fill   EventFill08
	Cancel EventCancel08
}

// Order07 is Order in rustc's repr(Rust) order: cellvet predicts it, and
// cell.lock's layout, measured from the built rkyv 0.7 cell, confirms it.
// Its fields holding out-of-line data are archived out of declaration
// order, so each carries its declaration index, decl=N (written by the
// vet pass's fix; docs/runtime.md §7).
//
//cell:type interop07.Order
type Order07 struct {
	Parent  cell.Option[cell.Box[Leg07]]     `cell:",decl=5"`
	Event   Event07                          `cell:",decl=7"`
	ID      uint64                           `cell:"id,decl=0"`
	Account cell.String                      `cell:",decl=1"`
	Legs    cell.Vec[Leg07]                  `cell:",decl=2"`
	Limit   cell.Option[cell.Option[uint32]] `cell:",decl=3"`
	Note    cell.Option[cell.String]         `cell:",decl=4"`
	Venue   cell.Box[Venue07]                `cell:",decl=6"`
}

//cell:type interop07.Event
type Event07 = cell.Enum[Event07Variants, [16]byte]

type Event07Variants struct {
	Halt   EventHalt07
	Fill   EventFill07
	Cancel EventCancel07
}
