package analyzer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestDeclFixClean: with the fixes applied (fix/decl.go.golden in place
// of fix/decl.go), the file draws no diagnostic but the predicted
// layouts' warnings: the tags the fixes write are the ones the pass
// wants. The exception is DeclOrder, whose layout fix ran first: it now
// gets the decl diagnostic again, with the fix this time.
func TestDeclFixClean(t *testing.T) {
	dir, err := filepath.Abs(app)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "fix", "decl.go")
	golden, err := os.ReadFile(file + ".golden")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Overlay: map[string][]byte{file: golden}}
	pkgs, err := packages.Load(cfg, "./fix")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("package fix does not load")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(analyzer.Config{Predicted: true})}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	warnings, next := 0, 0
	for act := range g.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if act.Package != pkgs[0] {
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			switch {
			case pos.Filename != file:
			case d.Category == "predicted":
				warnings++
			case d.Category == "decl" && strings.HasPrefix(d.Message, "DeclOrder: ") && len(d.SuggestedFixes) == 1:
				next++
			default:
				t.Errorf("%s: after the fixes: %s (%s)", pos, d.Message, d.Category)
			}
		}
	}
	if warnings != 6 { // one per bound type of the file: a check that it was analyzed
		t.Errorf("%d predicted-layout warnings in %s, want 6", warnings, file)
	}
	if next != 1 {
		t.Errorf("DeclOrder drew %d decl diagnostics with a fix after its layout fix, want 1", next)
	}
}
