// rkyv 0.7 attributes.
#![cell_profile(rkyv = "0.7", strict)]
use rkyv::{Archive, Serialize, Deserialize};
use rkyv::with::{Skip, Inline};

#[derive(Archive, Serialize, Deserialize)]
#[archive(check_bytes, compare(PartialEq), crate = "::rkyv", bound(serialize = "__S: X"))]
#[archive_attr(derive(Debug, PartialEq), repr(C))]
pub struct Order {
    #[with(rkyv::with::Skip)]
    cache: u64,
    #[with(Inline, rkyv::with::AsBox)]
    #[omit_bounds]
    inline: Box<u8>,
    #[archive_attr(allow(dead_code))]
    price: i64,
}

#[derive(Archive)]
#[archive(repr(u16), archived = "ArchivedSide", resolver = "SideResolver")]
pub enum Side { Buy, Sell }

#[derive(Archive)]
#[archive(as = "  Remote  ")]
pub struct Remote(u32);

#[derive(Archive)]
#[archive_attr(repr(transparent))]
pub struct Wrapper(u64);

#[derive(Archive)]
#[archive(copy_safe)]
#[archive_attr(repr(C, align(16)))]
pub struct Aligned { x: u8 }
