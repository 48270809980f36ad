use rkyv::Archive;

#[derive(Archive)]
pub struct Quote {
    pub bid: f64,
}

#[derive(Archive)]
pub struct Book {
    pub best: Qoute,
}
