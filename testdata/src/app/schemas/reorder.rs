//! A cell on rkyv 0.7 without strict: rustc reorders its repr(Rust)
//! archived structs, but rkyv serializes (and validates) the out-of-line
//! data of their fields in declaration order.
#![cell_profile(rkyv = "0.7")]

use rkyv::Archive;

/// Reordered, but its out-of-line fields (s, v) keep their relative order.
#[derive(Archive)]
pub struct Order {
    pub a: u8,
    pub s: String,
    pub v: Vec<u16>,
    pub o: Option<u32>,
}

/// 8-aligned: rustc moves it before 4-aligned fields.
#[derive(Archive)]
pub struct Leg {
    pub price: u64,
    pub venue: String,
}

/// rustc puts leg (8-aligned, holding a String) before note.
#[derive(Archive)]
pub struct Fill {
    pub note: String,
    pub qty: u32,
    pub leg: Leg,
    pub flag: u8,
}

/// A tuple struct reordered the same way.
#[derive(Archive)]
pub struct Pair(pub Vec<u8>, pub Leg);

/// Holds a Fill by value: Fill's own fields need the tags wherever it is
/// mirrored.
#[derive(Archive)]
pub struct Batch {
    pub id: u32,
    pub fill: Fill,
}

/// An enum with a String in a variant: it holds out-of-line data.
#[derive(Archive)]
pub enum Kind {
    Name(String),
    Code(u64),
}

/// rustc puts kind (8-aligned) before note.
#[derive(Archive)]
pub struct Mark {
    pub note: String,
    pub kind: Kind,
}

/// An array of structs holding strings, moved before note.
#[derive(Archive)]
pub struct Slot {
    pub note: String,
    pub legs: [Leg; 2],
}

/// An option of one, moved before note.
#[derive(Archive)]
pub struct Maybe {
    pub note: String,
    pub leg: Option<Leg>,
}

/// Only fixed-size fields move before note: nothing to tag.
#[derive(Archive)]
pub struct Fixed {
    pub note: String,
    pub when: u64,
    pub codes: [u64; 2],
}
