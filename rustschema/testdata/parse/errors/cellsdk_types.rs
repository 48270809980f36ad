use cell_sdk::*;

#[protein]
pub struct Order { pub id: u64 }

pub struct Desk;

#[handler]
impl Desk {
    async fn quote(&self, symbol: &str) -> Result<u8> { Ok(1) } // ERROR "field symbol: the reference &str is archived only through a with-wrapper"
    async fn fill(&self, order: Order) -> Result<impl Fn()> { todo!() } // ERROR "impl Trait is not supported in schema types"
}
