use rkyv::Archive;

#[derive(Archive)]
pub struct Broken {
    pub a: u32
    pub b: u64,
}
