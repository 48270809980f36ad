use rkyv::with::InlineAsBox;
use rkyv::Archive;

/// A frame that borrows its payload from the receive buffer.
#[derive(Archive, rkyv::Serialize)]
pub struct Frame<'a> {
    pub seq: u32,
    #[rkyv(with = InlineAsBox)]
    pub data: &'a [u8],
    #[rkyv(with = InlineAsBox)]
    pub topic: &'a str,
}
