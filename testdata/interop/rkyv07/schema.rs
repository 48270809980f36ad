// The interop cell's messages in rkyv 0.7 syntax: the same messages as
// ../rkyv08/schema.rs. cellvet reads this file with the profile
// `--rkyv=0.7` (`cellvet fp --canon`, `cellvet add --schema`); the crate
// compiles it (build.rs copies it, drifted with the `drift` feature: see the
// `drift:` marker below). Without the strict feature the archived structs
// are repr(Rust), laid out as rustc chooses, which cellvet predicts.
// `archive(check_bytes)` derives the validation check_archived_root needs.
use rkyv::{Archive, Deserialize, Serialize};

// Ping is the fixed-size request: 24 bytes, no padding.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct Ping {
    pub seq: u64,
    pub value: f64,
    pub count: u32,
    pub code: u16,
    pub tag: u8,
    pub flag: bool,
}

// Pong is the fixed-size reply to a Ping.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct Pong {
    pub seq: u64,
    pub sum: f64,
    pub count: u32,
    pub code: u16,
    pub tag: u8,
    pub ok: bool,
}

// Order is the variable-size message, request and reply: strings inline
// and out of line, a vector of structs holding strings, nested options,
// boxes and an enum with fields.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct Order {
    pub id: u64,
    pub account: String,
    pub legs: Vec<Leg>,
    pub limit: Option<Option<u32>>,
    pub note: Option<String>,
    pub parent: Option<Box<Leg>>,
    pub venue: Box<Venue>,
    pub event: Event,
}

#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct Leg {
    pub symbol: String,
    pub qty: u32, // drift: pub qty: u64,
}

#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct Venue {
    pub name: String,
    pub mic: [u8; 4],
}

#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub enum Event {
    Halt,
    Fill(u32, String),
    Cancel { reason: String, code: u16 },
}
