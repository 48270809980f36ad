// same: base (the types in modules of their own, reached through use, crate:: and super:: paths: module paths are not part of the fingerprint while names are unique)
use rkyv::{Archive, Deserialize, Serialize};

pub mod quote {
    use rkyv::{Archive, Deserialize, Serialize};

    const DEPTH: usize = 4;

    #[derive(Archive, Serialize, Deserialize)]
    pub struct Quote {
        pub bid: f64,
        pub ask: f64,
        pub venue: String,
        pub levels: [u32; DEPTH],
    }
}

pub mod msg {
    use super::*;

    pub mod side {
        use super::*;

        #[derive(Archive, Serialize, Deserialize)]
        #[repr(u8)]
        pub enum Side {
            Buy = 1,
            Sell,
        }
    }

    pub use self::side::Side;

    #[derive(Archive, Serialize, Deserialize)]
    pub enum MarketMsg {
        Quote(crate::quote::Quote),
        OrderAck { id: u64, side: Side },
        Heartbeat,
    }
}

use std::collections::HashMap;

#[derive(Archive, Serialize, Deserialize)]
pub struct Book {
    pub quotes: Vec<quote::Quote>,
    pub by_venue: HashMap<String, u32>,
    pub last: Option<Box<msg::MarketMsg>>,
}
