//! A cell on rkyv 0.7 with types the Go runtime does not carry, or carries
//! only when mirrored with care: tuples holding out-of-line data, an enum
//! with two unit variants, a message over the 16 MiB frame limit.
#![cell_profile(rkyv = "0.7")]

use rkyv::Archive;

#[derive(Archive)]
pub struct Pairs {
    pub id: u32,
    pub both: (String, Vec<u16>),
    pub one: (u32, String),
}

#[derive(Archive)]
pub enum Light {
    Red,
    Green { level: u8 },
    Off,
}

#[derive(Archive)]
pub struct Huge {
    pub data: [u8; 16777220],
    pub n: u32,
}

#[derive(Archive)]
pub struct Flags {
    pub a: u8,
    pub b: u8,
}
