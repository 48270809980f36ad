//! Messages of a robot cell, spread over modules as message crates do.
pub mod config;
pub mod std_msgs;
pub mod net;

use rkyv::Archive;

#[derive(Archive)]
pub struct Status {
    pub header: crate::std_msgs::msg::Header,
    pub limits: config::Limits,
    pub last: net::client::Packet,
}
