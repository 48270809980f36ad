//! rkyv 0.8 layout oracle: prints one JSON line per generated schema.
//! Build and run it with ../run.sh (needs RUSTC_BOOTSTRAP=1 for offset_of_enum).
#![feature(offset_of_enum, core_intrinsics)]
#![allow(internal_features, dead_code, unused_imports, private_interfaces, private_bounds)]

extern crate alloc;

#[path = "../../common/oracle.rs"]
mod oracle;

// Written by oraclegen: FAMILY and SCHEMAS.
mod generated;
// Written by oraclegen: fixtures(), the fixture crates' measurements.
mod fixtures;

fn main() {
    use core::mem::{align_of, size_of};
    let archived_u32 = core::any::type_name::<rkyv::Archived<u32>>();
    let profile = oracle::Profile {
        rkyv: "0.8",
        pointer_width: 8 * size_of::<rkyv::Archived<usize>>(),
        endian: oracle::endian_of(archived_u32),
        aligned: align_of::<rkyv::Archived<u32>>() == 4,
        strict: false, // 0.7 only; 0.8 structs are always repr(C)
    };
    oracle::run(
        generated::FAMILY,
        env!("ORACLE_RKYV_VERSION"),
        env!("ORACLE_RUSTC_VERSION"),
        &profile,
        generated::SCHEMAS,
        fixtures::fixtures,
    );
}
