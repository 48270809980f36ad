//! The shapes cell's schema: cell.lock pins it (cellvet add shapes --schema shapes.rs).
#![schema_version = 3]

use rkyv::Archive;

#[derive(Archive)]
pub struct Point {
    pub x: u32,
    pub y: u16,
    pub live: bool,
}
