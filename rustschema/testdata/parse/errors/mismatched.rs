#[derive(Archive)]
struct S {
    a: [u8; 4),  // ERROR "mismatched closing delimiter: `\)` does not close `\[` opened at 3:8"
}
