#![cell_profile(strict, strict)] // ERROR "duplicate cell_profile key strict" "invalid cell_profile: strict is an rkyv 0.7 feature"
#![schema_version = 18446744073709551616] // ERROR "invalid schema_version: integer literal is too large"
#[derive(Archive)]
struct S;
