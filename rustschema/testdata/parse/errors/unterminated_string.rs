#[derive(Archive)]
struct S;
"abc // ERROR `unterminated string literal` `expected item, found string literal`
