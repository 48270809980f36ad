// ERROR "no type in the file derives Archive; a schema needs at least one #\[derive\(Archive\)\] struct or enum"
#[derive(Debug, Clone)]
struct Plain { a: u8 }
#[derive(rkyv::Serialize)]
enum E { A }
