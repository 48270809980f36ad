//! The `market` exchange cell: its messages (the schema), the framing and
//! schema responder of docs/protocol.md, and the exchange's answers.

pub mod exchange;
pub mod wire;

/// The messages of src/schema.rs, as build.rs prepares them for rustc.
pub mod schema {
    include!(concat!(env!("OUT_DIR"), "/schema_types.rs"));
}
