// Not the schema the test cell was built from: it has a field more.
use rkyv::Archive;

#[derive(Archive)]
pub struct Quote {
    pub bid: u64,
    pub ask: u32,
    pub extra: u8,
}
