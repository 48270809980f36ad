// BOM and CRLF line endings.
#[derive(Archive)]
struct Crlf {
    a: u8,
    b: String,
}

#[derive(Archive)]
enum E { A = 1,
  B }
