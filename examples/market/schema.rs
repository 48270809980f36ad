//! Messages of the `market` cell: a copy of the producer's schema file, as
//! a consumer keeps it. cellvet reads it; nothing here is compiled by Go.
#![schema_version = 1]

use rkyv::{Archive, Deserialize, Serialize};

/// Depth of the quoted book.
const DEPTH: usize = 4;

#[derive(Archive, Serialize, Deserialize, Debug)]
#[archive_attr(repr(C))]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub bid_sizes: [u32; DEPTH],
    pub venue: String,
}

#[derive(Archive, Serialize, Deserialize, Debug)]
pub enum Side {
    Buy,
    Sell,
}

#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct Order {
    pub id: u64,
    pub side: Side,
    pub qty: u32,
    pub limit: Option<f64>,
    pub tags: Vec<String>,
}

#[derive(Archive, Serialize, Deserialize, Debug)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, accepted: bool },
    Heartbeat,
}
