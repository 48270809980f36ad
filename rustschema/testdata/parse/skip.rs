#![allow(dead_code)]
#![no_std]
#![doc = "inner docs"]
//! Items outside the schema are skipped; types without Archive are dropped.

extern crate alloc;
extern crate rkyv as rk;
use rkyv::Archive;
pub use self::Msg as Message;
use crate::{self as me};
use super::*;
use ::core::fmt;

mod external;
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn roundtrip() { let x = Msg { a: 1 }; assert_eq!(x.a, 1); }
}

macro_rules! make {
    ($t:ty) => { impl Foo for $t {} };
}
make!(u8);
make![u16];
make! { u32 }
lazy_static::lazy_static! { static ref X: u8 = 1; }

#[derive(Archive)]
pub struct Msg { pub a: u32 }

impl Msg {
    pub const fn new(a: u32) -> Self { Self { a } }
    fn weird<'a, T: Fn(u8) -> Vec<u8>>(&'a self, t: T) -> [u8; 4] where T: Clone { [0; 4] }
}

impl<const N: usize> Trait<{ N + 1 }> for Msg where [(); N]: Sized {
    type X = u8;
}

unsafe impl Send for Msg {}

pub trait Trait<const N: usize> { type X; fn f(&self) -> u8 { 0 } }
pub unsafe trait Unsafe {}
pub async fn run() {}
const fn cf() -> u8 { 1 }
pub const unsafe fn cuf() {}
unsafe extern "C" { fn ext(); }
extern "C" fn callback() {}
extern { static E: u8; }
static mut COUNTER: u32 = 0;
static TABLE: [u8; 3] = [1, 2, 3];

// Types without Archive: dropped, and free to use anything.
struct Helper<'a, T: Clone> where T: Copy { r: &'a T, d: Box<dyn Fn()> }
enum Local<T> { A(T), B(*const u8) }
union Raw { a: u8, b: u32 }
#[cfg(feature = "x")]
struct Conditional;
#[repr(C)]
#[derive(Clone, Copy)]
struct NotArchived(u8);
type Unused<'a> = &'a str;

/// Doc comment, /** block doc */ and /*! inner block */ are ignored.
/** block doc */
#[derive(Archive)]
/*! weird but lexes */
pub enum Kind { A, B }
