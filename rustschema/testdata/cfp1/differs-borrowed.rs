// differs: base layout=differs (Quote borrows its venue, &'a str through InlineAsBox: lifetimes are erased, the field type and wrapper are kept)
use rkyv::{Archive, Serialize};
use std::collections::HashMap;
use rkyv::with::InlineAsBox;

const DEPTH: usize = 4;

#[derive(Archive, Serialize)]
pub struct Quote<'a> {
    pub bid: f64,
    pub ask: f64,
    #[rkyv(with = InlineAsBox)]
    pub venue: &'a str,
    pub levels: [u32; DEPTH],
}

#[derive(Archive, Serialize)]
#[repr(u8)]
pub enum Side {
    Buy = 1,
    Sell,
}

#[derive(Archive, Serialize)]
pub enum MarketMsg<'a> {
    Quote(Quote<'a>),
    OrderAck { id: u64, side: Side },
    Heartbeat,
}

#[derive(Archive, Serialize)]
pub struct Book<'a> {
    pub quotes: Vec<Quote<'a>>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<MarketMsg<'a>>>,
}
