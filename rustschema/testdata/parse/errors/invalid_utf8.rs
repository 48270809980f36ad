#[derive(Archive)]
struct S; // ERROR "invalid UTF-8 encoding" ÿ
