// Golden archives for cell's encoder tests, written with rkyv 0.8.18.
use rkyv::{rancor::Error, Archive, Serialize};

include!("types.rs");

fn out<T>(name: &str, v: &T) where T: for<'a> Serialize<rkyv::api::high::HighSerializer<rkyv::util::AlignedVec, rkyv::ser::allocator::ArenaHandle<'a>, Error>> {
    let b = rkyv::to_bytes::<Error>(v).unwrap();
    let h: String = b.iter().map(|x| format!("{:02x}", x)).collect();
    println!("{} {}", name, h);
}

// The values, the same for both versions.
include!("../../values.rs");

fn main() {
    values();
}
