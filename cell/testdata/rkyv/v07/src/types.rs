// The Rust types of cell/archive_types_test.go.
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
#[archive_attr(repr(C))]
struct Leg { qty: u32, venue: String }
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
#[archive_attr(repr(C))]
struct Order { account: String, legs: Vec<Leg>, note: Option<Box<u32>>, flag: bool }
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
#[archive_attr(repr(C))]
#[archive(bound(serialize = "__S: rkyv::ser::Serializer"))]
struct Node { v: u32, #[omit_bounds] next: Option<Box<Node>> }
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
enum Ev { Fill { qty: u32, venue: String }, Cancel(Vec<u16>), Halt }
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
#[archive_attr(repr(C))]
struct Holder { e: Ev, s: String }
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
#[archive_attr(repr(C))]
struct Al { a: u8, v: Vec<u64>, c: char }
// repr(Rust), as without "strict": rustc puts n (its Option tag has a niche)
// first. cell.gReord mirrors it with decl tags, cell.gReordNoDecl without.
#[derive(Archive, Serialize)]
#[archive(check_bytes)]
struct Reord { a: u8, s: String, v: Vec<u16>, n: Option<Box<u32>> }
