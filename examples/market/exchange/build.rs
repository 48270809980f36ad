//! Turns src/schema.rs, the cell's source of truth, into what the exchange
//! compiles and serves:
//!
//! * `$OUT_DIR/schema.cfp`: its CFP/1 canonical text (`cellvet fp --canon`),
//!   sent byte for byte in schema replies (docs/protocol.md §8);
//! * `$OUT_DIR/schema.digest`: the text's BLAKE3-256 digest, 64 hex digits
//!   (`cellvet fp --digest`), so that the cell needs no BLAKE3 crate;
//! * `$OUT_DIR/schema_types.rs`: the schema's items, without the inner
//!   attributes and doc comments that only cellvet reads (rustc has no
//!   `schema_version` attribute, and `include!` takes no inner attributes).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let schema = manifest.join("src/schema.rs");
    println!("cargo:rerun-if-changed=src/schema.rs");
    println!("cargo:rerun-if-env-changed=CELLVET");

    let canon = cellvet(&manifest, &["fp", "--canon"], &schema);
    fs::write(out.join("schema.cfp"), &canon).unwrap();
    let digest = cellvet(&manifest, &["fp", "--digest"], &schema);
    let digest = String::from_utf8(digest).expect("cellvet fp --digest printed non-UTF-8");
    fs::write(out.join("schema.digest"), digest.trim()).unwrap();

    let text = fs::read_to_string(&schema).unwrap();
    let items: String = text
        .lines()
        .filter(|l| !l.starts_with("#!") && !l.starts_with("//!"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(out.join("schema_types.rs"), items).unwrap();
}

/// Runs cellvet with args and the schema file and returns its output: the
/// binary named by $CELLVET, else `cellvet` on PATH, else this repository's
/// command through `go run`.
fn cellvet(manifest: &Path, args: &[&str], schema: &Path) -> Vec<u8> {
    let repo = manifest.join("../../..");
    let mut tries: Vec<Command> = Vec::new();
    if let Ok(bin) = env::var("CELLVET") {
        tries.push(Command::new(bin));
    } else {
        tries.push(Command::new("cellvet"));
        let mut go = Command::new("go");
        go.args(["run", "./cmd/cellvet"]).current_dir(&repo);
        tries.push(go);
    }
    let mut failures = Vec::new();
    for mut cmd in tries {
        cmd.args(args).arg(schema);
        match cmd.output() {
            Ok(o) if o.status.success() => return o.stdout,
            Ok(o) => failures.push(format!(
                "{cmd:?}: {}: {}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
            )),
            Err(e) => failures.push(format!("{cmd:?}: {e}")),
        }
    }
    panic!(
        "cannot run cellvet (set CELLVET to its path):\n{}",
        failures.join("\n")
    );
}
