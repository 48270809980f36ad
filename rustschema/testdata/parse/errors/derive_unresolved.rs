// A derive that may be Archive but that cellvet cannot follow is an error
// on a type with no other Archive derive: it would otherwise vanish.
use crate::prelude::*;
use super::derives::Arch;
use rkyv::Archive as RkyvArchive;

#[derive(Debug, Arch)] // ERROR "cannot tell whether derive Arch is rkyv::Archive: it is imported from super::derives::Arch, another module; import it by its path \(use rkyv::Archive as Arch;\)"
struct A { a: u8 }

#[derive(Clone, Wire)] // ERROR "cannot tell whether derive Wire is rkyv::Archive: it may come from `use crate::prelude::\*`, and module prelude is not in this file; read the whole crate"
enum B { X }

// A type with an Archive derive is read whatever its other derives are.
#[derive(RkyvArchive, Wire, Arch)]
struct C { c: u16 }

// Prelude derives and paths of other crates are never Archive.
#[derive(Debug, PartialEq, serde::Serialize)]
struct D;

// An inline module sees the renamed derive through its glob of the root.
mod inner {
    use super::*;
    #[derive(RkyvArchive)]
    struct E;
}

// super:: is another module, even for one segment; rkyv's and serde's
// other derives are not Archive, through a glob or another module.
use super::Thing as T;
use super::helpers::Serialize as Ser;

#[derive(T)] // ERROR "cannot tell whether derive T is rkyv::Archive: it is imported from super::Thing, another module"
struct F;

#[derive(Serialize, Deserialize, CheckBytes, Ser)]
struct G;
