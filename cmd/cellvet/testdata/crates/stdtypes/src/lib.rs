use rkyv::Archive;
use std::net::{IpAddr, SocketAddr};

#[derive(Archive)]
pub struct Peer {
    pub id: u64,
    pub addr: SocketAddr,
    pub public_ip: Option<IpAddr>,
}
