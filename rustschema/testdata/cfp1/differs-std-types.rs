// differs: base layout=differs (std types rkyv archives added to Book: IpAddr, RangeInclusive, Arc, rc::Weak)
use rkyv::{Archive, Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;

const DEPTH: usize = 4;

#[derive(Archive, Serialize, Deserialize)]
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
pub struct Book {
    pub quotes: Vec<Quote>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<MarketMsg>>,
    pub peer: IpAddr,
    pub window: core::ops::RangeInclusive<u64>,
    pub shared: std::sync::Arc<str>,
    pub weak: std::rc::Weak<Quote>,
}
