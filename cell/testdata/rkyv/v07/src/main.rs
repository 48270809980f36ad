// Golden archives for cell's encoder tests, written with rkyv 0.7.45
// (size_32, native little-endian; structs repr(C) as under "strict", but
// Reord, which rustc reorders).
use rkyv::{Archive, Serialize};

include!("types.rs");

fn out<T: Serialize<rkyv::ser::serializers::AllocSerializer<256>>>(name: &str, v: &T) {
    let b = rkyv::to_bytes::<_, 256>(v).unwrap();
    let h: String = b.iter().map(|x| format!("{:02x}", x)).collect();
    println!("{} {}", name, h);
}

// The values, the same for both versions.
include!("../../values.rs");

// The offsets of ArchivedReord's fields a, s, v, n: the layout cell.gReord
// mirrors; a rustc that lays it out otherwise fails run.sh.
fn reord_layout() -> [usize; 4] {
    let u = core::mem::MaybeUninit::<ArchivedReord>::uninit();
    let p = u.as_ptr();
    let at = |f: *const u8| f as usize - p as usize;
    unsafe {
        [at(core::ptr::addr_of!((*p).a).cast()), at(core::ptr::addr_of!((*p).s).cast()),
         at(core::ptr::addr_of!((*p).v).cast()), at(core::ptr::addr_of!((*p).n).cast())]
    }
}

fn main() {
    values();
    // 0.7 only: a struct rustc lays out n, s, v, a, whose out-of-line data
    // rkyv writes (and validates) in declaration order: s, v, n.
    assert_eq!(reord_layout(), [24, 8, 16, 0], "ArchivedReord's layout changed: update cell.gReord");
    out("reord", &Reord { a: 3, s: "a-long-string".into(), v: vec![1u16, 2], n: Some(Box::new(9)) });
}
