use rkyv::Archive;

#[derive(Archive)]
pub struct Marker;

#[derive(Archive)]
pub enum Empty {
    Only,
}
