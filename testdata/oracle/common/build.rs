// Records the rustc and rkyv versions the oracle is compiled with.
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(&rustc).arg("--version").output().expect("rustc --version");
    let version = String::from_utf8(out.stdout).expect("utf-8").trim().to_string();
    println!("cargo:rustc-env=ORACLE_RUSTC_VERSION={version}");

    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let lock = std::fs::read_to_string(format!("{dir}/Cargo.lock")).expect("Cargo.lock");
    let mut rkyv = String::new();
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"rkyv\"" {
            let v = lines.next().unwrap_or("");
            rkyv = v.trim().trim_start_matches("version = ").trim_matches('"').to_string();
        }
    }
    assert!(!rkyv.is_empty(), "rkyv not found in Cargo.lock");
    println!("cargo:rustc-env=ORACLE_RKYV_VERSION={rkyv}");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-env-changed=RUSTC");
}
