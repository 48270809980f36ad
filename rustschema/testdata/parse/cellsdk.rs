// A Cell SDK cell's schema: #[protein] types and a #[handler] service,
// whose two enums the reader generates where the impl is.
use anyhow::Result;
use cell_sdk::*;

#[protein]
pub struct Order {
    pub id: u64,
    pub symbol: String,
}

#[protein(class = "Contract")]
pub enum Side {
    Buy,
    Sell,
}

pub struct Exchange;

#[handler]
impl Exchange {
    pub async fn ping(&self) -> Result<u64> {
        Ok(42)
    }

    async fn place_order(&self, order: Order, mut side: Side) -> anyhow::Result<Vec<String>> {
        todo!()
    }
}
