#[derive(Archive)]
struct S;
} // ERROR "unexpected closing delimiter: `}`"
