package analyzer_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
	"golang.org/x/tools/go/analysis/analysistest"
)

// app is the fixture module: a go.mod that replaces cellvet with this
// repository (so the fixtures use the real runtime), a cell.lock written
// by "cellvet add" from the schemas beside it (TestFixtureLockCurrent), and
// one package per group of checks.
var app = filepath.Join("..", "testdata", "src", "app")

// TestMain keeps the tests' lock cache out of the user's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cellvet-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("CELLVET_CACHE", dir) // docs/lockfile.md §6
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, app, analyzer.New(analyzer.Config{}), "./calls", "./bind", "./legacy", "./fp", "./wrap", "./shapes", "./user", "./arch", "./enums", "./chars", "./maps", "./callinto", "./expect", "./decl", "./serve", "./carry", "./nested", "./stdtypes", "./modpath")
}

func fixture(name string) string { return filepath.Join("..", "testdata", "src", name) }

// TestSuggestedFixes applies every fix in package fix and compares each
// file with its .golden: padding inserted, padding resized, fields
// reordered, tag constants set, stale fingerprints and digests rewritten
// (in //cell:fp constants, in calls of cell.Expect and cell.ExpectDigest,
// and in the constant such a call names), cell.Enum variant tags set.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, app, analyzer.New(analyzer.Config{}), "./fix", "./cascade", "./advice", "./enumset", "./cellsdk")
}

// TestArch runs the arch package under both a 64-bit and a 32-bit
// target: the checks use the target's sizes, and the _amd64.go and
// _386.go files carry each target's expectations.
func TestArch(t *testing.T) {
	for _, arch := range []string{"amd64", "386"} {
		t.Run(arch, func(t *testing.T) {
			t.Setenv("GOARCH", arch)
			analysistest.Run(t, app, analyzer.New(analyzer.Config{}), "./arch")
		})
	}
}

// TestPredicted: the types whose layout is predicted are reported with
// -predicted (every want of package predicted met, nothing else), and
// without it nothing is reported (every miss is a predicted want), so a
// correct program on rkyv 0.7 vets clean by default.
func TestPredicted(t *testing.T) {
	on := analyzer.New(analyzer.Config{})
	if err := on.Flags.Set("predicted", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, app, on, "./predicted")

	var off recorder
	analysistest.Run(&off, app, analyzer.New(analyzer.Config{}), "./predicted")
	if len(off) == 0 {
		t.Fatal("without -predicted every predicted want should be missed; none was")
	}
	for _, msg := range off {
		if !strings.Contains(msg, "no diagnostic was reported matching") || !strings.Contains(msg, "is predicted") {
			t.Errorf("without -predicted: %s", msg)
		}
	}
}

// recorder is an analysistest.Testing that keeps the errors.
type recorder []string

func (r *recorder) Errorf(format string, args ...any) { *r = append(*r, fmt.Sprintf(format, args...)) }

// TestNoLock: a module without cell.lock gets one diagnostic per package,
// at the first use of the lock (not at every call, type and constant);
// with -lock pointing at a lock relative to the module root, the same
// module is checked against that lock; a -lock that cannot be read (a
// directory) is reported once too.
func TestNoLock(t *testing.T) {
	analysistest.Run(t, fixture("nolock"), analyzer.New(analyzer.Config{}), "./p")
	a := analyzer.New(analyzer.Config{})
	if err := a.Flags.Set("lock", "locks/market.lock"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, fixture("nolock"), a, "./q")

	unreadable := analyzer.New(analyzer.Config{})
	if err := unreadable.Flags.Set("lock", "locks"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, fixture("nolock"), unreadable, "./r")
}

// TestBadLock: a corrupt lock is reported once per package, at the first
// use, with the lock's own position, and nothing is checked against it.
func TestBadLock(t *testing.T) {
	analysistest.Run(t, fixture("badlock"), analyzer.New(analyzer.Config{}), "./p")
}

// TestFixtureLocksCurrent: the fixtures' locks are what "cellvet add"
// writes for the schemas beside them today, so the expectations above
// rest on measured layouts, not hand-written ones.
func TestFixtureLocksCurrent(t *testing.T) {
	for _, path := range []string{filepath.Join(app, "cell.lock"), filepath.Join(fixture("nolock"), "locks", "market.lock")} {
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		l, err := lockfile.Parse(path, old)
		if err != nil {
			t.Fatal(err)
		}
		fresh := &lockfile.Lock{Version: lockfile.Version}
		for _, c := range l.Cells {
			schemaPath := filepath.Join(filepath.Dir(path), filepath.FromSlash(c.Source.Path))
			cfg, err := rustschema.ParseCfg(c.Source.Cfg)
			if err != nil {
				t.Fatal(err)
			}
			if c.Source.Cfg == nil {
				cfg = nil
			}
			s, err := rustschema.ParseCrate(schemaPath, rustschema.Options{Cfg: cfg, Roots: c.Source.Types})
			if err != nil {
				t.Fatal(err)
			}
			p := rustschema.DefaultProfile()
			if s.Profile != nil {
				p = *s.Profile
			}
			nc, err := lockfile.FromSchema(c.Name, c.Source, s, p)
			if err != nil {
				t.Fatal(err)
			}
			fresh.Set(nc)
		}
		if got := fresh.Marshal(); !bytes.Equal(got, old) {
			t.Errorf("%s is stale: regenerate it with cellvet add (see testdata/src/README.md)", path)
		}
	}
}
