#![cell_profile(unaligned = true, pointer_width = 16)]
#![schema_version = 0x10u32]
#[derive(Archive)]
struct S;
