// Golden archives for cell's encoder tests, written with rkyv 0.7.45
// (size_32, native little-endian; structs repr(C) as under "strict").
use rkyv::{Archive, Serialize};

include!("types.rs");

fn out<T: Serialize<rkyv::ser::serializers::AllocSerializer<256>>>(name: &str, v: &T) {
    let b = rkyv::to_bytes::<_, 256>(v).unwrap();
    let h: String = b.iter().map(|x| format!("{:02x}", x)).collect();
    println!("{} {}", name, h);
}

// The values, the same for both versions.
include!("../../values.rs");
