// same: base
// The derives of base.rs under renames and paths: RkyvArchive is
// rkyv::Archive (the use comes after the types that name it), Arch is a
// rename of that rename reached through crate::.
#[derive(Debug, Clone, RkyvArchive, PartialEq)]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub venue: String,
    pub levels: [u32; DEPTH],
}

#[repr(u8)]
#[derive(Arch)]
pub enum Side {
    Buy = 1,
    Sell,
}

#[derive(rkyv::Archive, Serialize, Deserialize)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, side: Side },
    Heartbeat,
}

#[derive(::rkyv::Archive, Serialize, Deserialize)]
pub struct Book {
    pub quotes: Vec<Quote>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<MarketMsg>>,
}

use rkyv::{Archive as RkyvArchive, Deserialize, Serialize};
use crate::RkyvArchive as Arch;
use std::collections::HashMap;

const DEPTH: usize = 4;
