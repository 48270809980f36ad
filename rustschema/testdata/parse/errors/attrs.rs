// Attribute errors.
#[derive(Archive)]
#[rkyv(with = X)] // ERROR "unknown rkyv argument `with` on a type \(known: archive_bounds, .*\)"
#[rkyv(as = "Foo")] // ERROR "rkyv 0.8 takes a type, not a string"
#[archive(foo, as = Foo)] // ERROR "unknown archive argument `foo`" "archive\(as = ...\) takes a string literal"
#[archive(repr(usize))] // ERROR "rkyv 0.7 does not accept repr\(usize\)"
struct A {
    #[rkyv(foo)] // ERROR "unknown rkyv argument `foo` on a field \(known: attr, getter, niche, omit_bounds, with\)"
    a: u8,
    #[rkyv(niche)] // ERROR "#\[rkyv\(niche\)\] is not supported"
    b: Option<Box<u8>>,
    #[with([u8])] // ERROR "a `with` wrapper must be a type path"
    c: u8,
    #[rkyv(with)] // ERROR "malformed rkyv\(with\): expected with = Wrapper"
    d: u8,
    #[with] // ERROR "malformed #\[with\] attribute"
    e: u8,
    #[rkyv(with = ())] // ERROR "malformed rkyv\(with\): expected with = Wrapper or with = \(Wrapper, ...\)"
    f: u8,
}

#[derive(Archive)]
enum V {
    #[rkyv(bar)] // ERROR "unknown rkyv argument `bar` on a variant \(known: other\)"
    A,
}

#[derive(Archive)]
#[rkyv(as = X)]
#[rkyv(as = Y)] // ERROR "`as` specified more than once"
struct TwoAs;

#[derive(Archive)]
#[archive_attr(repr(C, u8))] // ERROR "rkyv 0.7 allows only one of C, transparent or an integer in an archived repr"
enum Two { A }

#[derive(Archive)]
#[archive_attr(repr(packed(2)))] // ERROR "rkyv 0.7 ignores packed\(N\)"
struct P2 { a: u8 }

#[derive(Archive)]
#[archive_attr(repr(packed, align(4)))] // ERROR "rkyv 0.7 allows only one repr modifier" "conflicting packed and align representation hints in archived repr of PA"
struct PA { a: u8 }

#[derive(Archive)]
#[rkyv(attr(repr(u8)))] // ERROR "archived repr\(u8\) applies to enums, not to struct SU"
struct SU { a: u8 }

#[derive(Archive)]
#[derive(Debug = "x")] // ERROR "expected a derive macro path"
#[serde(anything goes here = [1, 2])]
#[doc(hidden)]
#[allow(dead_code)]
#[unknown::attr(x)]
struct Ignored;

union U { a: u8 }
#[derive(Archive)]
union U2 { a: u8 } // ERROR "rkyv cannot derive Archive for a union"

mod m {
    // An inline module is a module of the schema: no error.
    #[derive(Archive)]
    struct Inner;
}
