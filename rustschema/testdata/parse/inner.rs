#![schema_version = 7_3]
#![cell_profile(rkyv = "0.7", pointer_width = 64, endian = "big", strict)]
#![allow(unused)]

#[derive(Archive)]
struct S;
