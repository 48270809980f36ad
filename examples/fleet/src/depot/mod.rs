mod audit;

pub use audit::AuditEntry;

#[derive(Debug, Clone)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize))]
pub struct Status {
    pub name: String,
    pub free_bays: u16,
}
