package lockfile

import (
	"os"
	"strings"
	"testing"
)

// TestLocator finds the example's elements where the vet pass points:
// headers at column 1, a field at its '{', the canonical text's first
// line; in every spelling the positions are where the spelling has them.
func TestLocator(t *testing.T) {
	src, err := os.ReadFile(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	loc := NewLocator(exampleLock, src)
	for _, tc := range []struct {
		cell, typ, variant, field string
		want                      string // the text at the position
	}{
		{"market", "", "", "", "[[cell]]\n"},
		{"market-legacy", "", "", "", "[[cell]]\nname = \"market-legacy\""},
		{"market", "Quote", "", "", "[[cell.type]]\nname = \"Quote\""},
		{"market", "Quote", "", "ask", `{ name = "ask"`},
		{"market", "MarketMsg", "OrderAck", "", "[[cell.type.variant]]\nname = \"OrderAck\""},
		{"market", "MarketMsg", "OrderAck", "id", `{ name = "id"`},
	} {
		p := loc.Pos(tc.cell, tc.typ, tc.variant, tc.field)
		if p.File != exampleLock || p.Line == 0 {
			t.Errorf("%v: position %v", tc, p)
			continue
		}
		at := strings.Join(lines[p.Line-1:], "\n")[p.Col-1:]
		if !strings.HasPrefix(at, tc.want) {
			t.Errorf("%v: %v points at %.40q", tc, p, at)
		}
	}
	for _, missing := range [][4]string{{"nope", "", "", ""}, {"market", "Nope", "", ""}, {"market", "Quote", "", "nope"}, {"market", "", "", "bid"}, {"market", "Quote", "X", ""}} {
		if p := loc.Pos(missing[0], missing[1], missing[2], missing[3]); p != (Pos{}) {
			t.Errorf("%v: %v, want no position", missing, p)
		}
	}
	if n := loc.x.canonLine(loc.x.element("cell", "market")); n == 0 || lines[n-1] != "cfp 1" || lines[n-2] != "canonical = '''" {
		t.Errorf("canonical text at line %d", n)
	}

	l, err := Parse(exampleLock, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range styles {
		text := st.write(l)
		loc := NewLocator("x.lock", []byte(text))
		p := loc.Pos("market", "MarketMsg", "OrderAck", "id")
		line := strings.Split(text, "\n")[p.Line-1]
		if p.Line == 0 || !strings.HasPrefix(line[p.Col-1:], "{") && !strings.HasPrefix(line[p.Col-1:], "[[") {
			t.Errorf("%s: field at %v: %q", st.name, p, line)
		}
		if loc.Pos("market-legacy", "Order", "", "") == (Pos{}) {
			t.Errorf("%s: no type", st.name)
		}
	}
}

// TestLocatorBOM: columns of the first line do not count a BOM.
func TestLocatorBOM(t *testing.T) {
	loc := NewLocator("x", []byte("\ufeff[[cell]]\nname = \"a\"\n"))
	if p := loc.Pos("a", "", "", ""); p.Line != 1 || p.Col != 1 {
		t.Errorf("%v", p)
	}
}

// FuzzLocate: the scanner never panics or loops on any text.
func FuzzLocate(f *testing.F) {
	data, err := os.ReadFile(exampleLock)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("a = { b = [ {c = '''x'''}, \"\\u0041\" ] }\n[[x.y]]\n[x.y.z]\n"))
	f.Add([]byte("a = \"\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loc := NewLocator("x", data)
		loc.Pos("a", "b", "c", "d")
		loc.x.canonLine("cell[0]")
		check10("x", string(data))
	})
}
