package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/cellvet/cellvet/analyzer"
	"github.com/cellvet/cellvet/lockfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// vetUsage is "cellvet help vet".
var vetUsage = `usage: go vet -vettool=$(which cellvet) [flags] PACKAGES...
   or: cellvet [flags] PACKAGES...

The vet pass: ` + analyzer.Doc + `

Flags (go vet accepts them too):

	-cellvet.lock FILE  the lock: absolute, or relative to the module root
	                    (default: cell.lock at the module root)
	-cellvet.predicted  also report the types whose layout rkyv does not
	                    guarantee (rkyv 0.7 repr(Rust)); see docs/diagnostics.md#predicted
	-json               print diagnostics as JSON
	-fix                apply suggested fixes; with -diff, print them as diffs
	-c N                print N lines of context around each diagnostic
	-test=false         (standalone) leave out test files

Environment:

	CELLVET_CACHE       the cache of validated locks (default: cellvet under
	                    the user cache directory; "off" disables it);
	                    docs/lockfile.md §6

-fix applies the first fix of every diagnostic. Standalone, a file changes
only where a fix changes it: a file that was gofmt-formatted is formatted
again (which can realign the lines of the struct a fix edits), one that was
not is left as it was around the fix. Then the packages are checked again
and what remains is reported. Under go vet -fix the x/tools driver applies
the fixes and gofmt-formats every file it changes.

Exit status, standalone (cellvet [flags] PACKAGES):
	0  nothing is reported
	1  packages do not load, or the analysis fails
	2  bad command line
	3  something is reported: diagnostics, with or without -json; with -fix,
	   what remains after the fixes; with -fix -diff (nothing is written),
	   any diagnostic

Under go vet the go command decides: it runs cellvet once per package
(cellvet exits 1 when it reports something or fails) and exits 1 if any
run did. With -json the vet tool protocol wants exit 0 (the JSON is the
result), so go vet -json exits 0 whatever is reported; go vet -fix exits 0
once the fixes are applied, go vet -fix -diff 1 when the diff is not
empty. Scripts that need the status use the standalone form, or go vet
without -json.
`

// isVetInvocation reports whether args are for the vet pass rather than a
// subcommand: the go command only ever runs a vet tool as "tool -flags",
// "tool -V=full" or "tool [flags] /abs/vet.cfg", and standalone use is
// "cellvet [flags] PACKAGES". A subcommand is a fixed bare word, so the
// two never collide (a package named like a subcommand is spelled ./add).
func isVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return false
	}
	return lookup(args[0]) == nil
}

// vet runs the cellvet analyzer as a vet tool (go vet -vettool) or
// standalone over package patterns, and exits.
func vet(args []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") && !strings.HasSuffix(args[0], ".cfg") {
		if sug := commandTypo(args[0]); sug != "" {
			fmt.Fprintf(os.Stderr, "cellvet: unknown command %q; did you mean %q? (to check a package of that name, write ./%s)\n", args[0], sug, args[0])
			os.Exit(exitUsage)
		}
	}
	if !goVetProtocol(args) {
		exitWith(args)
	}
	// Our -V replaces the analysis driver's, which hashes only the
	// executable: go vet caches results by that line, and must not serve
	// a result computed against an older cell.lock (docs/diagnostics.md).
	flag.Var(versionFlag{}, "V", "print version and exit (-V=full: a build ID that covers cell.lock)")
	os.Args = append([]string{os.Args[0]}, args...)
	a := analyzer.Analyzer
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") {
		startHeap()
	}
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") && !mayMatter(args[n-1]) {
		a = factsOnly()
	}
	multichecker.Main(a)
}

// goVetProtocol reports whether args are the go command's use of a vet
// tool ("tool -flags", "tool -V=full", "tool [flags] /abs/vet.cfg"),
// which the x/tools unitchecker serves; anything else is the standalone
// pass over package patterns.
func goVetProtocol(args []string) bool {
	if n := len(args); n > 0 && strings.HasSuffix(args[n-1], ".cfg") {
		return true
	}
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
	}
	return false
}

// startHeap lets a vet process's heap grow to 16 MB before the first
// collection, then collects as usual. go vet runs one short process per
// package whose heap mostly stays within a few megabytes: a first cycle
// at the default 4 MB costs about a fifth of such a run's CPU time and
// frees little (docs/BENCHMARKS.md, "Vet pass, end to end"). cmd/compile
// raises its starting heap the same way. A package whose heap outgrows
// 16 MB is collected as with GOGC=100 from its first cycle on (the
// finalizer runs after it). GOGC, when set, is left alone.
func startHeap() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(400)
	type sentinel struct{ p *int }
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) { debug.SetGCPercent(100) })
}

