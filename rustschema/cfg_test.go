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
		{nil, "x.rs:4:37: #[cfg_attr] must not derive Archive"},
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
