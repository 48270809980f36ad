package rustschema

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// crateFS builds a crate from "path: content" pairs.
func crateFS(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	return fsys
}

func typeNames(s *Schema) []string {
	var names []string
	for _, d := range s.Types {
		names = append(names, d.Name+"@"+d.Module)
	}
	return names
}

// TestCrateModules reads crates that spread their types over files and
// modules, each name reached as rustc reaches it.
func TestCrateModules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		roots []string
		want  []string // Name@Module, sorted by name
	}{
		{"file modules", crateFS(
			"src/lib.rs", "mod config;\npub mod net;\nuse config::Limits;\n#[derive(rkyv::Archive)]\npub struct Top { l: Limits, p: net::client::Packet, h: crate::net::Header }\n",
			"src/config.rs", "#[derive(rkyv::Archive)]\npub struct Limits { max: u32 }\n",
			"src/net/mod.rs", "pub mod client;\npub use self::client::Header;\n",
			"src/net/client.rs", "use super::super::config::Limits;\n#[derive(rkyv::Archive)]\npub struct Packet { l: Limits }\n#[derive(rkyv::Archive)]\npub struct Header { n: u8 }\n",
		), nil, []string{"Header@net::client", "Limits@config", "Packet@net::client", "Top@"}},
		{"non-mod-rs children", crateFS(
			"src/lib.rs", "mod a;\n#[derive(rkyv::Archive)]\npub struct Top { x: a::b::X }\n",
			"src/a.rs", "pub mod b;\n",
			"src/a/b.rs", "#[derive(rkyv::Archive)]\npub struct X { v: u16 }\n",
		), nil, []string{"Top@", "X@a::b"}},
		{"path attribute", crateFS(
			"src/lib.rs", "#[path = \"wire/types.rs\"]\nmod types;\n#[derive(rkyv::Archive)]\npub struct Top { x: types::X }\n",
			"src/wire/types.rs", "mod inner;\npub use inner::X;\n",
			"src/wire/inner.rs", "#[derive(rkyv::Archive)]\npub struct X { v: u16 }\n",
		), nil, []string{"Top@", "X@types::inner"}},
		{"colliding names", crateFS(
			"src/lib.rs", "mod a;\nmod b;\n#[derive(rkyv::Archive)]\npub enum Packet { A(a::Packet), B(b::Packet) }\n",
			"src/a.rs", "#[derive(rkyv::Archive)]\npub enum Packet { Ping }\n",
			"src/b.rs", "#[derive(rkyv::Archive)]\npub enum Packet { Pong(u8) }\n",
		), nil, []string{"Packet@", "a::Packet@a", "b::Packet@b"}},
		{"roots", crateFS(
			"src/lib.rs", "mod a;\n#[derive(rkyv::Archive)]\npub struct Used { x: a::Inner }\n#[derive(rkyv::Archive)]\npub struct Unused<T> { t: T }\n",
			"src/a.rs", "#[derive(rkyv::Archive)]\npub struct Inner { v: u8 }\n#[derive(rkyv::Archive)]\npub struct Other { v: HashMap<u8, u8> }\n",
		), []string{"Used"}, []string{"Inner@a", "Used@"}},
		{"renamed derive from another module", crateFS(
			"src/lib.rs", "mod prelude;\nmod msg;\n",
			"src/prelude.rs", "pub use rkyv::Archive as Wire;\npub use serde::Serialize as Ser;\n",
			"src/msg.rs", "use crate::prelude::*;\n#[derive(Wire)]\npub struct M { v: u8 }\n#[derive(Ser)]\npub struct NotArchived<T> { t: T }\n",
		), nil, []string{"M@msg"}},
		{"test and cfg modules", crateFS(
			"src/lib.rs", "#[cfg(test)]\nmod tests;\n#[cfg(feature = \"x\")]\nmod extra;\n#[derive(rkyv::Archive)]\npub struct A { v: u8 }\n",
		), nil, []string{"A@"}},
		{"constants from another module", crateFS(
			"src/lib.rs", "mod limits;\nuse limits::*;\n#[derive(rkyv::Archive)]\npub struct A { v: [u8; N], w: [u8; limits::M] }\n",
			"src/limits.rs", "pub const N: usize = 2;\npub const M: usize = N * 2;\n",
		), nil, []string{"A@"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseFS(tc.fsys, "src/lib.rs", Options{Roots: tc.roots})
			if err != nil {
				t.Fatal(err)
			}
			if got := typeNames(s); !slices.Equal(got, tc.want) {
				t.Errorf("types %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCrateErrors checks that a crate's errors name the file they are in.
func TestCrateErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		roots []string
		want  string
	}{
		{"missing module file", crateFS("src/lib.rs", "\nmod gone;\n"),
			nil, "src/lib.rs:2:5: file not found for module gone: no src/gone.rs or src/gone/mod.rs"},
		{"both module files", crateFS("src/lib.rs", "mod two;\n", "src/two.rs", "", "src/two/mod.rs", ""),
			nil, "src/lib.rs:1:5: file for module two found at both src/two.rs and src/two/mod.rs; remove one"},
		{"error in a module file", crateFS("src/lib.rs", "mod a;\n", "src/a.rs", "#[derive(rkyv::Archive)]\nstruct A { x: Missing }\n"),
			nil, "src/a.rs:2:15: unknown type Missing"},
		{"unknown path", crateFS("src/lib.rs", "mod a;\n#[derive(rkyv::Archive)]\nstruct T { x: a::Packt }\n", "src/a.rs", "#[derive(rkyv::Archive)]\nstruct Packet;\n"),
			nil, "src/lib.rs:3:15: cannot resolve a::Packt: crate::a has no type Packt (did you mean Packet?)"},
		{"module under an unset cfg", crateFS("src/lib.rs", "#[derive(rkyv::Archive)]\nstruct T { x: extra::E }\n#[cfg(feature = \"x\")]\nmod extra { #[derive(rkyv::Archive)] pub struct E; }\n"),
			nil, "src/lib.rs:4:49: Archive type E is in module crate::extra, declared under #[cfg(feature = \"x\")] (at 4:5)"},
		{"path outside the crate", crateFS("src/lib.rs", "#[path = \"../../x.rs\"]\nmod x;\n"),
			nil, "src/lib.rs:2:5: #[path = \"../../x.rs\"] leads outside the crate's directory"},
		{"a file included twice", crateFS("src/lib.rs", "mod a;\n#[path = \"a.rs\"]\nmod b;\n", "src/a.rs", ""),
			nil, "src/lib.rs:3:5: module b is the file src/a.rs, which is already module crate::a"},
		{"ambiguous root", crateFS("src/lib.rs", "mod a { #[derive(rkyv::Archive)] pub struct P; }\nmod b { #[derive(rkyv::Archive)] pub struct P; }\n"),
			[]string{"P"}, "src/lib.rs: root type P is ambiguous: it is one of a::P, b::P"},
		{"unknown root", crateFS("src/lib.rs", "#[derive(rkyv::Archive)] pub struct Packet;\n"),
			[]string{"Pakcet"}, "src/lib.rs: root type Pakcet: no Archive type of the crate is named Pakcet (did you mean Packet?)"},
		{"no Archive type", crateFS("src/lib.rs", "mod a;\n", "src/a.rs", "#[derive(Debug)] struct S;\n"),
			nil, "src/lib.rs:1:1: no type in the crate derives Archive (skipped 1 struct or enum deriving only Debug)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFS(tc.fsys, "src/lib.rs", Options{Roots: tc.roots})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %s...", err, tc.want)
			}
		})
	}
}

