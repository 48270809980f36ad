#![cell_profile(rkyv = "0.7", unaligned, pointer_width = 128, endian = "middle")] // ERROR "invalid cell_profile: unsupported pointer width 128"
#![cell_profile] // ERROR "duplicate #!\[cell_profile\]"
#[derive(Archive)]
struct S;
