package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// exitFound is the standalone pass's status when something is reported
// (the x/tools drivers' 3), so that a script can tell "problems found"
// from "could not check" (1).
const exitFound = 3

// vetFlags are the flags of the standalone pass.
type vetFlags struct {
	json, fix, diff, tests bool
	context                int
}

// standalone runs the vet pass over package patterns without go vet and
// returns its exit status: exitOK when nothing is reported, exitFound when
// something is (with -json and -fix too: -fix applies the fixes, checks
// again and reports what remains), exitError when packages do not load or
// the analysis fails, exitUsage for a bad command line. The x/tools
// checker would exit 0 after -json and -fix whatever remains, and gofmt
// every file it fixes; this driver changes a file only where a fix does
// (fix.go).
func standalone(args []string, stdout, stderr io.Writer) int {
	f, patterns, code := parseVetFlags(args, stderr)
	if code != proceed {
		return code
	}
	a := analyzer.Analyzer
	graph, code := analyze(a, patterns, f.tests, stderr)
	if graph == nil {
		return code
	}
	if f.fix {
		written, err := applyFixes(graph, f.diff, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "cellvet: %v\n", err)
			return exitError
		}
		if written {
			// Report what the fixes left, as a plain run would.
			if graph, code = analyze(a, patterns, f.tests, stderr); graph == nil {
				return code
			}
		}
	}
	if f.json {
		if err := graph.PrintJSON(stdout); err != nil {
			return exitError
		}
	} else if err := graph.PrintText(stderr, f.context); err != nil {
		return exitError
	}
	if code == exitError {
		return code // packages did not load: 1, whatever the others report
	}
	return max(code, status(graph))
}

// parseVetFlags parses the standalone pass's command line: the flags of
// "cellvet help vet" and the analyzer's own (-cellvet.lock).
func parseVetFlags(args []string, stderr io.Writer) (*vetFlags, []string, int) {
	f := &vetFlags{}
	fs := flag.NewFlagSet("cellvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, vetUsage) }
	fs.BoolVar(&f.json, "json", false, "print diagnostics as JSON")
	fs.BoolVar(&f.fix, "fix", false, "apply suggested fixes")
	fs.BoolVar(&f.diff, "diff", false, "with -fix, print the fixes as a diff instead of applying them")
	fs.BoolVar(&f.tests, "test", true, "check test files too")
	fs.IntVar(&f.context, "c", -1, "print `N` lines of context around each diagnostic")
	analyzer.Analyzer.Flags.VisitAll(func(fl *flag.Flag) {
		fs.Var(fl.Value, analyzer.Analyzer.Name+"."+fl.Name, fl.Usage)
	})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, exitOK
		}
		return nil, nil, exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "cellvet: no packages to check\n"+vetUsage)
		return nil, nil, exitUsage
	}
	if f.diff && !f.fix {
		fmt.Fprint(stderr, "cellvet: -diff goes with -fix\n")
		return nil, nil, exitUsage
	}
	return f, fs.Args(), proceed
}

// analyze loads the packages and runs a on them. It prints load errors
// and returns exitError after them (the analysis still runs on what
// loaded), and no graph when nothing can be analyzed.
func analyze(a *analysis.Analyzer, patterns []string, tests bool, stderr io.Writer) (*checker.Graph, int) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%v matched no packages", patterns)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cellvet: %v\n", err)
		return nil, exitError
	}
	code := exitOK
	if packages.PrintErrors(pkgs) > 0 {
		code = exitError
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "cellvet: %v\n", err)
		return nil, exitError
	}
	return graph, code
}

// status is the exit status the graph's results give: exitError when an
// analysis failed, else exitFound when a root package has a diagnostic.
func status(g *checker.Graph) int {
	found := false
	for act := range g.All() {
		if act.Err != nil {
			return exitError
		}
		if act.IsRoot && len(act.Diagnostics) > 0 {
			found = true
		}
	}
	if found {
		return exitFound
	}
	return exitOK
}

// exitWith runs the standalone pass and exits with its status.
func exitWith(args []string) {
	os.Exit(standalone(args, os.Stdout, os.Stderr))
}
