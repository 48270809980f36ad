// The Rust types of cell/archive_types_test.go.
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
