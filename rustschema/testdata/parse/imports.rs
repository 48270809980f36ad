// Imports in all forms; globs from std modules; renamed imports.
use std::collections::*;
use std::{string::String as Text, vec::Vec as List};
use std::num::{self as num, NonZeroU16 as Nz};
use self::Local as Alias;
use crate::Local as CrateAlias;
use std::option::Option::{self as Maybe};
use rkyv::{self, Archive as A2, with::*};

#[derive(Archive)]
struct Local(u8);

#[derive(Archive)]
struct Uses {
    a: HashMap<u8, u8>,
    b: BTreeSet<u8>,
    c: Text,
    d: List<Text>,
    e: num::NonZeroU64,
    f: Nz,
    g: Alias,
    h: CrateAlias,
    i: self::Local,
    j: crate::Local,
    k: super::Local,
    l: Maybe<u8>,
}
