#[derive(Archive)]
#[doc = r##"unterminated "# ] // ERROR "unterminated raw string" "unclosed delimiter `\[`"
struct S;