// mayMatter reports whether the compilation unit described by the go
// vet config file cfgPath can hold anything the pass checks, exactly when
// the analyzer's own relevance test could say yes: the unit imports the
// runtime, carries a //cell: directive, or receives cellvet facts (a
// wrapper it may call, a bound type) from a direct import. A unit gets
// facts only through its direct imports' vetx files, and unitchecker
// writes a vetx file's facts section empty when a package has none, so
// their 12-byte headers answer the last question without decoding. Most
// units go vet runs a tool on (the standard library, dependencies,
// packages that never see a cell) cannot matter, and skipping the analysis
// there (with the AST inspector it requires) keeps cellvet's cost at that
// of an empty vet tool (docs/BENCHMARKS.md). When in doubt (an unreadable
// or unknown file), the answer is yes.
func mayMatter(cfgPath string) bool {
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return true
	}
	var cfg struct {
		ImportPath  string
		ImportMap   map[string]string
		Standard    map[string]bool
		PackageVetx map[string]string
		GoFiles     []string
	}
	if json.Unmarshal(data, &cfg) != nil {
		return true
	}
	if cfg.ImportPath == analyzer.RuntimePath {
		return false // the runtime forwards caller-chosen names by design
	}
	for _, path := range cfg.ImportMap {
		switch {
		case path == analyzer.RuntimePath:
			return true
		case cfg.Standard[path] || path == "unsafe" || path == "C":
			// The standard library has no cellvet facts.
		case hasFacts(cfg.PackageVetx[path]):
			return true
		}
	}
	for _, f := range cfg.GoFiles {
		src, err := os.ReadFile(f)
		if err != nil || bytes.Contains(src, []byte("//cell:")) {
			return true
		}
	}
	return false
}

// hasFacts reports whether the vetx file at path (unitchecker's format:
// "vetx", the little-endian u32 lengths of its types and facts sections,
// then the sections) may hold facts: yes unless its header says the facts
// section is empty.
func hasFacts(path string) bool {
	if path == "" {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	var h [12]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:4]) != "vetx" {
		return true
	}
	return binary.LittleEndian.Uint32(h[8:12]) != 0
}

// factsOnly is the cellvet analyzer for units that cannot matter: the
// same name, flags and fact types (so the driver still carries facts
// through the unit and accepts the same command line), and no work.
func factsOnly() *analysis.Analyzer {
	full := analyzer.Analyzer
	a := &analysis.Analyzer{
		Name:      full.Name,
		Doc:       full.Doc,
		URL:       full.URL,
		FactTypes: full.FactTypes,
		Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	}
	full.Flags.VisitAll(func(f *flag.Flag) { a.Flags.Var(f.Value, f.Name, f.Usage) })
	return a
}

// commandTypo returns the subcommand word is a plausible misspelling of,
// when word is not also an existing directory or Go package path.
func commandTypo(word string) string {
	if strings.ContainsAny(word, "./") {
		return ""
	}
	if st, err := os.Stat(word); err == nil && st.IsDir() {
		return ""
	}
	return suggestCommand(word, commandNames())
}

// versionFlag prints the tool's identity for go vet's cache: the
// executable's hash and, with -V=full, the hash of the cell.lock found
// from the working directory (the go command runs "tool -V=full" in its
// own working directory, normally inside the module being vetted).
type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }

func (versionFlag) Set(s string) error {
	name := filepath.Base(os.Args[0])
	name = strings.TrimSuffix(name, ".exe")
	if s != "full" && s != "true" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	if s == "true" {
		fmt.Printf("%s version devel\n", name)
		os.Exit(0)
	}
	id, err := buildID(os.Args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	// The go command checks the shape: "NAME version devel ... buildID=ID".
	fmt.Printf("%s version devel cellvet buildID=%s\n", name, id)
	os.Exit(0)
	return nil
}

// buildID hashes the executable and the lock found from the working
// directory (absent is a state too: it hashes as "no lock").
func buildID(exe string) (string, error) {
	h := sha256.New()
	path, err := os.Executable()
	if err != nil {
		path = exe
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hashing the executable: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hashing the executable: %w", err)
	}
	if lock, err := findLock(""); err == nil {
		lockfile.HashState(h, lock)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
