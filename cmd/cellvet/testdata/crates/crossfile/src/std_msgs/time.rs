use rkyv::Archive;

#[derive(Archive)]
pub struct Stamp {
    pub sec: i32,
    pub nanosec: u32,
}
