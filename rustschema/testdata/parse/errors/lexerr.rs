// Lexical errors inside code the parser skips are still reported.
#[derive(Archive)]
#[doc = "bad \q escape"] // ERROR "unknown character escape: `q`"
struct S;
fn f() {
    let b = 'ab'; // ERROR "character literal may only contain one codepoint"
    let c = 0b102; // ERROR "invalid digit for a base 2 literal"
    let d = 12abc; // ERROR "invalid suffix `abc` for integer literal"
    let e = b"é"; // ERROR "non-ASCII character in byte string literal"
    let f = "\u{D800}"; // ERROR "invalid unicode character escape: must not be a surrogate"
    let g = € ; // ERROR "unknown start of token: `€`"
    let h = r#self; // ERROR "`self` cannot be a raw identifier"
    let i = '1a; // ERROR "lifetimes cannot start with a number"
    let j = ''; // ERROR "empty character literal"
    let k = 1e; // ERROR "expected at least one digit in exponent"
    let l = "x"y; // ERROR "suffixes on a literal are invalid"
    let m = b'\u{41}'; // ERROR "unicode escape in byte string"
}
