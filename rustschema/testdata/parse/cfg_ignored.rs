// cfg on what no Archive type needs is ignored; #[cfg(test)] modules are
// skipped whatever they hold.
#[cfg(feature = "std")]
use std::collections::HashMap;
#[cfg(not(feature = "std"))]
use hashbrown::HashMap;
#[cfg(feature = "big")]
const LEN: usize = 64;
#[cfg(not(feature = "big"))]
const LEN: usize = 8;
#[cfg(unix)]
type Handle = i32;
#[cfg(windows)]
type Handle = u64;
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use rkyv::Archive;

#[derive(Archive)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Ping {
    pub seq: u64,
}

#[cfg(test)]
#[derive(Archive)]
struct OnlyInTests(Vec<Ping>);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Archive)]
    struct Fixture {
        map: HashMap<u8, u8>,
    }

    #[test]
    fn round_trip() {}
}
