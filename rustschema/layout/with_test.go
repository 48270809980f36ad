package layout

import (
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// TestWithRefusals checks the wrappers and std types a profile refuses:
// each error names the field's position and what is wrong.
func TestWithRefusals(t *testing.T) {
	p07, p08 := prof07(32, false), prof08(32, false)
	for _, c := range []struct {
		field string // the field of struct S, on line 4
		p     rustschema.Profile
		want  string // "" for no error
	}{
		{"b: std::ops::Bound<u32>", p07, "m.rs:4:23: Bound is not Archive under rkyv 0.7"},
		{"b: std::ops::Bound<u32>", p08, ""},
		{"b: Vec<Box<std::ops::Bound<u32>>>", p07, "m.rs:4:31: Bound is not Archive under rkyv 0.7"},
		{"#[rkyv(with = InlineAsBox)] b: &'a [u8]", p07, "m.rs:4:48: field b: with-wrapper InlineAsBox is not in rkyv 0.7"},
		{"#[with(RefAsBox)] b: &'a [u8]", p08, "field b: with-wrapper RefAsBox is not in rkyv 0.8"},
		{"#[with(RefAsBox)] b: &'a [u8]", p07, ""},
		{"#[rkyv(with = AsString)] b: u32", p08, "field b: with-wrapper AsString does not apply to u32 (it archives PathBuf, OsString and (rkyv 0.8) &str)"},
		{"#[rkyv(with = my::MyWrap)] b: u32", p08, "field b: unknown with-wrapper MyWrap: cellvet cannot know its archived form"},
		{"#[rkyv(with = Lock)] b: u32", p08, "field b: with-wrapper Lock does not apply to u32 (it archives Mutex<T> and RwLock<T>)"},
		{"#[with(AsString)] b: &'a str", p07, "field b: with-wrapper AsString does not apply to &str"},
		{"b: std::sync::Mutex<u8>", p08, "field b: Mutex<u8> is archived only through the with-wrapper Lock"},
		{"#[rkyv(with = AtomicLoad)] b: std::sync::atomic::AtomicU32", p08, "field b: with-wrapper AtomicLoad takes a memory ordering"},
		{"#[rkyv(with = AtomicLoad<Weak>)] b: std::sync::atomic::AtomicU32", p08, "field b: unknown memory ordering Weak in AtomicLoad"},
		{"#[with(Unsafe)] b: std::cell::Cell<Option<u8>>", p07, "field b: with-wrapper Unsafe under rkyv 0.7 archives Cell<Option<u8>>, which hides the niches of its value"},
		{"#[rkyv(with = Unsafe)] b: std::cell::Cell<Option<u8>>", p08, ""},
		{"#[with(UnixTimestamp)] b: std::time::SystemTime", p08, "field b: with-wrapper UnixTimestamp is not in rkyv 0.8"},
		{"#[rkyv(with = NicheInto<Zero>)] b: Option<u32>", p08, "field b: with-wrapper NicheInto niches an Option into a user-chosen niche type: cellvet cannot know its archived form"},
		{"#[rkyv(with = (Inline, AsBox))] b: &'a u32", p08, "field b: rkyv 0.8 takes one with-wrapper per field; with = (Inline, AsBox) is a tuple type, not a wrapper"},
		{"#[with(AsBox, Inline)] b: &'a u32", p07, "field b: with-wrappers AsBox, Inline cannot be chained"},
		{"#[with(CopyOptimize, RefAsBox)] b: &'a [u32]", p07, ""},
		{"#[with(CopyOptimize, RefAsBox)] b: &'a [u32]", p08, "rkyv 0.8 takes one with-wrapper per field"},
		{"#[rkyv(with = Map<AsString>)] b: Vec<&'a str>", p08, ""},
		{"#[rkyv(with = Map<AsString>)] b: Vec<u32>", p08, "field b: with-wrapper AsString does not apply to u32"},
		{"#[rkyv(with = Map<Niche, Inline>)] b: Vec<u32>", p08, "field b: with-wrapper Map<Niche,Inline> takes one wrapper argument: Map<W>"},
		{"#[rkyv(with = Niche)] b: Option<u32>", p08, "field b: with-wrapper Niche does not apply to Option<u32> (it archives Option<Box<T>> and Option<NonZero*>)"},
		{"#[with(AsVec)] b: &'a [u32]", p07, "field b: with-wrapper AsVec does not apply to &[u32]"},
		{"#[with(Map<AsOwned>)] b: Vec<Cow<'a, str>>", p07, ""},
		{"#[rkyv(with = Identity)] b: u32", p07, "field b: with-wrapper Identity is not in rkyv 0.7"},
		{"#[rkyv(with = Unshare)] b: std::rc::Rc<str>", p08, "field b: with-wrapper Unshare does not apply to Rc<str>"},
		{"#[rkyv(with = Inline)] b: &'a str", p08, "field b: with-wrapper Inline does not apply to &str (it archives &T)"},
		{"#[rkyv(with = Skip)] b: &'a mut Vec<u8>", p08, "mutable references are not supported"},
	} {
		src := "use rkyv::Archive;\nuse std::borrow::Cow;\n#[derive(Archive)]\npub struct S<'a> {\n" + c.field + ",\n    p: std::marker::PhantomData<&'a ()>,\n}\n"
		src = strings.Replace(src, "{\n"+c.field, "{ "+c.field, 1) // the field on line 4
		s, err := rustschema.Parse("m.rs", []byte(src))
		if err == nil {
			_, err = Compute(s, c.p)
		}
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s under %s: %v", c.field, c.p.Canon(), err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s under %s: err = %v, want %q", c.field, c.p.Canon(), err, c.want)
		}
	}
}
