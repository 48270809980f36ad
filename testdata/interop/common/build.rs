// Copies the crate's schema.rs into OUT_DIR, where src/lib.rs includes it.
// With the `drift` feature the copy is the drifted schema: every line
// holding the marker `// drift: NEW` is replaced by NEW (keeping its
// indentation), so the drifted cell differs from the real one exactly where
// the schema says and nowhere else. The cell binary prints the text it was
// built from (`cell --print-schema`), so the Go tests fingerprint the very
// schema the binary serves.
use std::{env, fs, path::Path};

const MARKER: &str = "// drift: ";

fn drifted(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut changed = 0;
    for line in src.lines() {
        match line.find(MARKER) {
            Some(i) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(indent);
                out.push_str(line[i + MARKER.len()..].trim());
                changed += 1;
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    assert!(changed == 1, "schema.rs must hold exactly one `{MARKER}` line, found {changed}");
    out
}

fn main() {
    let dir = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let src = fs::read_to_string(Path::new(&dir).join("schema.rs")).expect("reading schema.rs");
    let text = if env::var_os("CARGO_FEATURE_DRIFT").is_some() { drifted(&src) } else { src };
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("schema.rs");
    fs::write(out, text).expect("writing OUT_DIR/schema.rs");
    println!("cargo:rerun-if-changed=schema.rs");
}
