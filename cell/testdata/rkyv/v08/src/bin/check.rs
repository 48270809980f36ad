// Reads "HOSTILE FORMAT TYPE HEX" lines (TestHostile with CELL_HOSTILE_OUT set)
// and prints whether rkyv's own validator accepts each archive.
#![allow(dead_code)]
use rkyv::{rancor::Error, Archive, Serialize};

include!("../types.rs");

include!("../../../cases.rs");

fn main() {
    for (typ, bytes) in cases("0") {
        let mut v = rkyv::util::AlignedVec::<16>::new();
        v.extend_from_slice(&bytes);
        let r = match typ.as_str() {
            "cell.gOrder" => rkyv::access::<ArchivedOrder, Error>(&v).map(|_| ()),
            "cell.gNode" => rkyv::access::<ArchivedNode, Error>(&v).map(|_| ()),
            "cell.gHolder" => rkyv::access::<ArchivedHolder, Error>(&v).map(|_| ()),
            "cell.gAl" => rkyv::access::<ArchivedAl, Error>(&v).map(|_| ()),
            "cell.String" => rkyv::access::<rkyv::string::ArchivedString, Error>(&v).map(|_| ()),
            "cell.Vec[uint8]" => rkyv::access::<rkyv::vec::ArchivedVec<u8>, Error>(&v).map(|_| ()),
            t => panic!("{}", t),
        };
        match r { Ok(()) => println!("{} ACCEPTED", typ), Err(e) => println!("{} rejected: {}", typ, e) }
    }
}
