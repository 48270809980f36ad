// A stand-in for a compiled cell: its archived type is laid out by hand,
// deliberately unlike rkyv 0.8's (ask before bid), so that the measured
// layout differs from the computed one.
#![allow(dead_code)]

pub mod schema {
    #[repr(C)]
    pub struct ArchivedQuote {
        pub ask: u32,
        pub bid: u64,
    }
}

#[used]
static KEEP: Option<fn(&schema::ArchivedQuote)> = None;

fn main() {}
