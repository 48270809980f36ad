//! The `exchange` test cell: its schema (src/schema.rs) as a library, so that
//! the binary (src/main.rs) and the integration tests share the types.

pub mod schema;
