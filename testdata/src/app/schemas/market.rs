//! The market cell's schema, as the app module keeps a copy of it.
#![schema_version = 3]

use rkyv::Archive;

#[derive(Archive)]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub bid_sizes: [u32; 4],
    pub venue: String,
}

#[derive(Archive)]
pub struct QuoteRequest {
    pub symbol: [u8; 8],
    pub depth: u16,
    pub live: bool,
}

#[derive(Archive)]
pub enum Side {
    Buy,
    Sell,
}

#[derive(Archive)]
pub struct Order {
    pub id: u64,
    pub side: Side,
    pub qty: u32,
    pub limit: Option<f64>,
    pub tags: Vec<String>,
    pub note: Box<Note>,
}

#[derive(Archive)]
pub struct Note {
    pub code: char,
    pub weight: i16,
}

#[derive(Archive)]
pub struct Fill {
    pub order: u64,
    pub price: (u32, f64),
    pub serial: u128,
    pub venues: (u32, u32, u32),
    pub note: Note,
    pub flag: u8,
}

#[derive(Archive)]
pub struct Ack(pub u64, pub bool);

#[derive(Archive)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, accepted: bool },
    Heartbeat,
}
