#![cell_profile = 5] // ERROR "malformed #\[cell_profile\] attribute"
#![schema_version = -1] // ERROR "malformed schema_version"
#[derive(Archive)]
struct S;
