package analyzer_test

import (
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// fixPackages are the fixture packages whose fixes TestSuggestedFixes
// checks against their .golden files.
var fixPackages = []string{"fix", "cascade", "advice", "enumset"}

// TestFixesFix: applying every suggested fix leaves nothing to report. A
// copy of the app module gets the .golden files (the fixes applied, as
// TestSuggestedFixes proves) as its sources and is vetted again. A
// remaining diagnostic fails the test, unless it carries a fix of its own
// that could not come with the first (a struct's decl fix waits while its
// layout fix rewrites the field list, docs/diagnostics.md#decl): those
// are applied and the result vetted once more. Predicted-layout warnings
// concern the lock, not the Go code, and no fix takes them away.
func TestFixesFix(t *testing.T) {
	dir := appCopy(t, true)
	for round := 0; ; round++ {
		diags, fset := vet(t, dir, fixPackages)
		if len(diags) == 0 {
			return
		}
		var unfixed []string
		for _, d := range diags {
			if d.Category != "decl" || len(d.SuggestedFixes) == 0 || round > 0 {
				unfixed = append(unfixed, fmt.Sprintf("%s: %s", fset.Position(d.Pos), d.Message))
			}
		}
		if len(unfixed) > 0 {
			t.Fatalf("round %d: after the fixes, still reported:\n%s", round, strings.Join(unfixed, "\n"))
		}
		applyFixes(t, fset, diags)
	}
}

// appCopy copies the app module to a temporary directory; with golden,
// the fix packages' sources replaced by their .golden files.
func appCopy(t *testing.T, golden bool) string {
	dir := t.TempDir()
	root, err := filepath.Abs("..") // the repository, which go.mod replaces cellvet with
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(app, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(app, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = []byte(strings.Replace(string(data), "=> ../../..", "=> "+root, 1))
		}
		switch _, err := os.Stat(path + ".golden"); {
		case strings.HasSuffix(rel, ".golden") && !golden:
			return nil
		case strings.HasSuffix(rel, ".golden"):
			rel = strings.TrimSuffix(rel, ".golden")
		case err == nil && golden:
			return nil // replaced by its golden file
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// vet runs the analyzer on packages pkgs of the module in dir and
// returns their diagnostics but predicted-layout warnings.
func vet(t *testing.T, dir string, pkgNames []string) ([]analysis.Diagnostic, *token.FileSet) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	var patterns []string
	for _, p := range pkgNames {
		patterns = append(patterns, "./"+p)
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the fixed sources do not compile")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(analyzer.Config{})}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var diags []analysis.Diagnostic
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatal(act.Err)
		}
		for _, d := range act.Diagnostics {
			if d.Category != "predicted" {
				diags = append(diags, d)
			}
		}
	}
	return diags, pkgs[0].Fset
}

// applyFixes applies the first fix of every diagnostic to the files.
func applyFixes(t *testing.T, fset *token.FileSet, diags []analysis.Diagnostic) {
	type edit struct {
		start, end int
		text       []byte
	}
	byFile := map[string][]edit{}
	for _, d := range diags {
		for _, e := range d.SuggestedFixes[0].TextEdits {
			p, q := fset.Position(e.Pos), fset.Position(e.End)
			byFile[p.Filename] = append(byFile[p.Filename], edit{p.Offset, q.Offset, e.NewText})
		}
	}
	for name, edits := range byFile {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
		for i, e := range edits {
			if i > 0 && e.end > edits[i-1].start {
				t.Fatalf("%s: overlapping fixes", name)
			}
			src = append(src[:e.start:e.start], append(e.text, src[e.end:]...)...)
		}
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRelated: every diagnostic about a Go type against an element of the
// lock (a type, a field, a variant) carries the related position of that
// element's line in cell.lock.
func TestRelated(t *testing.T) {
	layout := map[string]bool{"kind": true, "gotype": true, "offset": true, "size": true, "align": true, "missing": true, "field": true, "tag": true, "decl": true, "unsupported": true}
	diags, fset := vet(t, app, []string{"bind", "enums", "chars", "maps", "decl", "cascade", "advice", "nested", "fix", "shapes", "calls", "enumset"})
	n := 0
	for _, d := range diags {
		if !layout[d.Category] {
			continue
		}
		n++
		if len(d.Related) != 1 || !strings.HasSuffix(fset.Position(d.Related[0].Pos).Filename, "cell.lock") {
			t.Errorf("%s: %s: no related cell.lock position", fset.Position(d.Pos), d.Message)
		}
	}
	if n < 50 {
		t.Fatalf("only %d layout diagnostics: the fixtures did not load", n)
	}
}

// TestEveryFixFixes: in every fixture package, each diagnostic with a
// suggested fix is gone once the fixes are applied (the others stay: they
// need the author).
func TestEveryFixFixes(t *testing.T) {
	dir := appCopy(t, false)
	pkgs := []string{"calls", "bind", "legacy", "fp", "wrap", "shapes", "user", "enums", "chars", "maps", "callinto", "expect", "decl", "nested", "fix", "cascade", "advice", "enumset", "serve", "carry"}
	before, fset := vet(t, dir, pkgs)
	var fixed []analysis.Diagnostic
	for _, d := range before {
		if len(d.SuggestedFixes) > 0 {
			fixed = append(fixed, d)
		}
	}
	if len(fixed) < 20 {
		t.Fatalf("only %d diagnostics with fixes: the fixtures did not load", len(fixed))
	}
	applyFixes(t, fset, fixed)
	after, fset2 := vet(t, dir, pkgs)
	// Lines move under the edits: a diagnostic is known by its file,
	// category and subject, and there must be fewer of each by as many as
	// were fixed.
	count := map[string]int{}
	for _, d := range before {
		count[subject(fset, d)]++
	}
	for _, d := range fixed {
		count[subject(fset, d)]--
	}
	for _, d := range after {
		k := subject(fset2, d)
		if count[k]--; count[k] < 0 {
			t.Errorf("%s: %s: still reported after its fix", fset2.Position(d.Pos), d.Message)
		}
	}
}

// subject identifies a diagnostic across an edit that moves lines: its
// file, its category and the Go thing it names (the message up to the
// first ": ").
func subject(fset *token.FileSet, d analysis.Diagnostic) string {
	what, _, _ := strings.Cut(d.Message, ": ")
	return filepath.Base(fset.Position(d.Pos).Filename) + " " + d.Category + " " + what
}
