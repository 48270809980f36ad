// Hand-written stand-ins for rkyv archived types, compiled by
// debuginfo_test.go with rustc to check the DWARF reader on known layouts.
#![allow(dead_code)]

pub mod cell {
    pub mod schema {
        #[repr(C)]
        pub struct ArchivedQuote {
            pub bid: u64,
            pub ask: u32,
            pub pair: (u8, u16),
        }

        #[repr(u8)]
        pub enum ArchivedMsg {
            Ping,
            Ack(u32),
            Order { id: u64, qty: [u16; 3] } = 7,
        }

        #[repr(i16)]
        pub enum ArchivedSigned {
            Low = -2,
            High = 5,
        }

        #[repr(C)]
        pub struct ArchivedPair(pub u32, pub u8);

        #[repr(u8)]
        pub enum ArchivedOne {
            Only(u64),
        }

        pub struct ArchivedUnit;

        #[repr(C)]
        pub struct ArchivedWrap<T> {
            pub inner: T,
            pub grid: [[u8; 3]; 2],
        }
    }
}

// Another ArchivedQuote in another module: ambiguous without a module path.
pub mod other {
    pub struct ArchivedQuote {
        pub x: u8,
    }
}

// rkyv is testdata/rkyv.rs (crate rkyv): its ArchivedUnit has the name of a
// schema type and is ignored without a module path. dupa and dupb are
// testdata/dup.rs built twice as crate dup, with different layouts of
// dup::ArchivedConflict.

use cell::schema::*;

#[used]
static KEEP: fn(
    *const ArchivedQuote,
    *const ArchivedMsg,
    *const ArchivedSigned,
    *const ArchivedPair,
    *const ArchivedOne,
    *const ArchivedUnit,
    *const ArchivedWrap<u32>,
    *const ArchivedWrap<other::ArchivedQuote>,
    *const other::ArchivedQuote,
    *const rkyv::ArchivedUnit,
    *const dupa::ArchivedConflict,
    *const dupb::ArchivedConflict,
) = keep;

fn keep(
    _: *const ArchivedQuote,
    _: *const ArchivedMsg,
    _: *const ArchivedSigned,
    _: *const ArchivedPair,
    _: *const ArchivedOne,
    _: *const ArchivedUnit,
    _: *const ArchivedWrap<u32>,
    _: *const ArchivedWrap<other::ArchivedQuote>,
    _: *const other::ArchivedQuote,
    _: *const rkyv::ArchivedUnit,
    _: *const dupa::ArchivedConflict,
    _: *const dupb::ArchivedConflict,
) {
}

fn main() {}

// A second user of some types, in another module (and so, with several
// codegen units, another compile unit that repeats their definitions).
pub mod second {
    use super::cell::schema::{ArchivedMsg, ArchivedQuote};

    #[used]
    static KEEP2: fn(*const ArchivedQuote, *const ArchivedMsg) = keep2;

    fn keep2(_: *const ArchivedQuote, _: *const ArchivedMsg) {}
}
