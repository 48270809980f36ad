//! A cell on rkyv 0.7 with an enum with fields and explicit discriminants,
//! which rkyv 0.7 drops from the archived tags.
#![cell_profile(rkyv = "0.7", strict = true)]

use rkyv::Archive;

#[derive(Archive)]
#[repr(u8)]
pub enum Status {
    Open { since: u32 } = 3,
    Closed = 7,
}
