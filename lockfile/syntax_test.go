package lockfile

import (
	"strings"
	"testing"
)

// TestSyntax checks TOML corner cases on small documents: each either
// loads or gives the error shown (for TOML syntax, in BurntSushi/toml's
// words).
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
		{"version = 01", "cell.lock:1:11: Invalid integer \"01\": cannot have leading zeroes"},
		{"version = 1_", "cell.lock:1:11: Invalid integer \"1_\": underscores must be surrounded by digits"},
		{"version = 1__0", "cell.lock:1:11: Invalid integer \"1__0\": underscores must be surrounded by digits"},
		{"version = +0x1", "cell.lock:1:11: cannot use sign with non-decimal numbers: '+0x'"},
		{"version = 99999999999999999999", "cell.lock:1:11: 99999999999999999999 is out of range for int64"},
		{"version = 1.0", "cell.lock:1:11: version in the top-level table: want an integer, found a float"},
		{"version = inf", "cell.lock:1:11: version in the top-level table: want an integer, found a float"},
		{"version = 1979-05-27", "cell.lock:1:11: version in the top-level table: want an integer, found a date-time"},
		{`version = "1"`, "cell.lock:1:11: version in the top-level table: want an integer, found a string"},
		{"version = true", "cell.lock:1:11: version in the top-level table: want an integer, found a boolean"},
		{"version = [1]", "cell.lock:1:11: version in the top-level table: want an integer, found an array"},
		{"version = 2", "cell.lock:1:11: unsupported lock version 2"},
		{"version = 1 1", "cell.lock:1:12: expected a top-level item to end with a newline, comment, or EOF, but got '1' instead"},
		{"version = 1\nversion = 1", "cell.lock:2:1: Key 'version' has already been defined."},
		{"version", "cell.lock:1:7: unexpected EOF; expected key separator '='"},
		{"version = ", "cell.lock:1:10: unexpected EOF; expected value"},
		{"= 1", "cell.lock:1:1: unexpected '=': key name appears blank"},
		{"version = 1\r", "cell.lock:1:12: carriage return without a line feed"},
		{"version = 1 # \x01", "cell.lock:1:15: control character 0x01; in a string, write it as an escape"},
		{"version = 1\n[cell]", "cell.lock:2:1: [cell]: cell is an array of tables; write [[cell]]"},
		{"version = 1\n[[cell]", "cell.lock:2:7: expected end of table array name delimiter ']', but got '\\x00' instead"},
		{"version = 1\n[[cell.type]]", "cell.lock:2:3: cell.type: no [[cell]] table before it"},
		{"version = 1\n[[cell]]\n[cell.source]\n[cell.source]", "cell.lock:4:2: Key 'cell.source' has already been defined."},
		{"version = 1\n[[cell]]\nsource = {}\n[cell.source]", "cell.lock:4:2: Key 'cell.source' has already been defined."},
		{"version = 1\n[[cell]]\nsource.kind = 'x'\nsource = {}", "cell.lock:4:1: Key 'cell.source' has already been defined."},
		{"version = 1\n[[cell]]\nsource = { kind = 'a', kind = 'b' }", "cell.lock:3:24: Key 'cell.source.kind' has already been defined."},
		{"version = 1\n[[cell]]\nsource = { kind = 'a', }", "cell.lock:3:24: expected a key, found '}'"},
		{"version = 1\n[[cell]]\nsource = { kind = 'a'\n}", "cell.lock:3:22: an inline table must be on one line"},
		{"version = 1\n[[cell]]\nname = \"a\\qb\"", "cell.lock:3:9: invalid escape in string '\\q'"},
		{"version = 1\n[[cell]]\nname = \"\\uD800\"", "cell.lock:3:9: Escaped character '\\uD800' is not valid UTF-8."},
		{"version = 1\n[[cell]]\nname = 'a\nb'", "cell.lock:3:10: strings cannot contain newlines"},
		{"version = 1\n[[cell]]\ncanonical = '''a''''''", "cell.lock:3:16: unexpected \"''''''\""},
		{"version = 1\n[[cell]]\ncanonical = '''abc", "cell.lock:3:18: unexpected EOF; expected \"'''\""},
		{"version = 1\n[[cell]]\n\"\"\"name\"\"\" = 1", "cell.lock:3:3: expected '.' or '=', but got '\"' instead"},
		{"version = 1\n[[cell]]\ntype = 1", "cell.lock:3:8: type in [[cell]]: want an array of inline tables, found an integer"},
		{"version = 1\n[[cell]]\ntype = [1]", "cell.lock:3:9: type: want an inline table { ... } as array element, found an integer"},
		{"version = 1\n[[cell]]\nname.x = 1", "cell.lock:3:1: name is not a table"},
		{"version = 1\n[[cell]]\nsource.x = 1", "cell.lock:3:8: unknown key x in the source of [[cell]]"},
		{"version = 1\n[[cell]]\na.b.c.d.e.f.g.h.i = 1", "cell.lock:3:1: unknown key a in [[cell]] (known keys: name, source,"},
		{"version = 1\n[[cell]]\nname = \"x\xffy\"", "cell.lock:3:10: invalid UTF-8"},
		// The library reads TOML 1.1; a lock is TOML 1.0.
		{"version = 1\n[[cell]]\nsource = { kind = 'a', # comment\n}", "cell.lock:3:24: an inline table must be on one line"},
		{"version = 1\n[[cell]]\nsource = {\nkind = 'a' }", "cell.lock:3:11: an inline table must be on one line"},
		{"version = 1\n[[cell]]\nname = \"a\\eb\"", "cell.lock:3:10: invalid escape \\e"},
		{"version = 1\n[[cell]]\nname = \"\"\"a\\x41\"\"\"", "cell.lock:3:12: invalid escape \\x"},
		// Keys are matched exactly, where the library ignores case.
		{"version = 1\n[[cell]]\nNAME = 'a'", "cell.lock:3:1: unknown key NAME in [[cell]]"},
		{"version = 1\n[[cell]]\n\"\u017fource\" = 'a'", "cell.lock:3:1: unknown key \"\u017fource\" in [[cell]]"},
		{"version = 1\n[[cell]]\n[cell.name]", "cell.lock:3:1: [cell.name]: cell.name is not a table"},
		{"version = 1\n[[cell]]\n[[cell.name]]", "cell.lock:3:1: [[cell.name]]: cell.name is not an array of tables"},
		{"version = 1\n[[cell]]\n[cell.name.x]", "cell.lock:3:7: cell.name is a value, not a table"},
		{"version = 1\n[[cell]]\n[[cell.source]]", "cell.lock:3:1: [[cell.source]]: cell.source is not an array of tables"},
		{"version = 1\n[[cell]]\ntype.x = 1", "cell.lock:3:1: type is not a table; a dotted key cannot go through it"},
		{"version = 1\n[[cell]]\nschema_version = -1", "cell.lock:3:18: schema_version: -1 is negative"},
		{"version = 1\n[[cell]]\nname = 1\n[[cell.colour]]", "cell.lock:3:8: name in [[cell]]: want a string, found an integer"},
		{"[[cell]]\nversion = 1", "cell.lock:2:1: unknown key version in [[cell]]"},
		{"[[cell]]\nname = 'a'", "cell.lock:1:1: no version key before the first table"},
	} {
		_, err := Parse("cell.lock", []byte(tc.doc))
		var got string
		if err != nil {
			got = err.Error()
		}
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.doc, err)
			}
			continue
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%q:\n got  %s\n want %s...", tc.doc, got, tc.want)
		}
	}
}
