//! Messages of a delivery fleet's dispatch cell. rkyv support is optional
//! (feature "rkyv"), as in many message crates.
pub mod depot;
pub mod vehicle;

pub use vehicle::Position;

/// What a vehicle reports to dispatch every few seconds.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize))]
pub struct Report {
    pub vehicle_id: u32,
    pub at: Position,
    pub status: vehicle::Status,
    pub depot: Option<depot::Status>,
}
