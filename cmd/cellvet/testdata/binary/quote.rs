// The schema of the test cell.
use rkyv::Archive;

#[derive(Archive)]
pub struct Quote {
    pub bid: u64,
    pub ask: u32,
}
