// Archive under renames, paths and imports that follow the types.
#[derive(Debug, RkyvArchive)]
pub struct Renamed { a: u8, b: Inner }

#[derive(rkyv::Archive)]
pub struct Inner(u32);

#[derive(::rkyv::Archive, Serialize)]
pub enum Global { A, B(Renamed) }

#[derive(Again)]
pub struct Chain;

#[derive(R)]
pub struct Grouped;

// Not Archive: the prelude, other crates' derives, and a name bound to
// another rkyv macro.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
pub struct Helper;

use rkyv::Archive as RkyvArchive;
use self::RkyvArchive as Again;
use rkyv::{Serialize, Archive as R};
use std::*;
