type A = B;
type B = Vec<A>; // ERROR "type alias A refers to itself"
type SelfAlias = Self; // ERROR "`Self` is only available inside a struct or enum definition"
type Unsized = str; // ERROR "str is unsized"

#[derive(Archive)]
struct S {
    a: A,
    b: SelfAlias,
    c: Box<Unsized>,
}
