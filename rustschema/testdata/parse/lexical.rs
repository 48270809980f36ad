/* Lexical forms: /* nested */ comments, raw identifiers, non-ASCII
   identifiers, literals in skipped code. */
#[derive(Archive)]
#[doc = r#"raw "doc" string"#]
#[doc = "escapes \n \t \\ \" \u{1F600} \x41"]
#[doc = b"bytes"]
pub struct r#Type {
    r#type: u8,
    r#match: r#u8,
    größe: u32,
    変数: i8,
    _underscore: u8,
    __double: u8,
}

fn literals() {
    let c = 'x'; let n = '\n'; let q = '\''; let e = '\u{1F600}';
    let b = b'x'; let bx = b'\xff'; let s = "a\
        b";
    let raw = r##"a "# b"##; let bs = br#"x"#; let cs = c"c"; let cr = cr"c";
    let l: &'static str = "x";
    let ints = (1_000, 0xffu8, 0o17, 0b1010, 16usize, 1u128, 2i64);
    let floats = (1.0, 1e10, 1.5e-3, 2f32, 3f64, 1., 1_0.0_1E+1_0);
    let ranges = (1..2, 1..=3, ..);
    let ops = a << b >> c <<= d >>= e && f || g != h == i <= j >= k;
    loop { 'outer: loop { break 'outer; } }
}
