//! A cell still on rkyv 0.7: its repr(Rust) structs have predicted layouts.
#![cell_profile(rkyv = "0.7")]

use rkyv::Archive;

#[derive(Archive)]
pub struct Tick {
    pub flag: u8,
    pub price: u64,
    pub seq: u16,
}

#[derive(Archive)]
#[archive_attr(repr(C))]
pub struct Pinned {
    pub flag: u8,
    pub price: u64,
}
