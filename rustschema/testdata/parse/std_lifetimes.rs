// Std types rkyv archives, lifetimes and with-wrappers.
use rkyv::Archive;
use rkyv::with::{AsOwned, InlineAsBox, Niche};
use std::borrow::Cow;
use std::net::*;
use std::ops::{Bound, Range, RangeInclusive};
use std::rc::{self, Rc};
use std::sync::{Arc, Weak};

#[derive(Archive)]
pub struct Peer<'a, 'b: 'a> {
    pub ip: IpAddr,
    pub v4: Ipv4Addr,
    pub v6: core::net::Ipv6Addr,
    pub addr: SocketAddr,
    pub a4: SocketAddrV4,
    pub a6: std::net::SocketAddrV6,
    pub ports: Range<u16>,
    pub window: RangeInclusive<u64>,
    pub from: std::ops::RangeFrom<u32>,
    pub to: core::ops::RangeTo<u8>,
    pub upto: std::ops::RangeToInclusive<i32>,
    pub all: std::ops::RangeFull,
    pub bound: Bound<u32>,
    pub shared: Rc<str>,
    pub counted: Arc<[u8]>,
    pub weak: Weak<Kind<'a>>,
    pub rcweak: rc::Weak<u64>,
    pub queue: std::collections::VecDeque<u8>,
    pub keep: std::mem::ManuallyDrop<u16>,
    pub pin: std::marker::PhantomPinned,
    pub c: std::ffi::CString,
    #[rkyv(with = InlineAsBox)]
    pub data: &'a [u8],
    #[rkyv(with = rkyv::with::AsString)]
    pub name: &'b str,
    #[rkyv(with = AsOwned)]
    pub label: Cow<'a, str>,
    #[rkyv(with = Niche)]
    pub next: Option<Box<u64>>,
    pub kind: Kind<'a>,
}

#[derive(Archive)]
pub enum Kind<'a> {
    Borrowed(#[rkyv(with = rkyv::with::Inline)] &'a u32),
    Owned(#[with(AsOwned)] Cow<'a, [u32]>),
    Neither,
}

#[derive(Archive)]
pub struct Empty<>(u8);

#[derive(Archive)]
pub struct Trailing<'a,> {
    #[rkyv(with = rkyv::with::Map<rkyv::with::AsString>)]
    pub names: Vec<&'a str>,
    pub e: Empty,
}
