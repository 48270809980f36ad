#[derive(Archive)]
struct S { // ERROR "unclosed delimiter `{`"
    a: u8,
