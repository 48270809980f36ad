// The schema of the test cell with a type its code never uses: rustc
// emits no debug info for ArchivedUnused. Quote's fields are in the order
// the binary lays them out, so the measured layout equals the computed one.
use rkyv::Archive;

#[derive(Archive)]
pub struct Quote {
    pub ask: u32,
    pub bid: u64,
}

#[derive(Archive)]
pub struct Unused {
    pub n: u16,
}
