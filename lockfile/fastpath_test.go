package lockfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestFastPathVerdicts checks that the parser's fast paths, which validate
// field names and types and type digests while scanning them, reach the
// checker's verdicts: the example lock with one value changed must give
// the same messages written as Marshal writes it (fast paths) and with
// quoted keys (general parser, full checks).
func TestFastPathVerdicts(t *testing.T) {
	quoted := style{name: "quoted", quotedKeys: true}
	edits := map[string]func(*Lock){}
	for _, name := range []string{"größe", "bad name", "", "_", "01", "0", "1a", "a\tb", "x-y", "_x", "Ab_9"} {
		edits["field name "+name] = func(l *Lock) { firstField(l).Name = name }
	}
	for _, typ := range []string{"Vec<u8>", "Vec< u8>", "", "größe", "a\tb", "\u00a0x", "[u8;4]", "x\x7f"} {
		edits["field type "+typ] = func(l *Lock) { firstField(l).Type = typ }
	}
	for _, fp := range []string{"ABCDEF0123456789", "0123", "0123456789abcdeg", "0123456789abcdef0"} {
		edits["type fingerprint "+fp] = func(l *Lock) { l.Cells[0].Types[0].Fingerprint = fp }
	}
	for _, ld := range []string{strings.Repeat("A", 64), strings.Repeat("a", 63), strings.Repeat("a", 65), strings.Repeat("a", 63) + "\t"} {
		edits["type layout_digest "+ld] = func(l *Lock) { l.Cells[0].Types[0].LayoutDigest = ld }
	}
	edits["unchanged"] = func(*Lock) {}
	for what, edit := range edits {
		l, err := Load(exampleLock)
		if err != nil {
			t.Fatal(err)
		}
		edit(l)
		fast := messages(Parse("cell.lock", l.Marshal()))
		general := messages(Parse("cell.lock", []byte(quoted.write(l))))
		if !reflect.DeepEqual(fast, general) {
			t.Errorf("%s:\nas written: %q\nquoted keys: %q", what, fast, general)
		}
		// A lock changed in memory after parsing is checked in full.
		if after := messages(nil, l.Check()); !reflect.DeepEqual(after, general) {
			t.Errorf("%s: Check after the edit: %q\nParse: %q", what, after, general)
		}
	}
}

func firstField(l *Lock) *Field {
	for _, t := range l.Cells[0].Types {
		if len(t.Fields) > 0 {
			return &t.Fields[0]
		}
	}
	panic("no fields")
}

// messages returns the messages of err without their positions.
func messages(_ *Lock, err error) []string {
	var out []string
	var list ErrorList
	var one *Error
	switch {
	case err == nil:
	case errors.As(err, &list):
		for _, e := range list {
			out = append(out, e.Msg)
		}
	case errors.As(err, &one):
		out = append(out, one.Msg)
	default:
		out = append(out, err.Error())
	}
	return out
}

func TestClassString(t *testing.T) {
	for _, tc := range []struct {
		in    string
		class byte
		want  string
		ok    bool
	}{
		{`"field_0", x`, notIdent, "field_0", true},
		{`"", x`, notIdent, "", true},
		{`"a b"`, notIdent, "", false},
		{`"größe"`, notIdent, "", false},
		{`"a\"b"`, notIdent, "", false},
		{`"Vec<u8>"`, notASCIIType, "Vec<u8>", true},
		{`"(u16,u8)"`, notASCIIType, "(u16,u8)", true},
		{`"Vec< u8>"`, notASCIIType, "", false},
		{"\"a\tb\"", notASCIIType, "", false},
		{"\"a\x7fb\"", notASCIIType, "", false},
		{`"größe"`, notASCIIType, "", false},
		{`"unterminated`, notASCIIType, "", false},
		{`x`, notIdent, "", false},
	} {
		got, next, ok := classString(tc.in, 0, tc.class)
		if ok != tc.ok || got != tc.want || ok && tc.in[next-1] != '"' || !ok && next != 0 {
			t.Errorf("classString(%q) = %q, %d, %v; want %q, %v", tc.in, got, next, ok, tc.want, tc.ok)
		}
	}
}
