package rustschema

import (
	"strings"
	"testing"
)

// TestNamePrefixOrder checks that the resolver's sort order, which
// compares name prefixes first, is byte order, including names that are
// prefixes of each other, longer than eight bytes or not ASCII.
func TestNamePrefixOrder(t *testing.T) {
	names := []string{"", "a", "a\x00", "a\x00b", "ab", "T1", "T10", "T100", "T2",
		"Zeta", "_x", "abcdefgh", "abcdefghi", "abcdefgha", "abcdefgg", "é", "éa", "z\xff"}
	for _, a := range names {
		for _, b := range names {
			got := compareNames([]string{a, b}, nameKey{namePrefix(a), 0}, nameKey{namePrefix(b), 1})
			if want := strings.Compare(a, b); got != want {
				t.Errorf("%q vs %q: got %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestLastSegment(t *testing.T) {
	for path, want := range map[string]string{
		"": "", "Archive": "Archive", "rkyv::Archive": "Archive", "::Archive": "Archive",
		"a::b::C": "C", "a::": "", ":::x": "x", "a:b": "a:b", ":": ":",
	} {
		if got := lastSegment(path); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestBuiltinType(t *testing.T) {
	for name, want := range builtinTypes {
		if got, ok := builtinType(name); !ok || got != want {
			t.Errorf("builtinType(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "T", "u7", "u32x", "Strin", "Vec2", "str_", "i128a", "VecDeque"} {
		if _, ok := builtinType(name); ok {
			t.Errorf("builtinType(%q) found", name)
		}
	}
}
