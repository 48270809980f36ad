// Reads "HOSTILE FORMAT TYPE HEX" lines (TestHostile with CELL_HOSTILE_OUT set)
// and prints whether rkyv's own validator accepts each archive.
#![allow(dead_code)]
use rkyv::{Archive, Serialize};

include!("../types.rs");

include!("../../../cases.rs");

fn main() {
    for (typ, bytes, name) in cases("1") {
        let mut v = rkyv::AlignedVec::new();
        v.extend_from_slice(&bytes);
        let r = match typ.as_str() {
            "cell.gOrder" => rkyv::check_archived_root::<Order>(&v).map(|_| ()).map_err(|e| e.to_string()),
            "cell.gReord" => rkyv::check_archived_root::<Reord>(&v).map(|_| ()).map_err(|e| e.to_string()),
            "cell.gAl" => rkyv::check_archived_root::<Al>(&v).map(|_| ()).map_err(|e| e.to_string()),
            "cell.String" => rkyv::check_archived_root::<String>(&v).map(|_| ()).map_err(|e| e.to_string()),
            t => panic!("{}", t),
        };
        match r { Ok(()) => println!("{} {} ACCEPTED", name, typ), Err(e) => println!("{} {} rejected: {}", name, typ, e) }
    }
}
