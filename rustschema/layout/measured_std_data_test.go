package layout

import "github.com/cellvet/cellvet/rustschema"

// Std types and with-wrappers measured with rkyv 0.8.18 features: none (pw32 le aligned), pointer_width_16, pointer_width_64, unaligned, big_endian, pointer_width_64+unaligned on rustc 1.95.0
// (x86_64-linux): size_of and align_of of the archived struct of one field
// `f: T`, which is the archived T (rkyv 0.8 structs are repr(C); rkyv 0.7's
// repr(Rust) struct of one field has its field's layout).
var measuredStd08 = measuredStd{
	src: `use rkyv::Archive;
use rkyv::with::*;
use std::net::*;
use std::ops::*;
use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::collections::*;
use std::num::NonZeroU32;
#[derive(Archive)] pub struct T00 { pub f: Ipv4Addr }
#[derive(Archive)] pub struct T01 { pub f: Ipv6Addr }
#[derive(Archive)] pub struct T02 { pub f: IpAddr }
#[derive(Archive)] pub struct T03 { pub f: SocketAddrV4 }
#[derive(Archive)] pub struct T04 { pub f: SocketAddrV6 }
#[derive(Archive)] pub struct T05 { pub f: SocketAddr }
#[derive(Archive)] pub struct T06 { pub f: Range<u8> }
#[derive(Archive)] pub struct T07 { pub f: Range<u32> }
#[derive(Archive)] pub struct T08 { pub f: Range<u64> }
#[derive(Archive)] pub struct T09 { pub f: RangeInclusive<u32> }
#[derive(Archive)] pub struct T10 { pub f: RangeInclusive<u8> }
#[derive(Archive)] pub struct T11 { pub f: RangeFrom<u16> }
#[derive(Archive)] pub struct T12 { pub f: RangeTo<u64> }
#[derive(Archive)] pub struct T13 { pub f: RangeToInclusive<u32> }
#[derive(Archive)] pub struct T14 { pub f: RangeFull }
#[derive(Archive)] pub struct T15 { pub f: Bound<u32> }
#[derive(Archive)] pub struct T16 { pub f: Bound<u8> }
#[derive(Archive)] pub struct T17 { pub f: Bound<u64> }
#[derive(Archive)] pub struct T18 { pub f: Rc<u32> }
#[derive(Archive)] pub struct T19 { pub f: Arc<u32> }
#[derive(Archive)] pub struct T20 { pub f: Rc<str> }
#[derive(Archive)] pub struct T21 { pub f: Arc<[u8]> }
#[derive(Archive)] pub struct T22 { pub f: std::rc::Weak<u32> }
#[derive(Archive)] pub struct T23 { pub f: std::sync::Weak<str> }
#[derive(Archive)] pub struct T24 { pub f: VecDeque<u32> }
#[derive(Archive)] pub struct T25 { pub f: std::mem::ManuallyDrop<u32> }
#[derive(Archive)] pub struct T26 { pub f: std::marker::PhantomPinned }
#[derive(Archive)] pub struct T27 { pub f: std::ffi::CString }
#[derive(Archive)] pub struct T28<'a> { #[rkyv(with = InlineAsBox)] pub f: &'a [u8], p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T29<'a> { #[rkyv(with = InlineAsBox)] pub f: &'a str, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T30<'a> { #[rkyv(with = InlineAsBox)] pub f: &'a u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T31<'a> { #[rkyv(with = AsBox)] pub f: u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T32<'a> { #[rkyv(with = AsBox)] pub f: String, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T33<'a> { #[rkyv(with = Inline)] pub f: &'a u64, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T34<'a> { #[rkyv(with = Skip)] pub f: u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T35<'a> { #[rkyv(with = AsString)] pub f: &'a str, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T36<'a> { #[rkyv(with = AsVec)] pub f: &'a [u32], p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T37<'a> { #[rkyv(with = AsVec)] pub f: BTreeMap<u8, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T38<'a> { #[rkyv(with = AsVec)] pub f: HashMap<u8, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T39<'a> { #[rkyv(with = AsVec)] pub f: BTreeSet<u16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T40<'a> { #[rkyv(with = AsVec)] pub f: HashSet<u16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T41<'a> { #[rkyv(with = AsOwned)] pub f: Cow<'a, str>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T42<'a> { #[rkyv(with = AsOwned)] pub f: Cow<'a, [u8]>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T43<'a> { #[rkyv(with = AsOwned)] pub f: Cow<'a, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T44<'a> { #[rkyv(with = Niche)] pub f: Option<Box<u32>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T45<'a> { #[rkyv(with = Niche)] pub f: Option<Box<str>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T46<'a> { #[rkyv(with = Niche)] pub f: Option<NonZeroU32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T47<'a> { #[rkyv(with = Map<AsBox>)] pub f: Option<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T48<'a> { #[rkyv(with = Map<AsBox>)] pub f: Vec<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T49<'a> { #[rkyv(with = Map<AsBox>)] pub f: [u32; 2], p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T50<'a> { #[rkyv(with = Identity)] pub f: u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T51<'a> { #[rkyv(with = Unshare)] pub f: Rc<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T52<'a> { #[rkyv(with = Niche)] pub f: Option<Box<[u8]>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T53<'a> { #[rkyv(with = Niche)] pub f: Option<std::num::NonZeroU64>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T54<'a> { #[rkyv(with = Niche)] pub f: Option<std::num::NonZeroUsize>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T55<'a> { #[rkyv(with = Niche)] pub f: Option<std::num::NonZeroU8>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T56<'a> { #[rkyv(with = Niche)] pub f: Option<std::num::NonZeroI16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T59<'a> { #[rkyv(with = MapKV<AsBox, Identity>)] pub f: BTreeMap<u8, u32>, p: std::marker::PhantomData<&'a ()> }
`,
	profiles: []rustschema.Profile{{Rkyv: "0.8", PointerWidth: 32, Endian: "little"}, {Rkyv: "0.8", PointerWidth: 16, Endian: "little"}, {Rkyv: "0.8", PointerWidth: 64, Endian: "little"}, {Rkyv: "0.8", PointerWidth: 32, Endian: "little", Unaligned: true}, {Rkyv: "0.8", PointerWidth: 32, Endian: "big"}, {Rkyv: "0.8", PointerWidth: 64, Endian: "little", Unaligned: true}},
	want: []measuredStdRow{
		{"T00", "Ipv4Addr", []sizeAlign{{4, 1}, {4, 1}, {4, 1}, {4, 1}, {4, 1}, {4, 1}}},
		{"T01", "Ipv6Addr", []sizeAlign{{16, 1}, {16, 1}, {16, 1}, {16, 1}, {16, 1}, {16, 1}}},
		{"T02", "IpAddr", []sizeAlign{{17, 1}, {17, 1}, {17, 1}, {17, 1}, {17, 1}, {17, 1}}},
		{"T03", "SocketAddrV4", []sizeAlign{{6, 2}, {6, 2}, {6, 2}, {6, 1}, {6, 2}, {6, 1}}},
		{"T04", "SocketAddrV6", []sizeAlign{{28, 4}, {28, 4}, {28, 4}, {26, 1}, {28, 4}, {26, 1}}},
		{"T05", "SocketAddr", []sizeAlign{{32, 4}, {32, 4}, {32, 4}, {27, 1}, {32, 4}, {27, 1}}},
		{"T06", "Range<u8>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T07", "Range<u32>", []sizeAlign{{8, 4}, {8, 4}, {8, 4}, {8, 1}, {8, 4}, {8, 1}}},
		{"T08", "Range<u64>", []sizeAlign{{16, 8}, {16, 8}, {16, 8}, {16, 1}, {16, 8}, {16, 1}}},
		{"T09", "RangeInclusive<u32>", []sizeAlign{{8, 4}, {8, 4}, {8, 4}, {8, 1}, {8, 4}, {8, 1}}},
		{"T10", "RangeInclusive<u8>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T11", "RangeFrom<u16>", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 1}, {2, 2}, {2, 1}}},
		{"T12", "RangeTo<u64>", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 1}, {8, 8}, {8, 1}}},
		{"T13", "RangeToInclusive<u32>", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T14", "RangeFull", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T15", "Bound<u32>", []sizeAlign{{8, 4}, {8, 4}, {8, 4}, {5, 1}, {8, 4}, {5, 1}}},
		{"T16", "Bound<u8>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T17", "Bound<u64>", []sizeAlign{{16, 8}, {16, 8}, {16, 8}, {9, 1}, {16, 8}, {9, 1}}},
		{"T18", "Rc<u32>", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T19", "Arc<u32>", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T20", "Rc<str>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T21", "Arc<[u8]>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T22", "std::rc::Weak<u32>", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T23", "std::sync::Weak<str>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T24", "VecDeque<u32>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T25", "std::mem::ManuallyDrop<u32>", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T26", "std::marker::PhantomPinned", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T27", "std::ffi::CString", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T28", "&'a [u8] with InlineAsBox", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T29", "&'a str with InlineAsBox", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T30", "&'a u32 with InlineAsBox", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T31", "u32 with AsBox", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T32", "String with AsBox", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T33", "&'a u64 with Inline", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 1}, {8, 8}, {8, 1}}},
		{"T34", "u32 with Skip", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T35", "&'a str with AsString", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T36", "&'a [u32] with AsVec", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T37", "BTreeMap<u8, u32> with AsVec", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T38", "HashMap<u8, u32> with AsVec", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T39", "BTreeSet<u16> with AsVec", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T40", "HashSet<u16> with AsVec", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T41", "Cow<'a, str> with AsOwned", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T42", "Cow<'a, [u8]> with AsOwned", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T43", "Cow<'a, u32> with AsOwned", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T44", "Option<Box<u32>> with Niche", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T45", "Option<Box<str>> with Niche", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T46", "Option<NonZeroU32> with Niche", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T47", "Option<u32> with Map<AsBox>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {5, 1}, {8, 4}, {9, 1}}},
		{"T48", "Vec<u32> with Map<AsBox>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T49", "[u32; 2] with Map<AsBox>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T50", "u32 with Identity", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T51", "Rc<u32> with Unshare", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"T52", "Option<Box<[u8]>> with Niche", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"T53", "Option<std::num::NonZeroU64> with Niche", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 1}, {8, 8}, {8, 1}}},
		{"T54", "Option<std::num::NonZeroUsize> with Niche", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"T55", "Option<std::num::NonZeroU8> with Niche", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"T56", "Option<std::num::NonZeroI16> with Niche", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 1}, {2, 2}, {2, 1}}},
		{"T59", "BTreeMap<u8, u32> with MapKV<AsBox, Identity>", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
	},
}

