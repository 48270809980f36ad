// The cases of TestHostile for one format, as (Go type, archive bytes):
// stdin holds "HOSTILE FORMAT TYPE HEX" lines.
fn cases(format: &str) -> Vec<(String, Vec<u8>)> {
    use std::io::BufRead;
    let hex = |s: &str| -> Vec<u8> { (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect() };
    let mut out = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let w: Vec<&str> = line.split(' ').collect();
        if w[1] == format {
            out.push((w[2].to_string(), hex(w.get(3).copied().unwrap_or(""))));
        }
    }
    out
}
