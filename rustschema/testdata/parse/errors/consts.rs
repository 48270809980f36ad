const X: u32 = 4;
const Y: usize = size_of::<u8>(); // ERROR "unsupported constant expression: size_of is followed by `<`"
const NAME: &str = "x";
const CYC: usize = CYC2; // ERROR "constant CYC depends on itself"
const CYC2: usize = CYC;
const Z: usize = 1;
const LEN: usize = 2;
const BIG: u8 = 300; // ERROR "value 300 does not fit u8"
const USES_BIG: u8 = BIG;

#[derive(Archive)]
struct S {
    a: [u8; X], // ERROR `mismatched types: expected usize, found u32 \(constant X\)`
    b: [u8; 1 - 2], // ERROR "value -1 does not fit usize"
    c: [u8; 4u8], // ERROR "mismatched types: expected usize, found u8 literal 4u8"
    d: [u8; 1 / 0], // ERROR "attempt to divide by zero"
    e: [u8; -1], // ERROR "cannot apply unary operator `-` to type usize"
    f: [u8; Y],
    g: [u8; NAME], // ERROR "constant NAME is not of a primitive integer type"
    h: [u8; CYC],
    i: [u8; 9223372036854775807 + 1], // ERROR "arithmetic overflow in constant expression"
    j: [u8; 18446744073709551615], // ERROR "integer literal 18446744073709551615 is out of the supported range"
    k: [u8; 1 << 64], // ERROR "attempt to shift by 64, which overflows usize"
    l: [u8; Z as usize], // ERROR "unsupported constant expression: unexpected keyword `as`"
    m: [u8; Q], // ERROR "unknown constant Q$"
    n: [u8; LNE], // ERROR `unknown constant LNE \(did you mean LEN\?\)`
    o: [u8; other::N], // ERROR "unsupported constant path other::N"
    p: [u8; 1.5], // ERROR "unsupported constant expression: found float literal `1.5`"
    q: [u8; 9223372036854775807 * 2], // ERROR "arithmetic overflow"
    r: [u8; (1 + )], // ERROR "unsupported constant expression: found `\)`"
    s: [u8; USES_BIG as usize], // ERROR "unexpected keyword `as`"
}

#[derive(Archive)]
#[repr(u8)]
enum E {
    A = USES_BIG,
}

#[repr(u8)]
#[derive(Archive)]
enum D1 { A = 256 } // ERROR "value 256 does not fit u8"
#[repr(u8)]
#[derive(Archive)]
enum D2 { A = 255, B } // ERROR "enum discriminant overflowed: variant B would follow 255, the largest u8"
#[derive(Archive)]
enum D3 { A = 1, B = 1 } // ERROR `discriminant value 1 is assigned more than once in enum D3 \(variants A and B\)`
#[derive(Archive)]
enum D4 { A, B = 0 } // ERROR "discriminant value 0 is assigned more than once"
#[derive(Archive)]
enum D5 { A(u8) = 1 } // ERROR `enum D5 has variants with fields, so explicit discriminants need #\[repr\(inttype\)\]`
#[repr(i8)]
#[derive(Archive)]
enum D6 { A = -129 } // ERROR "value -129 does not fit i8"
#[derive(Archive)]
enum D7 { A = -9223372036854775808, B = -(-9223372036854775808) } // ERROR "arithmetic overflow"
#[derive(Archive)]
enum D8 { A = 1 << 63, B = 1 << 62 }
#[repr(u64)]
#[derive(Archive)]
enum D9 { A = !0 } // ERROR "arithmetic overflow"
