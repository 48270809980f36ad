package layout

import (
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// Layouts measured while writing the engine, for archived reprs the oracle
// generator does not produce: rustc 1.95.0 on x86_64-linux, offset_of! /
// size_of / align_of of the archived types, rkyv 0.7.45 (std, size_32,
// native endianness unless noted) and rkyv 0.8.18 (defaults unless noted).
// Each case lists the source and the measured numbers.

type measured struct {
	name      string
	size      uint64
	align     uint64
	offsets   []uint64            // struct fields in declaration order
	variantOf map[string][]uint64 // enum variant field offsets
}

func checkMeasured(t *testing.T, src string, p rustschema.Profile, want []measured) {
	t.Helper()
	s, err := rustschema.Parse("m.rs", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	l := compute(t, s, p)
	for _, w := range want {
		ty := checkType(t, l, w.name, w.size, w.align, w.offsets...)
		for v, offs := range w.variantOf {
			if got := variantOffsets(ty, v); !equal(got, offs) {
				t.Errorf("%s: %s::%s offsets %v, measured %v", p.Canon(), w.name, v, got, offs)
			}
		}
	}
}

func TestMeasuredV07ArchivedReprs(t *testing.T) {
	const src = `use rkyv::Archive;
use std::marker::PhantomData;
#[derive(Archive)]
#[archive_attr(repr(align(16)))]
pub struct A { a: u8, b: u32, c: bool }
#[derive(Archive)]
#[archive_attr(repr(packed))]
pub struct B { a: u8, b: u64, c: u16, d: bool }
#[derive(Archive)]
#[archive_attr(repr(transparent))]
pub struct C { a: u32, p: PhantomData<u8> }
#[derive(Archive)]
#[archive_attr(repr(i8))]
pub enum D { X, Y(u32), Z }
#[derive(Archive)]
#[archive_attr(repr(u8, align(8)))]
pub enum F { X, Y(u16) }
#[derive(Archive)]
#[archive_attr(repr(C, align(8)))]
pub struct H { a: u8, b: u16 }
#[derive(Archive)]
#[archive(repr(C, packed))]
pub struct R { a: u8, b: u64, c: bool }
`
	checkMeasured(t, src, prof07(32, false), []measured{
		{name: "A", size: 16, align: 16, offsets: []uint64{5, 0, 4}},
		{name: "B", size: 12, align: 1, offsets: []uint64{1, 2, 10, 0}},
		{name: "C", size: 4, align: 4, offsets: []uint64{0, 4}},
		{name: "D", size: 8, align: 4, variantOf: map[string][]uint64{"Y": {4}}},
		{name: "F", size: 8, align: 8, variantOf: map[string][]uint64{"Y": {2}}},
		{name: "H", size: 8, align: 8, offsets: []uint64{0, 2}},
		{name: "R", size: 10, align: 1, offsets: []uint64{0, 1, 9}},
	})
}

// rkyv 0.7 endianness changes a predicted layout: rend 0.4 stores
// BigEndian<char> as a u32, which has no niche.
func TestMeasuredV07CharNicheAndEndianness(t *testing.T) {
	const src = `use rkyv::Archive;
#[derive(Archive)]
pub struct G { a: u8, c: char, b: bool, d: u16, e: (u8, char) }
`
	checkMeasured(t, src, prof07(32, false), []measured{
		{name: "G", size: 16, align: 4, offsets: []uint64{15, 0, 14, 12, 4}},
	})
	be := prof07(32, false)
	be.Endian = "big" // archive_be
	checkMeasured(t, src, be, []measured{
		{name: "G", size: 16, align: 4, offsets: []uint64{14, 8, 15, 12, 0}},
	})
}

func TestMeasuredV08ArchivedReprs(t *testing.T) {
	const src = `use rkyv::Archive;
#[derive(Archive)]
#[rkyv(attr(repr(align(16))))]
pub struct A { a: u8, b: u32, c: bool }
#[derive(Archive)]
#[rkyv(attr(repr(align(8))))]
pub enum F { X(u8), Y(u16), Z }
#[derive(Archive)]
#[rkyv(attr(repr(packed)))]
pub struct P { a: u8, b: u32 }
`
	checkMeasured(t, src, prof08(32, false), []measured{
		{name: "A", size: 16, align: 16, offsets: []uint64{0, 4, 8}},
		{name: "F", size: 8, align: 8, variantOf: map[string][]uint64{"X": {1}, "Y": {2}}},
		{name: "P", size: 5, align: 1, offsets: []uint64{0, 1}},
	})
	// repr(C, u8): measured with default-features = false (rkyv 0.8's
	// default bytecheck derive rejects repr(C) enums).
	const srcC = `use rkyv::Archive;
#[derive(Archive)]
#[rkyv(attr(repr(C)))]
pub enum E { X(u8), Y(u64), Z, W(u16, u8) }
`
	checkMeasured(t, srcC, prof08(32, false), []measured{
		{name: "E", size: 16, align: 8, variantOf: map[string][]uint64{"X": {8}, "Y": {8}, "W": {8, 10}}},
	})
}