// TestCrateFingerprint checks that where types are in the crate does not
// change the fingerprint while their names stay unique: the crate split
// over files is base.rs.
func TestCrateFingerprint(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "cfp1", "base.rs"))
	if err != nil {
		t.Fatal(err)
	}
	base, err := Parse("base.rs", src)
	if err != nil {
		t.Fatal(err)
	}
	split := crateFS(
		"src/lib.rs", "mod book;\nmod quote;\npub mod msg;\npub use book::Book;\n",
		"src/quote.rs", "use rkyv::Archive;\nconst DEPTH: usize = 4;\n#[derive(Archive)]\npub struct Quote { pub bid: f64, pub ask: f64, pub venue: String, pub levels: [u32; DEPTH] }\n",
		"src/msg/mod.rs", "mod side;\npub use side::Side;\n#[derive(rkyv::Archive)]\npub enum MarketMsg { Quote(crate::quote::Quote), OrderAck { id: u64, side: Side }, Heartbeat }\n",
		"src/msg/side.rs", "#[derive(rkyv::Archive)]\n#[repr(u8)]\npub enum Side { Buy = 1, Sell }\n",
		"src/book.rs", "use std::collections::HashMap;\nuse super::{msg::MarketMsg, quote::Quote};\n#[derive(rkyv::Archive)]\npub struct Book { pub quotes: Vec<Quote>, pub by_venue: HashMap<String, u32>, pub last: Option<Box<MarketMsg>> }\n",
	)
	s, err := ParseFS(split, "src/lib.rs", Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultProfile()
	if a, b := Canon(base, p), Canon(s, p); a.Digest != b.Digest {
		t.Errorf("split crate %s, base.rs %s:\n%s", b.Fingerprint(), a.Fingerprint(), b.Text)
	}
}

