//! Fieldless enums held directly and in containers, for the enum=SET tag.
#![schema_version = 1]

use rkyv::Archive;

#[derive(Archive)]
pub enum Level {
    Low,
    Mid,
    High,
}

#[derive(Archive)]
pub enum Code {
    A = 3,
    B = 7,
}

#[derive(Archive)]
pub struct Reading {
    pub level: Level,
    pub maybe: Option<Level>,
    pub many: Vec<Level>,
    pub pair: [Level; 2],
    pub code: Code,
    pub count: u32,
}
