//! shapes.rs with a wider y: wide.lock pins it (cellvet add shapes --schema wide.rs --lock wide.lock).
#![schema_version = 3]

use rkyv::Archive;

#[derive(Archive)]
pub struct Point {
    pub x: u32,
    pub y: u32,
    pub live: bool,
}
