use rkyv::Archive;

#[derive(Archive)]
pub struct Limits {
    pub max_speed: f32,
    pub max_load: u32,
}
