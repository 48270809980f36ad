// Reads "HOSTILE FORMAT TYPE HEX" lines (TestHostile with CELL_HOSTILE_OUT set)
// and prints whether rkyv's own validator accepts each archive.
#![allow(dead_code)]
use rkyv::{rancor::Error, Archive, Serialize};

include!("../types.rs");

fn hex(s: &str) -> Vec<u8> { (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i+2], 16).unwrap()).collect() }
fn main() {
    use std::io::BufRead;
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let w: Vec<&str> = line.split(' ').collect();
        if w[1] != "0" { continue; }
        let bytes = hex(w.get(3).copied().unwrap_or(""));
        let mut v = rkyv::util::AlignedVec::<16>::new();
        v.extend_from_slice(&bytes);
        let r = match w[2] {
            "cell.gOrder" => rkyv::access::<ArchivedOrder, Error>(&v).map(|_| ()),
            "cell.gNode" => rkyv::access::<ArchivedNode, Error>(&v).map(|_| ()),
            "cell.gHolder" => rkyv::access::<ArchivedHolder, Error>(&v).map(|_| ()),
            "cell.gAl" => rkyv::access::<ArchivedAl, Error>(&v).map(|_| ()),
            "cell.String" => rkyv::access::<rkyv::string::ArchivedString, Error>(&v).map(|_| ()),
            "cell.Vec[uint8]" => rkyv::access::<rkyv::vec::ArchivedVec<u8>, Error>(&v).map(|_| ()),
            t => panic!("{}", t),
        };
        match r { Ok(()) => println!("{} ACCEPTED", w[2]), Err(e) => println!("{} rejected: {}", w[2], e) }
    }
}
