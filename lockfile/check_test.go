package lockfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestCheckMatchesParse: a lock changed in memory gets from Check the
// verdicts Parse gives once it is written, in Marshal's spelling and in
// another one.
func TestCheckMatchesParse(t *testing.T) {
	quoted := style{name: "quoted", quotedKeys: true}
	edits := map[string]func(*Lock){}
	for _, name := range []string{"größe", "bad name", "", "_", "01", "0", "1a", "a\tb", "x-y", "_x", "Ab_9", "bid"} {
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
	edits["field offset"] = func(l *Lock) { firstField(l).Offset += 1 }
	edits["unchanged"] = func(*Lock) {}
	for what, edit := range edits {
		l, err := Load(exampleLock)
		if err != nil {
			t.Fatal(err)
		}
		edit(l)
		written := messages(Parse("cell.lock", l.Marshal()))
		other := messages(Parse("cell.lock", []byte(quoted.write(l))))
		if !reflect.DeepEqual(written, other) {
			t.Errorf("%s:\nas written: %q\nquoted keys: %q", what, written, other)
		}
		if after := messages(nil, l.Check()); !reflect.DeepEqual(after, written) {
			t.Errorf("%s: Check after the edit: %q\nParse: %q", what, after, written)
		}
		if what != "unchanged" && len(written) == 0 {
			t.Errorf("%s: no problem found", what)
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
