// Golden archives for cell's encoder tests, written with rkyv 0.7.45
// (size_32, native little-endian; structs repr(C) as under "strict").
use rkyv::{Archive, Serialize};

#[derive(Archive, Serialize)]
#[archive_attr(repr(C))]
struct Leg { qty: u32, venue: String }
#[derive(Archive, Serialize)]
#[archive_attr(repr(C))]
struct Order { account: String, legs: Vec<Leg>, note: Option<Box<u32>>, flag: bool }
#[derive(Archive, Serialize)]
#[archive_attr(repr(C))]
#[archive(bound(serialize = "__S: rkyv::ser::Serializer"))]
struct Node { v: u32, #[omit_bounds] next: Option<Box<Node>> }
#[derive(Archive, Serialize)]
enum Ev { Fill { qty: u32, venue: String }, Cancel(Vec<u16>), Halt }
#[derive(Archive, Serialize)]
#[archive_attr(repr(C))]
struct Holder { e: Ev, s: String }
#[derive(Archive, Serialize)]
#[archive_attr(repr(C))]
struct Al { a: u8, v: Vec<u64>, c: char }

fn out<T: Serialize<rkyv::ser::serializers::AllocSerializer<256>>>(name: &str, v: &T) {
    let b = rkyv::to_bytes::<_, 256>(v).unwrap();
    let h: String = b.iter().map(|x| format!("{:02x}", x)).collect();
    println!("{} {}", name, h);
}

// The values, the same for both versions.
include!("../../values.rs");
