//! The rkyv 0.8 side of the interop tests: the schema (schema.rs, copied by
//! build.rs), the code shared with the 0.7 crate (../common) and the codec.

/// The messages, from schema.rs (drifted with the `drift` feature).
pub mod schema {
    include!(concat!(env!("OUT_DIR"), "/schema.rs"));
}
#[path = "../../common/values.rs"]
pub mod values;
#[path = "../../common/wire.rs"]
pub mod wire;

/// The text of the schema this crate was built from.
pub const SCHEMA_RS: &str = include_str!(concat!(env!("OUT_DIR"), "/schema.rs"));

/// The profile bytes of protocol.md §3.3: rkyv 0.8, 32-bit pointers,
/// little-endian, aligned (rkyv's default features).
pub const PROFILE: [u8; 4] = [8, 32, 0, 0];

use rkyv::rancor::Error;

macro_rules! wire {
    ($($t:ty),*) => {$(
        impl values::Wire for $t {
            fn encode(&self) -> Vec<u8> {
                rkyv::to_bytes::<Error>(self).expect("serializing").to_vec()
            }
            fn decode(bytes: &[u8]) -> Result<Self, String> {
                // rkyv reads in place: the bytes must be aligned.
                let mut buf = rkyv::util::AlignedVec::<16>::with_capacity(bytes.len());
                buf.extend_from_slice(bytes);
                let archived = rkyv::access::<rkyv::Archived<$t>, Error>(&buf).map_err(|e| e.to_string())?;
                rkyv::deserialize::<$t, Error>(archived).map_err(|e| e.to_string())
            }
        }
    )*};
}

wire!(schema::Ping, schema::Pong, schema::Order);
