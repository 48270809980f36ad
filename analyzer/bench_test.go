package analyzer_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// benchSites is the number of checked call sites in the "with" package.
const benchSites = 1000

// benchPackage writes the source of a package that declares the market
// types (bound as in testdata/src/app/calls) and, when withCalls, calls
// cell.Call benchSites times, 10 calls per function; without calls the
// same functions are there with empty bodies, so the two packages differ
// only by their call sites.
func benchPackage(name string, withCalls bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `package %s

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

var _ = context.Background

// Quote mirrors market.Quote.
//
//cell:type market.Quote
type Quote struct {
	Bid, Ask float64
	BidSizes [4]uint32
	Venue    cell.String
}

// QuoteRequest mirrors market.QuoteRequest.
//
//cell:type market.QuoteRequest
type QuoteRequest struct {
	Symbol [8]byte
	Depth  uint16
	Live   bool
}

const marketCell = "market"
`, name)
	for f := range benchSites / 10 {
		fmt.Fprintf(&b, "\nfunc F%d(ctx context.Context) {\n", f)
		for i := range 10 {
			if !withCalls {
				continue
			}
			if i%2 == 0 {
				b.WriteString("\tcell.Call[Quote](ctx, \"market\", &QuoteRequest{})\n")
			} else {
				b.WriteString("\tcell.Call[Quote](ctx, marketCell, &QuoteRequest{})\n")
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// BenchmarkCallSite measures what one checked call site costs: it loads
// a package with benchSites calls of cell.Call and its twin without them
// once, then times checker.Analyze on each in turn (the whole analysis
// of the package and, for facts, of its dependencies, as a driver runs
// it). ns/call-site is (with - without) / benchSites over the mean
// times, min-ns/call-site the same over the fastest iteration of each
// (less sensitive to a busy machine), and root-ns/call-site the mean
// difference over the root package's own cellvet and inspect actions
// only (their Action.Duration), which leaves out the noise of
// re-analyzing the dependencies on every iteration.
func BenchmarkCallSite(b *testing.B) {
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("no go command on PATH")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	gomod := fmt.Sprintf(`module example.com/bench

go 1.26.0

require github.com/cellvet/cellvet v0.0.0

require (
	github.com/klauspost/cpuid/v2 v2.0.12 // indirect
	github.com/zeebo/blake3 v0.2.4 // indirect
)

replace github.com/cellvet/cellvet => %s
`, repo)
	files := map[string]string{
		"go.mod":       gomod,
		"with/with.go": benchPackage("with", true),
		"twin/twin.go": benchPackage("twin", false),
		"cell.lock":    "",
		"go.sum":       "",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if name == "cell.lock" || name == "go.sum" {
			data, err := os.ReadFile(filepath.Join(app, name))
			if err != nil {
				b.Fatal(err)
			}
			text = string(data)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "schemas"), 0o755); err != nil {
		b.Fatal(err)
	}
	for _, rs := range []string{"market.rs", "legacy.rs"} {
		data, err := os.ReadFile(filepath.Join(app, "schemas", rs))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "schemas", rs), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}

	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, "./with", "./twin")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("the generated module does not load")
	}
	byName := map[string]*packages.Package{}
	for _, p := range pkgs {
		byName[p.Name] = p
	}
	with, twin := byName["with"], byName["twin"]
	if with == nil || twin == nil {
		b.Fatalf("loaded %v, want packages with and twin", pkgs)
	}

	// analyze runs a fresh analyzer on p and returns the time of the
	// whole Analyze and that of the actions on p itself.
	analyze := func(p *packages.Package) (total, root time.Duration) {
		start := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(analyzer.Config{})}, []*packages.Package{p}, nil)
		total = time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		for act := range g.All() {
			if act.Err != nil {
				b.Fatalf("%s: %v", act, act.Err)
			}
			if act.Package == p {
				root += act.Duration
			}
			if len(act.Diagnostics) > 0 && act.Package == p {
				b.Fatalf("%s: %d diagnostics, first: %s", act, len(act.Diagnostics), act.Diagnostics[0].Message)
			}
		}
		return total, root
	}
	// Warm up (the lock is loaded once per process), and check that
	// both packages are clean so that every call site is a checked one.
	analyze(with)
	analyze(twin)

	var withTotal, twinTotal, withRoot, twinRoot time.Duration
	withMin, twinMin := time.Duration(1<<63-1), time.Duration(1<<63-1)
	iters := 0
	for b.Loop() {
		iters++
		t, r := analyze(with)
		withTotal += t
		withRoot += r
		withMin = min(withMin, t)
		t, r = analyze(twin)
		twinTotal += t
		twinRoot += r
		twinMin = min(twinMin, t)
	}
	n := float64(iters) * benchSites
	b.ReportMetric(float64(withTotal-twinTotal)/n, "ns/call-site")
	b.ReportMetric(float64(withMin-twinMin)/benchSites, "min-ns/call-site")
	b.ReportMetric(float64(withRoot-twinRoot)/n, "root-ns/call-site")
	b.ReportMetric(float64(withRoot)/float64(iters)/1e6, "root-ms/with")
	b.ReportMetric(float64(twinRoot)/float64(iters)/1e6, "root-ms/twin")
}
