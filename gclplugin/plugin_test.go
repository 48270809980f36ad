package gclplugin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// TestAnalyzerNamedAfterLock: the stamp analyzer's name, part of
// golangci-lint's cache key, changes with the lock's content and with its absence, and
// follows settings.lock; settings of the wrong type are an error.
func TestAnalyzerNamedAfterLock(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	name := func(settings any) string {
		t.Helper()
		newPlugin, err := register.GetPlugin("cellvet")
		if err != nil {
			t.Fatal(err)
		}
		p, err := newPlugin(settings)
		if err != nil {
			t.Fatal(err)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("load mode %q", p.GetLoadMode())
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		if err := analysis.Validate(as); err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Name != "cellvet" || !strings.HasPrefix(as[1].Name, "cellvet_lock_") {
			t.Fatalf("analyzers %v", as)
		}
		return as[1].Name
	}
	none := name(nil)
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "cell.lock"), "version = 1\n")
	v1 := name(nil)
	write(filepath.Join(dir, "cell.lock"), "version = 1\n\n")
	v2 := name(map[string]any{})
	if none == v1 || v1 == v2 || none == v2 {
		t.Errorf("names %s, %s, %s: want three different ones", none, v1, v2)
	}
	if again := name(nil); again != v2 {
		t.Errorf("the same lock gives %s, then %s", v2, again)
	}
	write(filepath.Join(dir, "other.lock"), "version = 1\n")
	if other := name(map[string]any{"lock": "other.lock", "predicted": true}); other == v2 {
		t.Errorf("settings.lock is not the lock hashed: %s", other)
	}
	if _, err := New(map[string]any{"lock": 3}); err == nil {
		t.Error("lock: 3 accepted")
	}
}
