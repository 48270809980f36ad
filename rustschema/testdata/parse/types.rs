// Every supported type form, spelled in the ways Rust allows.
use std::collections::{BTreeMap, BTreeSet, HashMap as Map, HashSet};
use std::collections;
use core::num::{NonZeroU8, NonZeroI64, NonZeroUsize, NonZero};
use std::time::Duration as Dur;
use std::marker::PhantomData;
use alloc::collections::btree_map::BTreeMap as Tree;

#[derive(Archive)]
struct Prims {
    a: u8, b: u16, c: u32, d: u64, e: u128, f: usize,
    g: i8, h: i16, i: i32, j: i64, k: i128, l: isize,
    m: f32, n: f64, o: bool, p: char, q: (),
}

#[derive(Archive)]
struct Std {
    s: String,
    v: Vec<u8>,
    b: Box<u32>,
    bs: Box<str>,
    bsl: Box<[u16]>,
    bsl2: Box<[(u8, u8)]>,
    o: Option<u32>,
    r: Result<u8, String>,
    hm: Map<String, u64>,
    hm2: collections::HashMap<u8, u8>,
    hs: HashSet<u32>,
    bm: BTreeMap<u8, Vec<String>>,
    bm2: Tree<i8, i8>,
    bset: BTreeSet<char>,
    pd: PhantomData<Std>,
    pd2: PhantomData<u8>,
    dur: Dur,
    nz: NonZeroU8,
    nz2: NonZeroI64,
    nz3: NonZeroUsize,
    nz4: NonZero<u32>,
    nz5: NonZero<isize>,
    nested: Vec<Vec<Option<Box<[u8]>>>>,
    turbofish: Vec::<u8>,
}

#[derive(Archive)]
struct Paths {
    a: std::string::String,
    b: alloc::vec::Vec<u8>,
    c: core::num::NonZeroU32,
    d: std::collections::HashMap<u8, u8>,
    e: ::std::time::Duration,
    f: std::marker::PhantomData<()>,
    g: core::option::Option<u8>,
    h: std::result::Result<(), ()>,
    i: std::boxed::Box<str>,
    j: alloc::collections::BTreeSet<u8>,
    k: std::collections::hash_set::HashSet<u8>,
    l: core::primitive::u8,
    m: std::num::NonZero<i8>,
    n: core::time::Duration,
}

#[derive(Archive)]
struct Compound {
    arr: [u8; 16],
    arr0: [u64; 0],
    arr2: [[u16; 2]; 3],
    t1: (u8,),
    t2: (u8, u64, u16),
    t3: ((u8, u8), [u8; 4],),
    paren: (u32),
    unit: (),
    opt_arr: Option<[Compound2; 2]>,
}

#[derive(Archive)]
struct Compound2(i8);
