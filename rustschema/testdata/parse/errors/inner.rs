#![schema_version = "7"] // ERROR "malformed schema_version: expected #!\[schema_version = N\] with an integer literal N"
#![schema_version = 8] // ERROR "duplicate #!\[schema_version\]"
#![cell_profile(foo, rkyv = "0.9", pointer_width = "64", endian = big, unaligned = 1)] // ERROR "unknown cell_profile key `foo` \(known: endian, pointer_width, rkyv, strict, unaligned\)" "cell_profile pointer_width takes an integer" "cell_profile endian takes a string" "cell_profile unaligned is a flag" "invalid cell_profile: unsupported rkyv version \"0.9\""
#![cell_profile(strict)] // ERROR "duplicate #!\[cell_profile\]"
#[derive(Archive)]
struct S;
