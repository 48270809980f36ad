//! A cell whose messages carry enums with fields, chars, maps and sets:
//! the types of the vet pass's cell.Enum, cell.Char and map checks.
#![schema_version = 1]

use rkyv::Archive;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Archive)]
pub enum Event {
    Fill { order: u64, qty: u32 },
    Cancel(u64),
    Halt,
}

#[derive(Archive)]
#[repr(u8)]
pub enum Status {
    Open { since: u32 } = 3,
    Closed = 7,
}

#[derive(Archive)]
pub struct Feed {
    pub last: Event,
    pub next: Option<Event>,
    pub history: Vec<Event>,
    pub status: Status,
    pub mark: char,
    pub marks: Vec<char>,
    pub code: u32,
}

#[derive(Archive)]
pub struct Book {
    pub id: u32,
    pub levels: HashMap<u32, u64>,
    pub names: BTreeMap<String, u32>,
    pub seen: HashSet<u64>,
    pub tags: Vec<BTreeSet<u32>>,
}
