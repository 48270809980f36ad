package layout

import (
	"os"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// measuredStd is a schema of one-field structs and the archived size and
// alignment of each, measured with the real rkyv in each profile
// (measured_std_data_test.go).
type measuredStd struct {
	src      string
	profiles []rustschema.Profile
	want     []measuredStdRow
}

type measuredStdRow struct {
	name, what string
	got        []sizeAlign // per profile
}

type sizeAlign struct{ size, align uint64 }

func (m measuredStd) check(t *testing.T) {
	s, err := rustschema.Parse("m.rs", []byte(m.src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for i, p := range m.profiles {
		l := compute(t, s, p)
		for _, w := range m.want {
			ty := lookup(l, w.name)
			if ty == nil {
				t.Fatalf("%s: no layout for %s", p.Canon(), w.name)
			}
			if want := w.got[i]; ty.Size != want.size || ty.Align != want.align {
				t.Errorf("%s: %s (%s): size %d align %d, measured %d %d", p.Canon(), w.name, w.what, ty.Size, ty.Align, want.size, want.align)
			}
		}
	}
}

func TestMeasuredStdV08(t *testing.T) { measuredStd08.check(t) }
func TestMeasuredStdV07(t *testing.T) { measuredStd07.check(t) }

// testdata/parse/std_lifetimes.rs (its #[with(AsOwned)] written
// #[rkyv(with = AsOwned)] for rkyv 0.8), measured with rkyv 0.8.18 on
// rustc 1.95.0: offset_of! of every field of ArchivedPeer.
func TestMeasuredStdLifetimesV08(t *testing.T) {
	src, err := os.ReadFile("../testdata/parse/std_lifetimes.rs")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p    rustschema.Profile
		want []measured
	}{
		{prof08(32, false), []measured{
			{name: "Peer", size: 232, align: 8, offsets: []uint64{0, 17, 21, 40, 72, 80, 108, 112, 128, 132, 136, 140, 140, 148, 156, 164, 168, 172, 180, 182, 184, 192, 200, 208, 216, 220}},
			{name: "Kind", size: 12, align: 4}}},
		{prof08(16, false), []measured{
			{name: "Peer", size: 192, align: 8, offsets: []uint64{0, 17, 21, 40, 72, 80, 108, 112, 128, 132, 136, 140, 140, 148, 152, 156, 158, 160, 164, 166, 166, 170, 174, 178, 182, 184}},
			{name: "Kind", size: 8, align: 4}}},
		{prof08(64, false), []measured{
			{name: "Peer", size: 320, align: 8, offsets: []uint64{0, 17, 21, 40, 72, 80, 108, 112, 128, 132, 136, 140, 140, 152, 168, 184, 192, 200, 216, 218, 224, 240, 256, 272, 288, 296}},
			{name: "Kind", size: 24, align: 8}}},
		{prof08(32, true), []measured{
			{name: "Peer", size: 209, align: 1, offsets: []uint64{0, 17, 21, 37, 64, 70, 96, 100, 116, 120, 121, 125, 125, 130, 138, 146, 150, 154, 162, 164, 164, 172, 180, 188, 196, 200}},
			{name: "Kind", size: 9, align: 1}}},
		{prof08(64, true), []measured{
			{name: "Peer", size: 285, align: 1, offsets: []uint64{0, 17, 21, 37, 64, 70, 96, 100, 116, 120, 121, 125, 125, 130, 146, 162, 170, 178, 194, 196, 196, 212, 228, 244, 260, 268}},
			{name: "Kind", size: 17, align: 1}}},
	} {
		checkMeasured(t, string(src), c.p, c.want)
	}
}

// rkyv 0.7's repr(Rust) archived structs: rustc orders the fields by
// alignment and niche, so the niches of the archived std types (IpAddr's
// tag, Range<bool>'s bool, the weak pointer's tag) take part. Measured
// with rkyv 0.7.45 (std; size_16, size_32, size_64, strict+size_32,
// archive_be+size_32) on rustc 1.95.0: offset_of! of every field.
func TestMeasuredStdV07Mix(t *testing.T) {
	const src = `use rkyv::Archive;
use rkyv::with::*;
use std::net::*;
use std::ops::*;
use std::borrow::Cow;
#[derive(Archive)]
pub struct Mix<'a> {
    pub a: u8,
    pub ip: IpAddr,
    pub r: Range<bool>,
    pub w: std::rc::Weak<u32>,
    pub s6: SocketAddrV6,
    pub b: u16,
    #[with(RefAsBox)]
    pub d: &'a [u8],
    #[with(CopyOptimize, RefAsBox)]
    pub e: &'a [u32],
    #[with(AsOwned)]
    pub c: Cow<'a, str>,
    #[with(Niche)]
    pub n: Option<std::num::NonZeroU32>,
    #[with(Map<AsBox>)]
    pub m: Option<u16>,
    pub sa: SocketAddr,
    pub md: std::mem::ManuallyDrop<bool>,
}
`
	for _, c := range []struct {
		p    rustschema.Profile
		want measured
	}{
		{prof07(16, false), measured{name: "Mix", size: 108, align: 4, offsets: []uint64{106, 88, 84, 0, 40, 86, 68, 72, 76, 80, 4, 8, 105}}},
		{prof07(32, false), measured{name: "Mix", size: 128, align: 4, offsets: []uint64{126, 108, 104, 0, 48, 106, 76, 84, 92, 100, 8, 16, 125}}},
		{prof07(64, false), measured{name: "Mix", size: 168, align: 8, offsets: []uint64{166, 148, 144, 0, 112, 146, 64, 80, 96, 140, 16, 32, 165}}},
		{prof07(32, true), measured{name: "Mix", size: 132, align: 4, offsets: []uint64{0, 1, 18, 20, 28, 56, 60, 68, 76, 84, 88, 96, 128}}},
		{rustschema.Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "big"}, measured{name: "Mix", size: 128, align: 4, offsets: []uint64{126, 108, 104, 0, 48, 106, 76, 84, 92, 100, 8, 16, 125}}},
	} {
		checkMeasured(t, src, c.p, []measured{c.want})
	}
}

func TestMeasuredStdWrapV08(t *testing.T) { measuredStdWrap08.check(t) }
func TestMeasuredStdWrapV07(t *testing.T) { measuredStdWrap07.check(t) }
