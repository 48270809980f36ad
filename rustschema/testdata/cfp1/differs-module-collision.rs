// differs: base layout=differs (a second Quote in module legacy: where Archive types share a name, each outside the crate root is named by its module path, legacy::Quote)
use rkyv::{Archive, Deserialize, Serialize};
use std::collections::HashMap;

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
    pub legacy: Vec<legacy::Quote>,
}

pub mod legacy {
    use rkyv::Archive;

    #[derive(Archive)]
    pub struct Quote {
        pub price: f64,
    }
}
