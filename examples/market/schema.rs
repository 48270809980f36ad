//! Messages of the `market` cell: a consumer's copy of the exchange's schema
//! file (examples/market/exchange/src/schema.rs, the source of truth), as a
//! trader keeps it. cellvet reads it; nothing here is compiled by Go. Its
//! types are the exchange's, item for item, so both have one fingerprint.
#![schema_version = 1]

use rkyv::{Archive, Deserialize, Serialize};

/// Depth of the quoted book.
pub const DEPTH: usize = 4;

/// Asks for the book of one symbol, `depth` levels deep (at most DEPTH).
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct QuoteRequest {
    pub symbol: String,
    pub depth: u16,
}

#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub bid_sizes: [u32; DEPTH],
    pub venue: String,
}

#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
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

/// Every call to the exchange: one request per frame.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub enum Request {
    Quote(QuoteRequest),
    Place(Order),
}

/// Every reply of the exchange.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, accepted: bool, note: String },
    Heartbeat,
}
