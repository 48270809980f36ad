#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize))]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize))]
pub enum Status {
    Idle,
    EnRoute { stop: u16, eta_s: u32 },
    Charging(u8),
}
