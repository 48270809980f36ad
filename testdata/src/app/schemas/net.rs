//! A cell whose messages carry std types rkyv archives (addresses,
//! ranges, shared pointers) and borrowed fields archived through
//! with-wrappers: the vet pass's checks of those fields.

use rkyv::Archive;
use rkyv::with::InlineAsBox;
use std::net::{IpAddr, SocketAddrV4};
use std::ops::Range;
use std::rc::Rc;

#[derive(Archive)]
pub struct Peer<'a> {
    pub addr: SocketAddrV4,
    pub ip: IpAddr,
    pub ports: Range<u16>,
    pub shared: Rc<u32>,
    #[rkyv(with = InlineAsBox)]
    pub data: &'a [u8],
}
