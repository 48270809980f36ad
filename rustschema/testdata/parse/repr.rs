// Source reprs.
#[derive(Archive)]
#[repr(C)]
struct C { a: u8 }

#[derive(Archive)]
#[repr(transparent)]
struct T(u32);

#[derive(Archive)]
#[repr(C, align(8))]
#[repr(align(16))]
struct Aligned { a: u8 }

#[derive(Archive)]
#[repr(packed)]
struct Packed { a: u8, b: u32 }

#[derive(Archive)]
#[repr(C, packed(2))]
struct Packed2 { a: u8, b: u32 }

#[derive(Archive)]
#[repr(Rust)]
struct R { a: u8 }

#[derive(Archive)]
#[repr(u8)]
enum E8 { A, B }

#[derive(Archive)]
#[repr(C, i32)]
enum CI { A = -1, B(u8) }

#[derive(Archive)]
#[repr(C)]
enum CE { A, B }

#[derive(Archive)]
#[repr(usize, align(4))]
enum U { A }

#[derive(Archive)]
#[repr(transparent)]
enum One { Only(u32) }
