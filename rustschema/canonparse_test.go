package rustschema

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestParseCanonicalRoundTrip reads every conformance vector's canonical
// text back and checks it denotes the same schema: same text, same digest,
// same per-type and layout digests.
func TestParseCanonicalRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cfp1", "*.rs"))
	if len(files) == 0 {
		t.Fatal("no conformance vectors")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		p := DefaultProfile()
		if s.Profile != nil {
			p = *s.Profile
		}
		want := Canon(s, p)
		s2, p2, err := ParseCanonical("x.canon", want.Text)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p2 != p {
			t.Errorf("%s: profile %+v, want %+v", f, p2, p)
		}
		got := Canon(s2, p2)
		if !bytes.Equal(got.Text, want.Text) || got.Layout != want.Layout || len(got.Types) != len(want.Types) {
			t.Errorf("%s: round trip changed the schema", f)
			continue
		}
		for i := range got.Types {
			if got.Types[i].Digest != want.Types[i].Digest || got.Types[i].Layout != want.Types[i].Layout {
				t.Errorf("%s: type %s sums changed", f, got.Types[i].Name)
			}
		}
	}
}

func TestParseCanonicalErrors(t *testing.T) {
	const good = "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\nstruct A named repr=rust archived=rust\nfield x u32\nfield b B\nend\nstruct B unit repr=rust archived=rust\nend\n"
	if _, _, err := ParseCanonical("t", []byte(good)); err != nil {
		t.Fatalf("good text: %v", err)
	}
	for _, tc := range []struct{ text, rx string }{
		{"", `^t:1:1: want the header line`},
		{strings.Replace(good, "cfp 1", "cfp 2", 1), `^t:1:1: want the header`},
		{strings.Replace(good, "rkyv0.8", "rkyv0.9", 1), `^t:3:9: unknown rkyv version`},
		{strings.Replace(good, "p32", "p24", 1), `^t:3:9: unsupported pointer width 24`},
		{strings.Replace(good, "field x u32", "field x u33", 1), `^t:5:9: unknown type u33`},
		{strings.Replace(good, "field b B", "field b C", 1), `^t:6:9: unknown type C`},
		{strings.Replace(good, "field x u32", "field x Vec<u32", 1), `^t:5:\d+: want , or >`},
		{strings.Replace(good, "field x u32", "field x [u32;x]", 1), `^t:5:\d+: want a decimal array length`},
		{strings.Replace(good, "repr=rust archived=rust\nfield x", "repr=Q archived=rust\nfield x", 1), `^t:4:16: unknown repr argument "Q"`},
		{strings.Replace(good, "field x u32\n", "field x  u32\n", 1), `^t:5:9: want a type`},
		{strings.Replace(good, "field x u32\n", "field x u32\nfield x u8\n", 1), `duplicate field x`},
		{strings.Replace(good, "struct B unit", "struct A unit", 1), `^t:8:1: type A after A`},
		{strings.TrimSuffix(good, "end\n"), `missing "end"`},
		{good + "\n", `^t:10:1: want "struct`},
		{strings.Replace(good, "\n", "\r\n", 1), `^t:1:1: want the header`},
		{strings.Replace(good, "field x u32", "field x Vec<u32,u8>", 1), `Vec takes 1 type arguments, found 2`},
	} {
		_, _, err := ParseCanonical("t", []byte(tc.text))
		if err == nil {
			t.Errorf("%q: no error", tc.text)
			continue
		}
		if !regexp.MustCompile(tc.rx).MatchString(err.Error()) {
			t.Errorf("%q:\n  error %q\n  does not match %q", tc.text, err, tc.rx)
		}
	}
}

// FuzzParseCanonical checks that no input panics, every error has a
// position, and every accepted text is a fixed point of Canon.
func FuzzParseCanonical(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cfp1", "*.canon"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	posRx := regexp.MustCompile(`^f:\d+:\d+: `)
	f.Fuzz(func(t *testing.T, text []byte) {
		s, p, err := ParseCanonical("f", text)
		if err != nil {
			if !posRx.MatchString(err.Error()) {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		if got := Canon(s, p).Text; !bytes.Equal(got, text) {
			t.Fatalf("accepted text is not canonical:\n%q\n%q", text, got)
		}
	})
}

// TestParseCanonicalLocalNamedLikeStd: a schema type named like a std
// type (IpAddr, Range) stays local through the canonical text, as in the
// source, where the std type needs a use.
func TestParseCanonicalLocalNamedLikeStd(t *testing.T) {
	src := `use rkyv::Archive;
#[derive(Archive)] pub struct IpAddr(u32);
#[derive(Archive)] pub struct Range { lo: u8 }
#[derive(Archive)] pub struct S { a: IpAddr, r: Range, n: std::net::Ipv4Addr, w: std::ops::Range<u8> }
`
	s, err := Parse("x.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultProfile()
	text := Canon(s, p).Text
	s2, _, err := ParseCanonical("x.canon", text)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]TypeKind{}
	for _, f := range s2.Lookup("S").Fields {
		kinds[f.Name] = f.Type.Kind
	}
	want := map[string]TypeKind{"a": Local, "r": Local, "n": Std, "w": Std}
	for name, k := range want {
		if kinds[name] != k {
			t.Errorf("field %s: kind %d, want %d", name, kinds[name], k)
		}
	}
	if got := Canon(s2, p).Text; !bytes.Equal(got, text) {
		t.Errorf("round trip changed the text:\n%s\n%s", text, got)
	}
}
