// same: base
use rkyv::{Archive, Deserialize, Serialize};
use std::collections::HashMap;

const DEPTH: usize = 4;

#[derive(Archive, Serialize, Deserialize)]
#[archive(check_bytes)]
#[archive_attr(derive(Debug))]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub venue: String,
    pub levels: [u32; DEPTH],
}

#[derive(Archive, Serialize, Deserialize)]
#[repr(u8)]
pub enum Side {
    Buy = 1,
    Sell,
}

#[derive(Archive, Serialize, Deserialize)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, side: Side },
    Heartbeat,
}

#[derive(Archive, Serialize, Deserialize)]
#[rkyv(compare(PartialEq), derive(Debug))]
pub struct Book {
    pub quotes: Vec<Quote>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<MarketMsg>>,
}
