//! The exchange cell's schema: its proteins and its handler, written as a
//! cell of the Cell project (cell-sdk 0.4.1) writes them. #[handler] makes
//! ExchangeProtocol (one variant per method, in order) and ExchangeResponse
//! (one variant per method, holding the Ok type) from the impl below.

use anyhow::{anyhow, Result};
use cell_sdk::{handler, protein};

#[protein]
pub enum Side {
    Buy,
    Sell,
}

#[protein]
pub struct Order {
    pub id: u64,
    pub symbol: String,
    pub side: Side,
    pub qty: u32,
    pub limit: Option<f64>,
    pub tags: Vec<String>,
}

#[protein]
pub struct OrderAck {
    pub id: u64,
    pub accepted: bool,
    pub note: String,
}

#[protein]
pub struct Level {
    pub price: f64,
    pub qty: u32,
}

#[protein]
pub struct Quote {
    pub symbol: String,
    pub bid: f64,
    pub ask: f64,
    pub depth: u16,
}

#[protein]
pub struct Book {
    pub symbol: String,
    pub bids: Vec<Level>,
    pub asks: Vec<Level>,
}

pub struct Exchange;

#[handler]
impl Exchange {
    async fn ping(&self) -> Result<u64> {
        Ok(42)
    }

    async fn count(&self) -> Result<u64> {
        Ok(7)
    }

    async fn echo(&self, text: String) -> Result<String> {
        Ok(text)
    }

    async fn quote(&self, symbol: String, depth: u16) -> Result<Quote> {
        Ok(Quote {
            symbol,
            bid: 99.5,
            ask: 100.25,
            depth,
        })
    }

    async fn sum(&self, values: Vec<u32>) -> Result<u64> {
        Ok(values.iter().map(|v| u64::from(*v)).sum())
    }

    async fn place(&self, order: Order) -> Result<OrderAck> {
        let side = match order.side {
            Side::Buy => "buy",
            Side::Sell => "sell",
        };
        let note = format!("{} {} x{} {:?}", side, order.symbol, order.qty, order.tags);
        Ok(OrderAck {
            id: order.id,
            accepted: order.qty > 0,
            note,
        })
    }

    async fn book(&self, symbol: String, levels: Vec<Level>) -> Result<Book> {
        let (bids, asks): (Vec<Level>, Vec<Level>) =
            levels.into_iter().partition(|level| level.price < 100.0);
        Ok(Book { symbol, bids, asks })
    }

    async fn toggle(&self, on: bool) -> Result<bool> {
        Ok(!on)
    }

    async fn fail(&self, reason: String) -> Result<u32> {
        Err(anyhow!("refused: {reason}"))
    }
}
