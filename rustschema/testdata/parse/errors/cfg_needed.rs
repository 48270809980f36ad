// A #[cfg] on something an Archive type needs is an error naming the cfg,
// reported where the type uses it.
#[cfg(feature = "std")]
use std::collections::HashMap;
#[cfg(not(feature = "std"))]
use hashbrown::HashMap;
#[cfg(target_pointer_width = "64")]
const N: usize = 8;
#[cfg(target_pointer_width = "32")]
const N: usize = 4;
#[cfg(unix)]
type Id = u64;
#[cfg(windows)]
type Id = u32;
#[cfg(feature = "btree")]
use std::collections::*;

#[derive(Archive)]
struct A {
    map: HashMap<u8, u8>, // ERROR `HashMap is imported under #\[cfg\(feature = "std"\)\] \(at 4:23\): the schema depends on the build; read it with the build's cfg set \(--cfg flags\)`
    arr: [u8; N], // ERROR `constant N is defined under #\[cfg\(target_pointer_width = "64"\)\] \(at 8:7\)`
    id: Id, // ERROR `type alias Id is defined under #\[cfg\(unix\)\] \(at 12:6\)`
    set: BTreeSet<u8>, // ERROR `BTreeSet is imported by a glob under #\[cfg\(feature = "btree"\)\] \(at 16:23\)`
}

// The same names unused, and cfg-gated helpers, are fine.
#[cfg(feature = "x")]
const UNUSED: u8 = 1;
#[cfg(feature = "x")]
const UNUSED: u8 = 2;
#[cfg(feature = "x")]
fn helper() {}
