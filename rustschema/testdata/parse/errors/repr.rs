// Invalid repr attributes.
#[derive(Archive)]
#[repr(u8, u16)] // ERROR "conflicting representation hints: u8 and u16"
enum A { X }
#[derive(Archive)]
#[repr(align(3))] // ERROR "invalid repr\(align\): 3 is not a power of two"
struct B;
#[derive(Archive)]
#[repr(align(8u8))] // ERROR "invalid repr\(align\): the argument must be an unsuffixed integer"
struct C;
#[derive(Archive)]
#[repr(align = 8)] // ERROR "incorrect repr\(align\) format: write align\(N\)"
struct D;
#[derive(Archive)]
#[repr(packed(3))] // ERROR "invalid repr\(packed\): 3 is not a power of two"
struct E;
#[derive(Archive)]
#[repr(simd)] // ERROR "unrecognized representation hint `simd`"
struct F;
#[derive(Archive)]
#[repr(u8)] // ERROR "repr\(u8\) applies to enums, not to struct G"
struct G;
#[derive(Archive)]
#[repr(packed)] // ERROR "repr\(packed\) applies to structs, not to enum H"
enum H { X }
#[derive(Archive)]
#[repr(C, transparent)] // ERROR "transparent struct I cannot have other repr hints"
struct I(u8);
#[derive(Archive)]
#[repr(packed, align(4))] // ERROR "conflicting packed and align representation hints in repr of J"
struct J(u8);
#[derive(Archive)]
#[repr(transparent)] // ERROR "transparent enum K needs exactly one variant, but has 2"
enum K { A(u8), B(u8) }
#[derive(Archive)]
#[repr(u8)] // ERROR "unsupported repr for zero-variant enum L"
enum L {}
#[derive(Archive)]
#[repr(packed(2))]
#[repr(packed(4))] // ERROR "conflicting packed representation hints: packed\(2\) and packed\(4\)"
struct M(u8);
#[derive(Archive)]
#[repr(align)] // ERROR "invalid repr\(align\): expected align\(N\)"
struct N;
#[derive(Archive)]
#[repr(align(1073741824))] // ERROR "invalid repr\(align\): larger than 2\^29"
struct O;
#[derive(Archive)]
#[repr] // ERROR "malformed #\[repr\] attribute: expected #\[repr\(...\)\]"
struct P;
#[derive(Archive)]
#[repr(align(x))] // ERROR "invalid repr\(align\): expected align\(N\) with an integer literal N"
struct Q;
