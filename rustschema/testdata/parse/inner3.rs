#![cell_profile()]
#[derive(Archive)]
struct S;
