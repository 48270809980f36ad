// Writes the archived bytes of the sample values of common/values.rs, for
// the Go validator's tests: DIR/ping-N.bin, DIR/pong-N.bin (the answers)
// and DIR/order-N.bin, N from 0.
//
//   golden DIR
use interop::values::{self, Wire};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| {
        eprintln!("golden: writing {}: {e}", path.display());
        std::process::exit(1);
    });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 1 {
        eprintln!("usage: golden DIR");
        std::process::exit(2);
    }
    let dir = Path::new(&args[0]);
    for (i, p) in values::ping_samples().iter().enumerate() {
        write(dir, &format!("ping-{i}.bin"), &p.encode());
        write(dir, &format!("pong-{i}.bin"), &values::pong(p).encode());
    }
    for (i, o) in values::order_samples().iter().enumerate() {
        write(dir, &format!("order-{i}.bin"), &o.encode());
    }
}