// TestCrateRoot finds the root file from a directory and a Cargo.toml.
func TestCrateRoot(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Cargo.toml", "[package]\nname = \"x\"\n\n[lib]\npath = \"wire.rs\"\n")
	write("wire.rs", "#[derive(rkyv::Archive)] pub struct W;\n")
	for _, p := range []string{dir, filepath.Join(dir, "Cargo.toml"), filepath.Join(dir, "wire.rs")} {
		s, err := ParseCrate(p, Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if s.File != filepath.Join(dir, "wire.rs") || len(s.Types) != 1 {
			t.Errorf("%s: read %s with %d types", p, s.File, len(s.Types))
		}
	}
	for _, tc := range []struct{ manifest, want string }{
		{"[workspace]\nmembers = [\"a\", \"b\"]\n", "is a workspace manifest (members: a, b): give one member crate's directory"},
		{"[package\n", "Cargo.toml:2:9: "},
		{"[package]\nname = \"x\"\n", "the package has no src/lib.rs, src/main.rs or [[bin]] path"},
	} {
		write("Cargo.toml", tc.manifest)
		if _, err := ParseCrate(dir, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.manifest, err, tc.want)
		}
	}
	if _, err := ParseCrate(t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "no Cargo.toml") {
		t.Errorf("empty directory: error %v", err)
	}
}

// FuzzParseCrate reads crates of two files, the second a module of the
// first under each way rustc finds it: never a panic, errors positioned.
func FuzzParseCrate(f *testing.F) {
	f.Add("mod a;\n#[derive(Archive)] struct T { x: a::X }\n", "#[derive(Archive)] pub struct X(u8);\n", uint8(0))
	f.Add("pub mod net { pub mod client; }\nuse net::client::*;\n", "use super::super::*;\n#[derive(Wire)] struct P;\n", uint8(1))
	f.Add("#[path = \"m.rs\"] mod m;\nuse rkyv::Archive as Wire;\n", "#[derive(super::Wire)] enum E { A }\nconst N: usize = crate::N;\n", uint8(2))
	f.Add("mod a; mod b { pub use super::a::*; }\n#[derive(Archive)] struct T(b::X, [u8; b::N]);\n", "pub const N: usize = 1;\n#[derive(Archive)] pub struct X;\n", uint8(0))
	f.Fuzz(func(t *testing.T, root, mod string, layout uint8) {
		files := []string{"src/a.rs", "src/a/mod.rs", "src/m.rs"}
		fsys := crateFS("src/lib.rs", root, files[int(layout)%len(files)], mod)
		s, err := ParseFS(fsys, "src/lib.rs", Options{Roots: nil})
		if err != nil {
			for _, e := range err.(ErrorList) {
				if strings.Contains(e.Msg, "internal error") {
					t.Fatalf("panic: %v", e)
				}
			}
			return
		}
		if len(s.Types) == 0 {
			t.Fatal("a schema without types")
		}
	})
}