// Std types and with-wrappers measured with rkyv 0.7.45 (std) features: size_16, size_32, size_64, strict+size_32, archive_be+size_32 on rustc 1.95.0
// (x86_64-linux): size_of and align_of of the archived struct of one field
// `f: T`, which is the archived T (rkyv 0.8 structs are repr(C); rkyv 0.7's
// repr(Rust) struct of one field has its field's layout).
var measuredStd07 = measuredStd{
	src: `use rkyv::Archive;
use rkyv::with::*;
use std::net::*;
use std::ops::*;
use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::collections::*;
use std::num::NonZeroU32;
#[derive(Archive)] pub struct T00 { pub f: Ipv4Addr }
#[derive(Archive)] pub struct T01 { pub f: Ipv6Addr }
#[derive(Archive)] pub struct T02 { pub f: IpAddr }
#[derive(Archive)] pub struct T03 { pub f: SocketAddrV4 }
#[derive(Archive)] pub struct T04 { pub f: SocketAddrV6 }
#[derive(Archive)] pub struct T05 { pub f: SocketAddr }
#[derive(Archive)] pub struct T06 { pub f: Range<u8> }
#[derive(Archive)] pub struct T07 { pub f: Range<u32> }
#[derive(Archive)] pub struct T08 { pub f: Range<u64> }
#[derive(Archive)] pub struct T09 { pub f: RangeInclusive<u32> }
#[derive(Archive)] pub struct T10 { pub f: RangeInclusive<u8> }
#[derive(Archive)] pub struct T11 { pub f: RangeFrom<u16> }
#[derive(Archive)] pub struct T12 { pub f: RangeTo<u64> }
#[derive(Archive)] pub struct T13 { pub f: RangeToInclusive<u32> }
#[derive(Archive)] pub struct T14 { pub f: RangeFull }
#[derive(Archive)] pub struct T15 { pub f: Range<bool> }
#[derive(Archive)] pub struct T16 { pub f: Rc<u32> }
#[derive(Archive)] pub struct T17 { pub f: Arc<u32> }
#[derive(Archive)] pub struct T18 { pub f: Rc<str> }
#[derive(Archive)] pub struct T19 { pub f: Arc<[u8]> }
#[derive(Archive)] pub struct T20 { pub f: std::rc::Weak<u32> }
#[derive(Archive)] pub struct T21 { pub f: std::sync::Weak<str> }
#[derive(Archive)] pub struct T22 { pub f: VecDeque<u32> }
#[derive(Archive)] pub struct T23 { pub f: std::mem::ManuallyDrop<u32> }
#[derive(Archive)] pub struct T24 { pub f: std::marker::PhantomPinned }
#[derive(Archive)] pub struct T25 { pub f: std::ffi::CString }
#[derive(Archive)] pub struct T26 { pub f: std::mem::ManuallyDrop<bool> }
#[derive(Archive)] pub struct T27<'a> { #[with(RefAsBox)] pub f: &'a [u8], p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T28<'a> { #[with(RefAsBox)] pub f: &'a str, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T29<'a> { #[with(RefAsBox)] pub f: &'a u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T30<'a> { #[with(AsBox)] pub f: u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T31<'a> { #[with(AsBox)] pub f: String, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T32<'a> { #[with(Inline)] pub f: &'a u64, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T33<'a> { #[with(Skip)] pub f: u32, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T34<'a> { #[with(AsVec)] pub f: BTreeMap<u8, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T35<'a> { #[with(AsVec)] pub f: HashMap<u8, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T36<'a> { #[with(AsVec)] pub f: BTreeSet<u16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T37<'a> { #[with(AsVec)] pub f: HashSet<u16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T38<'a> { #[with(AsOwned)] pub f: Cow<'a, str>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T39<'a> { #[with(AsOwned)] pub f: Cow<'a, [u8]>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T40<'a> { #[with(AsOwned)] pub f: Cow<'a, u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T41<'a> { #[with(Niche)] pub f: Option<Box<u32>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T42<'a> { #[with(Niche)] pub f: Option<Box<str>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T43<'a> { #[with(Niche)] pub f: Option<NonZeroU32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T44<'a> { #[with(Map<AsBox>)] pub f: Option<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T45<'a> { #[with(Map<AsBox>)] pub f: Vec<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T46<'a> { #[with(Niche)] pub f: Option<Box<[u8]>>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T47<'a> { #[with(Niche)] pub f: Option<std::num::NonZeroU64>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T48<'a> { #[with(Niche)] pub f: Option<std::num::NonZeroUsize>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T49<'a> { #[with(Niche)] pub f: Option<std::num::NonZeroU8>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T50<'a> { #[with(Niche)] pub f: Option<std::num::NonZeroI16>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T53<'a> { #[with(CopyOptimize)] pub f: Vec<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T54<'a> { #[with(CopyOptimize)] pub f: Box<[u32]>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T55<'a> { #[with(Raw)] pub f: Vec<u32>, p: std::marker::PhantomData<&'a ()> }
#[derive(Archive)] pub struct T56<'a> { #[with(Map<AsBox>)] pub f: Option<bool>, p: std::marker::PhantomData<&'a ()> }
`,
	profiles: []rustschema.Profile{{Rkyv: "0.7", PointerWidth: 16, Endian: "little"}, {Rkyv: "0.7", PointerWidth: 32, Endian: "little"}, {Rkyv: "0.7", PointerWidth: 64, Endian: "little"}, {Rkyv: "0.7", PointerWidth: 32, Endian: "little", Strict: true}, {Rkyv: "0.7", PointerWidth: 32, Endian: "big"}},
	want: []measuredStdRow{
		{"T00", "Ipv4Addr", []sizeAlign{{4, 1}, {4, 1}, {4, 1}, {4, 1}, {4, 1}}},
		{"T01", "Ipv6Addr", []sizeAlign{{16, 1}, {16, 1}, {16, 1}, {16, 1}, {16, 1}}},
		{"T02", "IpAddr", []sizeAlign{{17, 1}, {17, 1}, {17, 1}, {17, 1}, {17, 1}}},
		{"T03", "SocketAddrV4", []sizeAlign{{6, 2}, {6, 2}, {6, 2}, {6, 2}, {6, 2}}},
		{"T04", "SocketAddrV6", []sizeAlign{{28, 4}, {28, 4}, {28, 4}, {28, 4}, {28, 4}}},
		{"T05", "SocketAddr", []sizeAlign{{32, 4}, {32, 4}, {32, 4}, {32, 4}, {32, 4}}},
		{"T06", "Range<u8>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T07", "Range<u32>", []sizeAlign{{8, 4}, {8, 4}, {8, 4}, {8, 4}, {8, 4}}},
		{"T08", "Range<u64>", []sizeAlign{{16, 8}, {16, 8}, {16, 8}, {16, 8}, {16, 8}}},
		{"T09", "RangeInclusive<u32>", []sizeAlign{{8, 4}, {8, 4}, {8, 4}, {8, 4}, {8, 4}}},
		{"T10", "RangeInclusive<u8>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T11", "RangeFrom<u16>", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}}},
		{"T12", "RangeTo<u64>", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 8}, {8, 8}}},
		{"T13", "RangeToInclusive<u32>", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"T14", "RangeFull", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T15", "Range<bool>", []sizeAlign{{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}}},
		{"T16", "Rc<u32>", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T17", "Arc<u32>", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T18", "Rc<str>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T19", "Arc<[u8]>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T20", "std::rc::Weak<u32>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T21", "std::sync::Weak<str>", []sizeAlign{{6, 2}, {12, 4}, {24, 8}, {12, 4}, {12, 4}}},
		{"T22", "VecDeque<u32>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T23", "std::mem::ManuallyDrop<u32>", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"T24", "std::marker::PhantomPinned", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T25", "std::ffi::CString", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T26", "std::mem::ManuallyDrop<bool>", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"T27", "&'a [u8] with RefAsBox", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T28", "&'a str with RefAsBox", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T29", "&'a u32 with RefAsBox", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T30", "u32 with AsBox", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T31", "String with AsBox", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T32", "&'a u64 with Inline", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 8}, {8, 8}}},
		{"T33", "u32 with Skip", []sizeAlign{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}},
		{"T34", "BTreeMap<u8, u32> with AsVec", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T35", "HashMap<u8, u32> with AsVec", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T36", "BTreeSet<u16> with AsVec", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T37", "HashSet<u16> with AsVec", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T38", "Cow<'a, str> with AsOwned", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T39", "Cow<'a, [u8]> with AsOwned", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T40", "Cow<'a, u32> with AsOwned", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"T41", "Option<Box<u32>> with Niche", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T42", "Option<Box<str>> with Niche", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T43", "Option<NonZeroU32> with Niche", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"T44", "Option<u32> with Map<AsBox>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T45", "Vec<u32> with Map<AsBox>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T46", "Option<Box<[u8]>> with Niche", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T47", "Option<std::num::NonZeroU64> with Niche", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 8}, {8, 8}}},
		{"T48", "Option<std::num::NonZeroUsize> with Niche", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"T49", "Option<std::num::NonZeroU8> with Niche", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"T50", "Option<std::num::NonZeroI16> with Niche", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}}},
		{"T53", "Vec<u32> with CopyOptimize", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T54", "Box<[u32]> with CopyOptimize", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T55", "Vec<u32> with Raw", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"T56", "Option<bool> with Map<AsBox>", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
	},
}

