use super::super::config::*;
use rkyv::Archive;

#[derive(Archive)]
pub enum Packet {
    Hello { version: u16 },
    Configure(Limits),
    Bye,
}
