use cell_sdk::*;

#[protein]
pub struct Order { pub id: u64 }

pub struct Svc;

#[handler]
impl (u8, u16) { async fn a(&self) -> Result<u8> { Ok(1) } } // ERROR "#\[handler\] must be on an impl block of a named type \(impl Service \{ ... \}\)"

#[handler]
impl Svc {} // ERROR "#\[handler\] impl Svc has no fn: the enums it generates, SvcProtocol and SvcResponse, would have no variants, which rkyv cannot archive"

#[protein]
pub union Bits { a: u32, b: f32 } // ERROR "rkyv cannot derive Archive for a union; use an enum"
