//! Shared by the rkyv07 and rkyv08 oracle crates: the measurement tables the
//! generated code fills, and the JSON-lines printer. See ../README.md.

use std::io::Write;

/// One generated schema and its measured archived layouts.
pub struct Schema {
    pub id: u32,
    pub seed: i64,
    /// The schema file exactly as compiled (`include_str!` of the file that
    /// the schema module `include!`s).
    pub source: &'static str,
    pub types: &'static [Ty],
}

pub struct Ty {
    pub name: &'static str,
    /// "struct" or "enum"
    pub kind: &'static str,
    /// structs: "named", "tuple" or "unit"; enums: ""
    pub shape: &'static str,
    /// size_of / align_of of `rkyv::Archived<T>`
    pub size: usize,
    pub align: usize,
    pub fields: &'static [Fld],
    pub variants: &'static [Var],
}

pub struct Var {
    pub name: &'static str,
    pub shape: &'static str,
    /// Discriminant of the archived variant, measured with
    /// `discriminant_value(&ArchivedE::V)`; only for variants without fields.
    pub tag: Option<u64>,
    pub fields: &'static [Fld],
}

pub struct Fld {
    pub name: &'static str,
    /// The field's Rust type as written in the schema.
    pub ty: &'static str,
    /// `offset_of!(ArchivedT, field)` (enums: `offset_of!(ArchivedE, V.field)`)
    pub offset: usize,
    /// size_of / align_of of `rkyv::Archived<FieldType>`
    pub size: usize,
    pub align: usize,
}

pub struct Profile {
    pub rkyv: &'static str,
    pub pointer_width: usize,
    pub endian: &'static str,
    pub aligned: bool,
    pub strict: bool,
}

fn esc(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn fields(out: &mut String, fs: &[Fld]) {
    out.push_str("\"fields\":[");
    for (i, f) in fs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        esc(out, f.name);
        out.push_str(",\"type\":");
        esc(out, f.ty);
        out.push_str(&format!(
            ",\"offset\":{},\"size\":{},\"align\":{}}}",
            f.offset, f.size, f.align
        ));
    }
    out.push(']');
}

/// A hand-written fixture crate (testdata/oracle/fixtures) and its
/// measured archived types, named by module path within the crate.
pub struct Fixture {
    /// The crate's directory under testdata/oracle/fixtures.
    pub dir: &'static str,
    /// The cfg set the crate is built and read with.
    pub cfg: &'static [&'static str],
    pub types: Vec<Ty>,
}

/// Measures one field: the offset comes from `offset_of!`, the size and
/// alignment from the archived field's own type, which `project` names
/// (a with-wrapper makes it differ from `Archived<FieldType>`).
pub fn fld<T, U>(name: &'static str, ty: &'static str, offset: usize, project: impl for<'r> Fn(&'r T) -> &'r U) -> Fld {
    drop(project);
    Fld { name, ty, offset, size: core::mem::size_of::<U>(), align: core::mem::align_of::<U>() }
}

fn header(out: &mut String, rkyv_version: &str, rustc: &str, p: &Profile) {
    out.push_str(",\"rkyv_version\":");
    esc(out, rkyv_version);
    out.push_str(",\"rustc\":");
    esc(out, rustc);
    out.push_str(",\"profile\":{\"rkyv\":");
    esc(out, p.rkyv);
    out.push_str(&format!(",\"pointer_width\":{},\"endian\":", p.pointer_width));
    esc(out, p.endian);
    out.push_str(&format!(",\"aligned\":{},\"strict\":{}}}", p.aligned, p.strict));
}

fn types(out: &mut String, ts: &[Ty]) {
    out.push_str(",\"types\":[");
    for (i, t) in ts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        esc(out, t.name);
        out.push_str(",\"kind\":");
        esc(out, t.kind);
        if !t.shape.is_empty() {
            out.push_str(",\"shape\":");
            esc(out, t.shape);
        }
        out.push_str(&format!(",\"size\":{},\"align\":{},", t.size, t.align));
        if t.kind == "struct" {
            fields(out, t.fields);
        } else {
            out.push_str("\"variants\":[");
            for (j, v) in t.variants.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"name\":");
                esc(out, v.name);
                out.push_str(",\"shape\":");
                esc(out, v.shape);
                if let Some(tag) = v.tag {
                    out.push_str(&format!(",\"tag\":{}", tag));
                }
                out.push(',');
                fields(out, v.fields);
                out.push('}');
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push(']');
}

/// Writes one JSON line per schema.
pub fn print_all(family: &str, rkyv_version: &str, rustc: &str, p: &Profile, schemas: &[Schema]) {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for s in schemas {
        let mut out = String::with_capacity(4096);
        out.push_str("{\"family\":");
        esc(&mut out, family);
        out.push_str(&format!(",\"id\":{},\"seed\":{}", s.id, s.seed));
        header(&mut out, rkyv_version, rustc, p);
        out.push_str(",\"source\":");
        esc(&mut out, s.source);
        types(&mut out, s.types);
        out.push_str("}\n");
        w.write_all(out.as_bytes()).expect("write stdout");
    }
    w.flush().expect("flush stdout");
}

/// Writes one JSON line per fixture crate.
pub fn print_fixtures(family: &str, rkyv_version: &str, rustc: &str, p: &Profile, fixtures: &[Fixture]) {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for f in fixtures {
        let mut out = String::with_capacity(4096);
        out.push_str("{\"family\":");
        esc(&mut out, family);
        out.push_str(",\"fixture\":");
        esc(&mut out, f.dir);
        out.push_str(",\"cfg\":[");
        for (i, c) in f.cfg.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            esc(&mut out, c);
        }
        out.push(']');
        header(&mut out, rkyv_version, rustc, p);
        types(&mut out, &f.types);
        out.push_str("}\n");
        w.write_all(out.as_bytes()).expect("write stdout");
    }
    w.flush().expect("flush stdout");
}

/// The oracle's main: with the argument `fixtures`, one JSON line per
/// fixture crate; without, one per generated schema.
pub fn run(family: &str, rkyv_version: &str, rustc: &str, p: &Profile, schemas: &[Schema], fixtures: fn() -> Vec<Fixture>) {
    if std::env::args().nth(1).as_deref() == Some("fixtures") {
        print_fixtures(family, rkyv_version, rustc, p, &fixtures());
    } else {
        print_all(family, rkyv_version, rustc, p, schemas);
    }
}

/// Endianness of the archive, read from the name of `Archived<u32>`
/// ("u32" is rkyv 0.7's native form).
pub fn endian_of(archived_u32: &str) -> &'static str {
    if archived_u32.contains("_be") || archived_u32.contains("_ube") || archived_u32.contains("BigEndian") {
        "big"
    } else if archived_u32.contains("_le") || archived_u32.contains("_ule") || archived_u32.contains("LittleEndian") {
        "little"
    } else if cfg!(target_endian = "big") {
        "big"
    } else {
        "little"
    }
}
