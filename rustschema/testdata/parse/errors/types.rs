// Type resolution errors.
use a::Dup;
use b::Dup;
use x::Quote;
use chrono::DateTime;
use cyc1 as cyc2;
use cyc2 as cyc1;

type GenericAlias<T> = Vec<T>;
type Plain = u8;
type Ref = &'static str;

#[derive(Archive)]
struct Quote { bid: f64 }

struct Helper;

#[derive(Archive)]
struct Other;

#[derive(Archive)]
struct S {
    a: Quoet, // ERROR `unknown type Quoet \(did you mean Quote\?\)`
    b: HashMap<u8, u8>, // ERROR "unknown type HashMap; add `use std::collections::HashMap;` or write std::collections::HashMap"
    c: Helper, // ERROR "type Helper is used by Archive type S but does not derive Archive; add #\[derive\(Archive\)\] to Helper"
    d: &str, // ERROR "field d: the reference &str is archived only through a with-wrapper"
    e: Box<dyn Fn()>, // ERROR `trait objects \(dyn Trait\) are not supported`
    f: *const u8, // ERROR "raw pointers are not supported"
    g: str, // ERROR "str is unsized: use String, or Box<str>"
    h: [u8], // ERROR `slice type \[u8\] is only supported as Box<\[u8\]>; use Vec<u8>`
    i: std::collections::HashMap<u8, u8, S>, // ERROR "HashMap with a custom hasher is not supported"
    j: Vec<u8, A>, // ERROR "Vec with a custom allocator is not supported"
    k: Vec, // ERROR "missing type arguments: Vec needs 1"
    l: Option<u8, u8, u8>, // ERROR "Option takes 1 type argument, found 3"
    m: u32<u8>, // ERROR "type u32 takes no type arguments"
    n: std::num::NonZero<f32>, // ERROR "NonZero<T> needs a primitive integer type, found f32"
    o: std::num::Wrapping<u8>, // ERROR `unsupported std type std::num::Wrapping: rkyv does not archive it, or cellvet does not know its archived form \(supported: primitives, String, .*, IpAddr, .*\)`
    p: chrono::Utc, // ERROR "unknown type chrono::Utc: chrono is not a crate or module this schema knows"
    q: impl Clone, // ERROR "impl Trait is not supported"
    r: fn(u8) -> u8, // ERROR "function pointers are not supported"
    s: !, // ERROR "the never type `!` is not supported"
    t: _, // ERROR "the placeholder `_` is not allowed"
    u: <u8 as X>::Y, // ERROR `qualified paths \(<T as Trait>::Name\) are not supported`
    v: Vec<'a>, // ERROR "missing type arguments: Vec needs 1"
    w: Self::Assoc, // ERROR "associated types are not supported in schema types: Self::Assoc"
    x: Other<u8>, // ERROR "type Other takes no type arguments"
    y: GenericAlias, // ERROR "generic type aliases are not supported: GenericAlias"
    z: m!(), // ERROR "macros in type position are not supported"
    aa: Fn(u8), // ERROR "function traits are not supported"
    ab: Dup, // ERROR `the name Dup is imported more than once \(a::Dup at 2:8, b::Dup at 3:8\)`
    ac: Quote, // ERROR `the name Quote is both defined in this module and imported \(at 4:8\)`
    ad: DateTime, // ERROR `unknown type chrono::DateTime: .* \(imported as DateTime at 5:13\)`
    ae: Plain<u8>, // ERROR "type alias Plain takes no type arguments"
    af: Ref, // ERROR "field af: the reference &str is archived only through a with-wrapper"
    ag: Vec<u8, u8, u8>, // ERROR "Vec takes 1 type argument, found 3"
    ah: Vec<{ 3 }>, // ERROR "const generic arguments are not supported"
    ai: Vec<Item = u8>, // ERROR "associated type bindings are not supported"
    aj: crate::other::Foo, // ERROR "cannot resolve crate::other::Foo: module other is not in this file; read the whole crate"
    ak: ::serde::Value, // ERROR "unknown type ::serde::Value: only std, core and alloc paths can start with ::"
    al: Strng, // ERROR `unknown type Strng \(did you mean String\?\)`
    am: hashmap, // ERROR `unknown type hashmap \(did you mean HashMap\?\); HashMap needs .use std::collections::HashMap;.`
    an: Xyzzy, // ERROR "unknown type Xyzzy$"
    ao: Box<[str]>, // ERROR "str is unsized"
    ap: Vec<u8>::Item, // ERROR "generic arguments are only supported on the last segment of a type path"
    ar: cyc1, // ERROR `cannot resolve cyc2: too many imports naming imports \(imported as cyc1 at 7:5\)$`
    aq: NonZero<u8>, // ERROR "unknown type NonZero; add `use std::num::NonZero;`"
}
