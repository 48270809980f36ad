// Lifetimes are erased; references and Cow need a with-wrapper.
use rkyv::Archive;
use std::borrow::Cow;

#[derive(Archive)]
struct L<'a>(&'a u8); // ERROR "field 0: the reference &u8 is archived only through a with-wrapper: Inline \(&T\), InlineAsBox, AsString \(&str\) or AsVec \(&\[T\]\) with rkyv 0.8; Inline or RefAsBox with rkyv 0.7"

#[derive(Archive)]
enum E<'a, 'b: 'a> {
    A(Vec<&'b str>), // ERROR "field 0: the reference &str is archived only through a with-wrapper"
    B { c: Cow<'a, str> }, // ERROR `field c: Cow<str> is archived only through the with-wrapper AsOwned`
    C(#[rkyv(with = Inline)] &'a mut u8), // ERROR "mutable references are not supported in schema types"
    D(&&'a u8), // ERROR "references to references are not supported in schema types"
}

#[derive(Archive)]
struct U<'a> {
    e: E<'a, 'static>,
    l: L<'_>,
}

#[derive(Archive)]
pub struct IpAddr(u32);

#[derive(Archive)]
struct Both {
    mine: IpAddr,
    std: std::net::IpAddr, // ERROR `std type std::net::IpAddr has the name of the schema type IpAddr \(at 23:12\), so the fingerprint could not tell them apart; rename the schema type`
}
