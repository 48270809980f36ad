package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnifiedDiff: the diff -fix -diff prints is one patch(1) applies, for
// changes at the start, the end, close together (one hunk) and far apart
// (two), and without a final newline.
func TestUnifiedDiff(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("no patch command")
	}
	var long []string
	for i := range 40 {
		long = append(long, fmt.Sprintf("line %d\n", i))
	}
	base := strings.Join(long, "")
	for _, tc := range []struct{ name, old, new string }{
		{"insert at start", base, "new\n" + base},
		{"delete at end", base, strings.TrimSuffix(base, "line 39\n")},
		{"two far apart", base, strings.Replace(strings.Replace(base, "line 2\n", "two\n", 1), "line 35\n", "", 1)},
		{"two close", base, strings.Replace(strings.Replace(base, "line 10\n", "ten\n", 1), "line 14\n", "x\ny\n", 1)},
		{"no final newline", "a\nb", "a\nc"},
		{"newline added", "a\nb", "a\nb\n"},
	} {
		d := unifiedDiff("f.go", []byte(tc.old), []byte(tc.new))
		if want := strings.Count(d, "@@ -"); tc.name == "two far apart" && want != 2 || tc.name == "two close" && want != 1 {
			t.Errorf("%s: %d hunks:\n%s", tc.name, want, d)
		}
		dir := t.TempDir()
		writeFile(t, dir, "f.go", tc.old)
		cmd := exec.Command(patch, "-s", "-p0", "f.go")
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: patch: %v: %s\n%s", tc.name, err, out, d)
			continue
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "f.go")); string(got) != tc.new {
			t.Errorf("%s: patched file:\n%q\nwant\n%q\ndiff:\n%s", tc.name, got, tc.new, d)
		}
	}
	if d := unifiedDiff("f.go", []byte(base), []byte(base)); d != "" {
		t.Errorf("equal files: %q", d)
	}
}

// TestAddFix: the same edit from two packages (a package and its test
// variant) is applied once; a fix overlapping one already taken is
// skipped whole, all its files included.
func TestAddFix(t *testing.T) {
	files := map[string][]edit{}
	first := map[string][]edit{"a.go": {{start: 4, end: 8, text: "x"}}}
	addFix(files, first)
	addFix(files, first)
	addFix(files, map[string][]edit{"b.go": {{start: 0, end: 1, text: "y"}}, "a.go": {{start: 6, end: 6, text: "z"}}})
	addFix(files, map[string][]edit{"a.go": {{start: 8, end: 8, text: "w"}}})
	if len(files["a.go"]) != 2 || len(files["b.go"]) != 0 {
		t.Fatalf("edits: %+v", files)
	}
	got, err := apply([]byte("0123456789"), files["a.go"])
	if err != nil || string(got) != "0123xw89" {
		t.Errorf("apply: %q, %v", got, err)
	}
}
