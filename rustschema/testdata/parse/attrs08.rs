// rkyv 0.8 attributes.
use rkyv::{Archive, Serialize, Deserialize};

#[derive(Archive, Serialize, Deserialize)]
#[rkyv(derive(Debug, PartialEq), compare(PartialEq), bytecheck(bounds(__C: X)))]
#[rkyv(attr(repr(C, align(8)), allow(dead_code)))]
#[rkyv(archived = ArchivedOrder, resolver = OrderResolver, crate = ::rkyv)]
#[rkyv(archive_bounds(T: Archive), serialize_bounds(__S: Writer), deserialize_bounds())]
pub struct Order {
    #[rkyv(with = rkyv::with::Skip)]
    cache: u64,
    #[rkyv(with = Inline, omit_bounds)]
    #[rkyv(with = rkyv::with::AsBox)]
    boxed: Box<u8>,
    #[rkyv(with = (Inline, AsBox))]
    pair: Box<u8>,
    #[rkyv(with = rkyv::with::MapKV<rkyv::with::Inline, AsBox>, attr(allow(dead_code)))]
    map: Vec<u8>,
    #[serde(rename = "x")]
    #[doc = "plain"]
    x: u8,
}

#[derive(Archive)]
#[rkyv(as = crate::ArchivedRemote<u8>, remote = other::Remote)]
pub struct Remote(#[rkyv(getter = other::get)] u32);

#[derive(Archive)]
#[rkyv(crate)]
#[rkyv(attr(repr(u8)))]
pub enum Kind {
    #[rkyv(other)]
    #[default]
    A,
    B,
}
