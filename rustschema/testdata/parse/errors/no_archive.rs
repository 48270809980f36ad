// ERROR "no type in the file derives Archive \(skipped 2 structs or enums deriving only Clone, Debug, rkyv::Serialize\); a schema needs at least one #\[derive\(Archive\)\] struct or enum"
#[derive(Debug, Clone)]
struct Plain { a: u8 }
#[derive(rkyv::Serialize)]
enum E { A }
