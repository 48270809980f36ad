// same: base
use rkyv::{Archive, Deserialize, Serialize};
use std::collections::HashMap;

const HALF: usize = 2;
const DEPTH: usize = HALF * 2;
type Price = f64;
type Levels = [u32; DEPTH];

#[derive(Archive, Serialize, Deserialize)]
pub struct Quote {
    pub bid: Price,
    pub ask: f64,
    pub venue: String,
    pub levels: Levels,
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
pub struct Book {
    pub quotes: Vec<Quote>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<MarketMsg>>,
}
