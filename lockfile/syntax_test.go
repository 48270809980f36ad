package lockfile

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestSyntax checks TOML corner cases on small documents: each either
// loads (and BurntSushi/toml accepts it too) or gives the error shown.
func TestSyntax(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want string // "" for success, else the error's start
	}{
		{"version = 1", ""},
		{"version = +1", ""},
		{"version = 0x1", ""},
		{"version = 0o1 # octal", ""},
		{"version = 0b1", ""},
		{"\ufeffversion = 1\r\n", ""},
		{"# comment\n\n  version\t=\t1  \n", ""},
		{"version = 1\ncell = []", ""},
		{`"version" = 1`, ""},
		{`'version' = 1`, ""},
		{"version = 01", "cell.lock:1:11: version: malformed integer 01"},
		{"version = 1_", "cell.lock:1:11: version: malformed integer 1_"},
		{"version = 1__0", "cell.lock:1:11: version: malformed integer 1__0"},
		{"version = +0x1", "cell.lock:1:11: version: malformed integer +0x1"},
		{"version = 99999999999999999999", "cell.lock:1:11: version: malformed integer"},
		{"version = 1.0", "cell.lock:1:11: version in the top-level table: want an integer, found a float"},
		{"version = inf", "cell.lock:1:11: version in the top-level table: want an integer, found a float"},
		{"version = 1979-05-27", "cell.lock:1:11: version in the top-level table: want an integer, found a date-time"},
		{`version = "1"`, "cell.lock:1:11: version in the top-level table: want an integer, found a string"},
		{"version = true", "cell.lock:1:11: version in the top-level table: want an integer, found a boolean"},
		{"version = [1]", "cell.lock:1:11: version in the top-level table: want an integer, found an array"},
		{"version = 2", "cell.lock:1:11: unsupported lock version 2"},
		{"version = 1 1", "cell.lock:1:13: want a new line after the value of version, found an integer"},
		{"version = 1\nversion = 1", "cell.lock:2:1: key version is set twice"},
		{"version", "cell.lock:1:8: expected = after key version"},
		{"version = ", "cell.lock:1:11: version in the top-level table: want an integer, found the end of the file"},
		{"= 1", "cell.lock:1:1: expected a key"},
		{"version = 1\r", "cell.lock:1:12: carriage return without a line feed"},
		{"version = 1 # \x01", "cell.lock:1:15: control character 0x01 in a comment"},
		{"version = 1\n[cell]", "cell.lock:2:1: [cell]: cell is an array of tables; write [[cell]]"},
		{"version = 1\n[[cell]", "cell.lock:2:7: expected ]] to end the header"},
		{"version = 1\n[[cell.type]]", "cell.lock:2:3: cell.type: no [[cell]] table before it"},
		{"version = 1\n[[cell]]\n[cell.source]\n[cell.source]", "cell.lock:4:1: table [cell.source] is defined twice"},
		{"version = 1\n[[cell]]\nsource = {}\n[cell.source]", "cell.lock:4:1: table [cell.source] is defined twice"},
		{"version = 1\n[[cell]]\nsource.kind = 'x'\nsource = {}", "cell.lock:4:1: key source is set twice"},
		{"version = 1\n[[cell]]\nsource = { kind = 'a', kind = 'b' }", "cell.lock:3:24: key kind is set twice"},
		{"version = 1\n[[cell]]\nsource = { kind = 'a', }", "cell.lock:3:24: expected a key, found '}'"},
		{"version = 1\n[[cell]]\nsource = { kind = 'a'\n}", "cell.lock:3:22: an inline table must be on one line"},
		{"version = 1\n[[cell]]\nname = \"a\\qb\"", "cell.lock:3:10: invalid escape \\q"},
		{"version = 1\n[[cell]]\nname = \"\\uD800\"", "cell.lock:3:9: \\uD800 is not a Unicode scalar value"},
		{"version = 1\n[[cell]]\nname = 'a\nb'", "cell.lock:3:8: unterminated string"},
		{"version = 1\n[[cell]]\ncanonical = '''a''''''", "cell.lock:3:22: too many quotes"},
		{"version = 1\n[[cell]]\ncanonical = '''abc", "cell.lock:3:13: unterminated multi-line string"},
		{"version = 1\n[[cell]]\n\"\"\"name\"\"\" = 1", "cell.lock:3:1: a multi-line string cannot be a key"},
		{"version = 1\n[[cell]]\ntype = 1", "cell.lock:3:8: type in [[cell]]: want an array of inline tables, found an integer"},
		{"version = 1\n[[cell]]\ntype = [1]", "cell.lock:3:9: type: want an inline table { ... } as array element, found an integer"},
		{"version = 1\n[[cell]]\nname.x = 1", "cell.lock:3:1: name is not a table"},
		{"version = 1\n[[cell]]\nsource.x = 1", "cell.lock:3:8: unknown key x in the source of [[cell]]"},
		{"version = 1\n[[cell]]\na.b.c.d.e.f.g.h.i = 1", "cell.lock:3:17: key has too many parts"},
		{"version = 1\n[[cell]]\nname = \"x\xffy\"", "cell.lock:3:10: invalid UTF-8"},
	} {
		_, err := Parse("cell.lock", []byte(tc.doc))
		var got string
		if err != nil {
			got = err.Error()
		}
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.doc, err)
				continue
			}
			var v map[string]any
			if _, err := toml.Decode(tc.doc, &v); err != nil {
				t.Errorf("%q: BurntSushi/toml rejects it: %v", tc.doc, err)
			}
			continue
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%q:\n got  %s\n want %s...", tc.doc, got, tc.want)
		}
	}
}