// The wrappers of types archived only through one (SystemTime, Mutex,
// RwLock, Cell, UnsafeCell, atomics, PathBuf, OsString), measured like
// the above in the same families.
var measuredStdWrap08 = measuredStd{
	src: `use rkyv::Archive;
use rkyv::with::*;
use std::sync::atomic::*;
#[derive(Archive)] pub struct W00 { #[rkyv(with = AsUnixTime)] pub f: std::time::SystemTime }
#[derive(Archive)] pub struct W01 { #[rkyv(with = Lock)] pub f: std::sync::Mutex<u64> }
#[derive(Archive)] pub struct W02 { #[rkyv(with = Lock)] pub f: std::sync::RwLock<u16> }
#[derive(Archive)] pub struct W03 { #[rkyv(with = Unsafe)] pub f: std::cell::Cell<u8> }
#[derive(Archive)] pub struct W04 { #[rkyv(with = Unsafe)] pub f: std::cell::UnsafeCell<u32> }
#[derive(Archive)] pub struct W05 { #[rkyv(with = AtomicLoad<Relaxed>)] pub f: AtomicU32 }
#[derive(Archive)] pub struct W06 { #[rkyv(with = AtomicLoad<SeqCst>)] pub f: AtomicUsize }
#[derive(Archive)] pub struct W07 { #[rkyv(with = AtomicLoad<Acquire>)] pub f: AtomicBool }
#[derive(Archive)] pub struct W08 { #[rkyv(with = AtomicLoad<Relaxed>)] pub f: AtomicI64 }
#[derive(Archive)] pub struct W09 { #[rkyv(with = AtomicLoad<Relaxed>)] pub f: AtomicIsize }
#[derive(Archive)] pub struct W10 { #[rkyv(with = AtomicLoad<Relaxed>)] pub f: AtomicU8 }
#[derive(Archive)] pub struct W11 { #[rkyv(with = AtomicLoad<Relaxed>)] pub f: AtomicI16 }
#[derive(Archive)] pub struct W12 { #[rkyv(with = AsString)] pub f: std::path::PathBuf }
#[derive(Archive)] pub struct W13 { #[rkyv(with = AsString)] pub f: std::ffi::OsString }
#[derive(Archive)] pub struct W14 { #[rkyv(with = Lock)] pub f: std::sync::Mutex<String> }
`,
	profiles: measuredStd08.profiles,
	want: []measuredStdRow{
		{"W00", "std::time::SystemTime with AsUnixTime", []sizeAlign{{16, 8}, {16, 8}, {16, 8}, {12, 1}, {16, 8}, {12, 1}}},
		{"W01", "std::sync::Mutex<u64> with Lock", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 1}, {8, 8}, {8, 1}}},
		{"W02", "std::sync::RwLock<u16> with Lock", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 1}, {2, 2}, {2, 1}}},
		{"W03", "std::cell::Cell<u8> with Unsafe", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W04", "std::cell::UnsafeCell<u32> with Unsafe", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"W05", "AtomicU32 with AtomicLoad<Relaxed>", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 1}, {4, 4}, {4, 1}}},
		{"W06", "AtomicUsize with AtomicLoad<SeqCst>", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"W07", "AtomicBool with AtomicLoad<Acquire>", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W08", "AtomicI64 with AtomicLoad<Relaxed>", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 1}, {8, 8}, {8, 1}}},
		{"W09", "AtomicIsize with AtomicLoad<Relaxed>", []sizeAlign{{4, 4}, {2, 2}, {8, 8}, {4, 1}, {4, 4}, {8, 1}}},
		{"W10", "AtomicU8 with AtomicLoad<Relaxed>", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W11", "AtomicI16 with AtomicLoad<Relaxed>", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 1}, {2, 2}, {2, 1}}},
		{"W12", "std::path::PathBuf with AsString", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"W13", "std::ffi::OsString with AsString", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
		{"W14", "std::sync::Mutex<String> with Lock", []sizeAlign{{8, 4}, {4, 2}, {16, 8}, {8, 1}, {8, 4}, {16, 1}}},
	},
}

var measuredStdWrap07 = measuredStd{
	src: `use rkyv::Archive;
use rkyv::with::*;
use std::sync::atomic::*;
#[derive(Archive)] pub struct W00 { #[with(UnixTimestamp)] pub f: std::time::SystemTime }
#[derive(Archive)] pub struct W01 { #[with(Lock)] pub f: std::sync::Mutex<u64> }
#[derive(Archive)] pub struct W02 { #[with(Lock)] pub f: std::sync::RwLock<u16> }
#[derive(Archive)] pub struct W03 { #[with(Lock)] pub f: std::sync::Mutex<bool> }
#[derive(Archive)] pub struct W04 { #[with(Unsafe)] pub f: std::cell::Cell<bool> }
#[derive(Archive)] pub struct W05 { #[with(Unsafe)] pub f: std::cell::UnsafeCell<u32> }
#[derive(Archive)] pub struct W06 { #[with(Atomic)] pub f: AtomicU32 }
#[derive(Archive)] pub struct W07 { #[with(Atomic)] pub f: AtomicUsize }
#[derive(Archive)] pub struct W08 { #[with(Atomic)] pub f: AtomicBool }
#[derive(Archive)] pub struct W09 { #[with(Atomic)] pub f: AtomicI64 }
#[derive(Archive)] pub struct W10 { #[with(Atomic)] pub f: AtomicIsize }
#[derive(Archive)] pub struct W11 { #[with(Atomic)] pub f: AtomicU8 }
#[derive(Archive)] pub struct W12 { #[with(Atomic)] pub f: AtomicI16 }
#[derive(Archive)] pub struct W13 { #[with(AsString)] pub f: std::path::PathBuf }
#[derive(Archive)] pub struct W14 { #[with(AsString)] pub f: std::ffi::OsString }
#[derive(Archive)] pub struct W15 { #[with(Lock)] pub f: std::sync::Mutex<String> }
`,
	profiles: measuredStd07.profiles,
	want: []measuredStdRow{
		{"W00", "std::time::SystemTime with UnixTimestamp", []sizeAlign{{16, 8}, {16, 8}, {16, 8}, {16, 8}, {16, 8}}},
		{"W01", "std::sync::Mutex<u64> with Lock", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 8}, {8, 8}}},
		{"W02", "std::sync::RwLock<u16> with Lock", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}}},
		{"W03", "std::sync::Mutex<bool> with Lock", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W04", "std::cell::Cell<bool> with Unsafe", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W05", "std::cell::UnsafeCell<u32> with Unsafe", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"W06", "AtomicU32 with Atomic", []sizeAlign{{4, 4}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}},
		{"W07", "AtomicUsize with Atomic", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"W08", "AtomicBool with Atomic", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W09", "AtomicI64 with Atomic", []sizeAlign{{8, 8}, {8, 8}, {8, 8}, {8, 8}, {8, 8}}},
		{"W10", "AtomicIsize with Atomic", []sizeAlign{{2, 2}, {4, 4}, {8, 8}, {4, 4}, {4, 4}}},
		{"W11", "AtomicU8 with Atomic", []sizeAlign{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}},
		{"W12", "AtomicI16 with Atomic", []sizeAlign{{2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}}},
		{"W13", "std::path::PathBuf with AsString", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"W14", "std::ffi::OsString with AsString", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
		{"W15", "std::sync::Mutex<String> with Lock", []sizeAlign{{4, 2}, {8, 4}, {16, 8}, {8, 4}, {8, 4}}},
	},
}
