package rustschema

import (
	"errors"
	"strings"
	"testing"
)

// optional is a schema with optional rkyv support, as crates write it.
const optional = `use rkyv::{Archive, Serialize};

#[derive(Debug, Clone)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive, rkyv::Serialize))]
#[cfg_attr(all(feature = "rkyv", not(feature = "compat")), rkyv(attr(repr(C))))]
pub struct Ping {
    pub seq: u64,
    #[cfg_attr(any(feature = "rkyv", feature = "serde"), serde(rename = "n"))]
    pub note: String,
}

#[derive(Debug)]
#[cfg_attr(feature = "rkyv", cfg_attr(unix, derive(Archive)))]
#[repr(u8)]
pub enum Kind { A = 1, B }
`

// plain is optional as built with feature "rkyv" on unix: the same
// attributes written without cfg_attr.
const plain = `use rkyv::{Archive, Serialize};

#[derive(Debug, Clone)]
#[derive(rkyv::Archive, rkyv::Serialize)]
#[rkyv(attr(repr(C)))]
pub struct Ping {
    pub seq: u64,
    pub note: String,
}

#[derive(Debug)]
#[derive(Archive)]
#[repr(u8)]
pub enum Kind { A = 1, B }
`

func mustCfg(t *testing.T, specs ...string) *Cfg {
	t.Helper()
	c, err := ParseCfg(specs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func canonOf(s *Schema) string {

	return string(Canon(s, DefaultProfile()).Text)
}

// TestCfgAttrOn: under the cfg a crate is built with, cfg_attr reads as
// its attributes, so the schema is the one written without cfg_attr.
func TestCfgAttrOn(t *testing.T) {
	got, err := ParseWith("x.rs", []byte(optional), mustCfg(t, `feature="rkyv"`, "unix"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("y.rs", []byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	if g, w := canonOf(got), canonOf(want); g != w {
		t.Errorf("canonical text under feature rkyv:\n%s\nwant (plain attributes):\n%s", g, w)
	}
	// compat drops the archived repr: a different schema.
	compat, err := ParseWith("x.rs", []byte(optional), mustCfg(t, `feature="rkyv"`, `feature="compat"`, "unix"))
	if err != nil {
		t.Fatal(err)
	}
	if canonOf(compat) == canonOf(want) {
		t.Errorf("feature compat did not drop #[rkyv(attr(repr(C)))]")
	}
	// Without unix only Ping derives Archive.
	nounix, err := ParseWith("x.rs", []byte(optional), mustCfg(t, `feature="rkyv"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(nounix.Types) != 1 || nounix.Types[0].Name != "Ping" {
		t.Errorf("without unix: types %v, want Ping only", nounix.Types)
	}
}

// TestCfgAttrOff: without the feature nothing derives Archive, and
// without a cfg set the cfg_attr derive is refused.
func TestCfgAttrOff(t *testing.T) {
	for _, tt := range []struct {
		cfg  *Cfg
		want string
	}{
		{mustCfg(t), "x.rs:1:1: no type in the file derives Archive (skipped 2 structs or enums deriving only Clone, Debug)"},
		{nil, "x.rs:4:37: #[cfg_attr] derives Archive: the schema depends on the build; read it with the build's cfg set (--cfg 'feature=\"rkyv\"')"},
	} {
		_, err := ParseWith("x.rs", []byte(optional), tt.cfg)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("cfg %v: error %v, want %s", tt.cfg, err, tt.want)
		}
	}
}

func TestCfgErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`#[cfg_attr(target_pointer_width = "64", derive(Archive))] struct A;`,
			`x.rs:1:12: cfg target_pointer_width decides the schema and is not given: give it, e.g. --cfg 'target_pointer_width="64"'`},
		{`#[cfg_attr(feature = 1, derive(Archive))] struct A;`, "x.rs:1:12: unsupported cfg predicate"},
		{`#[cfg_attr(not(a, b), derive(Archive))] struct A;`, "x.rs:1:12: cfg not() takes one predicate"},
		{`#[cfg_attr(unix, cfg(b))] #[derive(Archive)] struct A;`, "x.rs:1:18: #[cfg] inside #[cfg_attr] is not supported"},
		{`#[cfg_attr] #[derive(Archive)] struct A;`, "x.rs:1:1: malformed #[cfg_attr] attribute"},
	} {
		_, err := ParseWith("x.rs", []byte(tt.src), mustCfg(t, "unix"))
		var list ErrorList
		if !errors.As(err, &list) || !strings.HasPrefix(list[0].Error(), tt.want) {
			t.Errorf("%s: error %v, want %s", tt.src, err, tt.want)
		}
	}
	s, err := ParseWith("x.rs", []byte(`#[cfg_attr(target_pointer_width = "64", derive(Archive))] struct A;`), mustCfg(t, `target_pointer_width="64"`))
	if err != nil || len(s.Types) != 1 {
		t.Errorf("target_pointer_width given: %v", err)
	}
}

func TestParseCfg(t *testing.T) {
	c := mustCfg(t, `feature="rkyv"`, "unix", `feature="a b"`)
	if got, want := c.String(), `feature="a b" feature="rkyv" unix`; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	for _, bad := range []string{"feature=rkyv", "9x", "", `a-b="c"`, `feature="x`} {
		if _, err := ParseCfg([]string{bad}); err == nil {
			t.Errorf("ParseCfg(%q) succeeded", bad)
		}
	}
}

// featured is a schema whose items, fields and variants depend on features,
// as crates with optional parts write them.
const featured = `use rkyv::Archive;
#[cfg(feature = "std")]
use std::collections::HashMap;
#[cfg(not(feature = "std"))]
use std::collections::BTreeMap as HashMap;
#[cfg(feature = "wide")]
const N: usize = 8;
#[cfg(not(feature = "wide"))]
const N: usize = 4;

#[derive(Archive)]
pub struct Frame {
    pub id: u32,
    #[cfg(feature = "trace")]
    pub trace: u64,
    pub data: [u8; N],
    pub meta: HashMap<u8, u8>,
}

#[derive(Archive)]
pub struct Pair(#[cfg(feature = "trace")] u64, u8, u16);

#[derive(Archive)]
pub enum Kind {
    A,
    #[cfg(feature = "trace")]
    Traced,
    B,
}

#[cfg(feature = "trace")]
#[derive(Archive)]
pub struct Only;

#[cfg(target_pointer_width = "64")]
fn helper() {}
#[cfg(feature = "trace")]
use a::{b, c};
#[cfg(feature = "trace")]
const X: [u8; 2] = { [0, 1] };
`

// TestCfgItems: under a cfg set #[cfg] on items, uses, constants,
// fields and variants is evaluated as rustc does, so each build reads as
// the schema written for it without cfg.
func TestCfgItems(t *testing.T) {
	for _, tt := range []struct {
		cfg   []string
		plain string
	}{
		{nil, `use rkyv::Archive;
use std::collections::BTreeMap as HashMap;
#[derive(Archive)] pub struct Frame { pub id: u32, pub data: [u8; 4], pub meta: HashMap<u8, u8> }
#[derive(Archive)] pub struct Pair(u8, u16);
#[derive(Archive)] pub enum Kind { A, B }
`},
		{[]string{`feature="std"`, `feature="wide"`, `feature="trace"`}, `use rkyv::Archive;
use std::collections::HashMap;
#[derive(Archive)] pub struct Frame { pub id: u32, pub trace: u64, pub data: [u8; 8], pub meta: HashMap<u8, u8> }
#[derive(Archive)] pub struct Pair(u64, u8, u16);
#[derive(Archive)] pub enum Kind { A, Traced, B }
#[derive(Archive)] pub struct Only;
`},
	} {
		got, err := ParseWith("x.rs", []byte(featured), mustCfg(t, tt.cfg...))
		if err != nil {
			t.Fatalf("cfg %v: %v", tt.cfg, err)
		}
		want, err := Parse("y.rs", []byte(tt.plain))
		if err != nil {
			t.Fatal(err)
		}
		if g, w := canonOf(got), canonOf(want); g != w {
			t.Errorf("cfg %v: canonical text\n%s\nwant\n%s", tt.cfg, g, w)
		}
	}
}

// TestCfgItemsTarget: a target key the set does not give leaves its
// #[cfg] undecided: harmless on a helper, an error naming the flag on
// what the schema holds.
func TestCfgItemsTarget(t *testing.T) {
	src := `#[derive(Archive)] struct A { #[cfg(target_pointer_width = "64")] a: u64 }`
	_, err := ParseWith("x.rs", []byte(src), mustCfg(t, "unix"))
	want := `x.rs:1:31: #[cfg] on a field: the schema depends on the build; read it with the build's cfg set (--cfg 'target_pointer_width="64"')`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	s, err := ParseWith("x.rs", []byte(src), mustCfg(t, `target_pointer_width="32"`))
	if err != nil || len(s.Types[0].Fields) != 0 {
		t.Errorf("target_pointer_width=32: %v, want A without a", err)
	}
}
