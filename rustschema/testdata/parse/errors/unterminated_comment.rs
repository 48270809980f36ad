#[derive(Archive)]
struct S;
/* an unterminated /* nested */ comment // ERROR "unterminated block comment"
struct T;
