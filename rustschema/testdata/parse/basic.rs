//! Basic shapes: named, tuple and unit structs; unit, tuple and struct
//! variants; forward references; derives split over attributes.
use rkyv::{Archive, Deserialize, Serialize};

/// A quote from the market.
#[derive(Archive, Serialize, Deserialize, Debug, Clone)]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub size: u32,
    pub venue: Venue,
}

#[derive(Debug)]
#[derive(rkyv::Archive)]
pub struct Pair(pub u8, u16);

#[derive(::rkyv::Archive)]
pub struct Marker;

#[derive(Archive)]
pub struct Empty {}

#[derive(Archive)]
pub struct EmptyTuple();

#[derive(Archive, PartialEq)]
pub enum Venue {
    Lse,
    Nyse,
    Other(String),
    Dark { id: u64, name: String, },
}

#[derive(Archive)]
enum Never {}

#[derive(Archive)]
pub enum MarketMsg {
    Quote(Quote),
    OrderAck { id: u64, pair: Pair },
    Heartbeat,
}
