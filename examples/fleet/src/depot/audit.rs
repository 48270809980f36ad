use super::super::Position;

/// Kept by the depot itself; never sent to dispatch.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize))]
pub struct AuditEntry {
    pub at: Position,
    pub note: String,
}
