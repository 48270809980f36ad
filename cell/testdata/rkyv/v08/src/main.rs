// Golden archives for cell's encoder tests, written with rkyv 0.8.18.
use rkyv::{rancor::Error, Archive, Serialize};

#[derive(Archive, Serialize)]
struct Leg { qty: u32, venue: String }
#[derive(Archive, Serialize)]
struct Order { account: String, legs: Vec<Leg>, note: Option<Box<u32>>, flag: bool }
#[derive(Archive, Serialize)]
#[rkyv(bytecheck(bounds(__C: rkyv::validation::ArchiveContext, __C::Error: rkyv::rancor::Source)))]
#[rkyv(serialize_bounds(__S: rkyv::ser::Writer + rkyv::ser::Allocator, __S::Error: rkyv::rancor::Source))]
struct Node { v: u32, #[rkyv(omit_bounds)] next: Option<Box<Node>> }
#[derive(Archive, Serialize)]
enum Ev { Fill { qty: u32, venue: String }, Cancel(Vec<u16>), Halt }
#[derive(Archive, Serialize)]
struct Holder { e: Ev, s: String }
#[derive(Archive, Serialize)]
struct Al { a: u8, v: Vec<u64>, c: char }

fn out<T>(name: &str, v: &T) where T: for<'a> Serialize<rkyv::api::high::HighSerializer<rkyv::util::AlignedVec, rkyv::ser::allocator::ArenaHandle<'a>, Error>> {
    let b = rkyv::to_bytes::<Error>(v).unwrap();
    let h: String = b.iter().map(|x| format!("{:02x}", x)).collect();
    println!("{} {}", name, h);
}

// The values, the same for both versions.
include!("../../values.rs");
