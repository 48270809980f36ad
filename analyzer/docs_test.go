package analyzer

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCategoriesDocumented: every diagnostic category the pass reports
// is in the table of docs/diagnostics.md, which users and the category
// URLs rely on.
func TestCategoriesDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "diagnostics.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	rx := regexp.MustCompile(`(?:Category:\s*|\.add\([^,]+,[^,]+,\s*)"([a-z]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rx.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) < 10 {
		t.Fatalf("found only %d categories in the source: %v", len(seen), seen)
	}
	for c := range seen {
		if !strings.Contains(string(doc), "| [`"+c+"`](") {
			t.Errorf("category %q is not in the table of docs/diagnostics.md", c)
		}
	}
}
