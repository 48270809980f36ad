package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

const example = "../../examples/market/schema.rs"

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestFp(t *testing.T) {
	code, out, errOut := runCmd(t, "fp", example)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`^[0-9a-f]{16}\n$`).MatchString(out) {
		t.Fatalf("fp printed %q, want 16 hex digits and a newline", out)
	}
	// The printed value is the digest prefix of the canonical text.
	src, _ := os.ReadFile(example)
	s, err := rustschema.Parse(example, src)
	if err != nil {
		t.Fatal(err)
	}
	sum := rustschema.Canon(s, rustschema.DefaultProfile())
	if want := sum.Fingerprint().String() + "\n"; out != want {
		t.Errorf("fp = %q, want %q", out, want)
	}
	_, digest, _ := runCmd(t, "fp", "--digest", example)
	if digest != sum.Digest.String()+"\n" || !strings.HasPrefix(digest, strings.TrimSpace(out)) {
		t.Errorf("--digest = %q, want %q", digest, sum.Digest)
	}
	_, canon, _ := runCmd(t, "fp", example, "--canon")
	if canon != string(sum.Text) {
		t.Errorf("--canon after the file printed %q", canon)
	}
	// Profile flags change the fingerprint; flags after the file work too.
	_, out07, _ := runCmd(t, "fp", example, "--rkyv=0.7")
	if out07 == out || len(out07) != 17 {
		t.Errorf("--rkyv=0.7 gave %q, base %q", out07, out)
	}
}

func TestLayoutJSON(t *testing.T) {
	code, out, errOut := runCmd(t, "layout", "--json", "--pointer-width=64", example)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Decode loosely so that the required keys of the contract
	// (docs/layout.md) are checked by name, not by our own struct tags.
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"fingerprint", "profile", "types"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	prof := doc["profile"].(map[string]any)
	want := map[string]any{"rkyv": "0.8", "pointer_width": 64.0, "endian": "little", "aligned": true, "strict": false}
	for k, v := range want {
		if prof[k] != v {
			t.Errorf("profile[%q] = %v, want %v", k, prof[k], v)
		}
	}
	kinds := map[string]bool{}
	for _, ty := range doc["types"].([]any) {
		m := ty.(map[string]any)
		kind := m["kind"].(string)
		kinds[kind] = true
		for _, k := range []string{"name", "kind", "size", "align", "predicted"} {
			if _, ok := m[k]; !ok {
				t.Errorf("type %v: missing key %q", m["name"], k)
			}
		}
		var fieldLists []any
		switch kind {
		case "struct":
			fieldLists = append(fieldLists, m["fields"])
		case "enum":
			if _, ok := m["tag"].(string); !ok {
				t.Errorf("enum %v: missing tag", m["name"])
			}
			for _, v := range m["variants"].([]any) {
				vm := v.(map[string]any)
				for _, k := range []string{"name", "tag", "fields"} {
					if _, ok := vm[k]; !ok {
						t.Errorf("enum %v variant %v: missing key %q", m["name"], vm["name"], k)
					}
				}
				fieldLists = append(fieldLists, vm["fields"])
			}
		}
		for _, fl := range fieldLists {
			for _, f := range fl.([]any) {
				fm := f.(map[string]any)
				for _, k := range []string{"name", "type", "offset", "size", "align"} {
					if _, ok := fm[k]; !ok {
						t.Errorf("type %v field %v: missing key %q", m["name"], fm["name"], k)
					}
				}
			}
		}
	}
	if !kinds["struct"] || !kinds["enum"] {
		t.Errorf("example should have structs and enums, got %v", kinds)
	}
}

// TestLayoutJSONUnit checks that a unit struct keeps its (empty) "fields"
// and a fieldless variant its (empty) "fields": required keys.
func TestLayoutJSONUnit(t *testing.T) {
	code, out, errOut := runCmd(t, "layout", "--json", "testdata/unit.rs")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"name": "Marker"`, `"fields": []`, `"size": 0`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, `"fields": []`); n != 2 {
		t.Errorf("want 2 empty field lists (struct and variant), found %d:\n%s", n, out)
	}
}

func TestLayoutTable(t *testing.T) {
	code, out, errOut := runCmd(t, "layout", example)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"struct Quote", "enum MarketMsg", "offset"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		rx   string
	}{
		{[]string{"fp", filepath.Join("testdata", "bad.rs")}, exitError, `^testdata/bad.rs:6:5: .*`},
		{[]string{"layout", filepath.Join("testdata", "unknown.rs")}, exitError, `^testdata/unknown.rs:10:15: .*Qoute.*Quote`},
		{[]string{"fp", "testdata/missing.rs"}, exitError, `missing.rs`},
		{[]string{"fp"}, exitUsage, `want exactly one schema file`},
		{[]string{"fp", example, "--rkyv=0.9"}, exitUsage, `bad profile: unsupported rkyv version`},
		{[]string{"fp", example, "--unaligned", "--rkyv=0.7"}, exitUsage, `unaligned`},
		{[]string{"fp", "--no-such-flag", example}, exitUsage, `flag provided but not defined`},
		{nil, exitUsage, `Commands:`},
	} {
		code, _, errOut := runCmd(t, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		if !regexp.MustCompile(tc.rx).MatchString(errOut) {
			t.Errorf("%v: stderr %q does not match %q", tc.args, errOut, tc.rx)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"help", "fp"}, {"help", "layout"}, {"fp", "-h"}} {
		code, out, errOut := runCmd(t, args...)
		if code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(out+errOut, "--pointer-width") {
			t.Errorf("%v: help lacks the profile flags:\n%s%s", args, out, errOut)
		}
	}
}
