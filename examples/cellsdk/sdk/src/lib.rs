//! A stand-in for `cell-sdk` 0.4.1, which is not published on crates.io.
//!
//! It provides the names that the expansions of the real `cell-macros` 0.4.1
//! (`#[protein]`, `#[handler]`) refer to — `::cell_sdk::rkyv`,
//! `::cell_sdk::serde`, `::cell_sdk::CellError`, `::cell_sdk::Membrane` — and
//! a [`Membrane::bind`] that behaves on the wire as the real SDK's does (see
//! `membrane.rs` and ../README.md). Written from that documented behaviour;
//! no code of the real SDK is in here.

use std::fmt;

pub use anyhow;
pub use cell_macros::{handler, protein};
pub use rkyv;
pub use serde;

mod membrane;

pub use membrane::Membrane;

/// The SDK's error codes. `#[handler]`'s dispatch maps every failure
/// (argument deserialization and the handler's own `Err`) to
/// [`CellError::SerializationFailure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellError {
    ConnectionRefused,
    ConnectionReset,
    Timeout,
    AccessDenied,
    CapabilityMissing,
    IoError,
    CircuitBreakerOpen,
    InvalidHeader,
    SerializationFailure,
    Corruption,
}

impl CellError {
    fn name(self) -> &'static str {
        match self {
            CellError::ConnectionRefused => "ConnectionRefused",
            CellError::ConnectionReset => "ConnectionReset",
            CellError::Timeout => "Timeout",
            CellError::AccessDenied => "AccessDenied",
            CellError::CapabilityMissing => "CapabilityMissing",
            CellError::IoError => "IoError",
            CellError::CircuitBreakerOpen => "CircuitBreakerOpen",
            CellError::InvalidHeader => "InvalidHeader",
            CellError::SerializationFailure => "SerializationFailure",
            CellError::Corruption => "Corruption",
        }
    }
}

/// Displays the variant's name, as the real SDK does: a failing handler's
/// reply text is therefore `Handler error: SerializationFailure`.
impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::error::Error for CellError {}

/// The reply to a request whose payload fails rkyv validation: code 500, the
/// validation error, the cell's name.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize, Debug, Clone, PartialEq)]
#[archive(check_bytes)]
pub struct ErrorResponse {
    pub code: u32,
    pub message: String,
    pub cell: String,
}
