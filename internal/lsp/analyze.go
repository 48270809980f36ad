package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/cellvet/cellvet/analyzer"
	"github.com/cellvet/cellvet/lockfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// runInput is what one analysis of a module sees: a snapshot of the open
// buffers, taken when the run starts.
type runInput struct {
	root     string
	files    []string          // the module's open Go files: the patterns
	overlay  map[string][]byte // every open Go buffer of the module
	versions map[string]int32  // of the files in overlay
	uris     map[string]string // the client's URIs of open documents
	lockPath string            // root/cell.lock
	lockData []byte            // its text (buffer or disk); nil when it does not exist
	snapDir  string            // where the lock's snapshot goes
}

// item is one diagnostic ready to publish, with its code actions.
type item struct {
	diag    diagnostic
	actions []codeAction
}

// runOutput is a run's result: each file's diagnostics, and log lines:
// errors (an analysis that failed or panicked) and the rest (the
// packages' own errors, which gopls reports).
type runOutput struct {
	files map[string][]item
	errs  []string
	logs  []string
	snap  string // the lock snapshot used, "" for none
}

// mode is what go/analysis/checker needs: syntax and types of every
// package, dependencies included (facts flow from them), and modules (the
// analyzer finds the lock at the module root).
const mode = packages.LoadAllSyntax | packages.NeedModule

// analyze loads the packages of in.files and runs the cellvet analyzer on
// them. A panic is returned as an error (the server logs it).
func analyze(ctx context.Context, in *runInput) (out *runOutput, err error) {
	// out is returned with any error: its snapshot must be removed.
	out = &runOutput{files: map[string][]item{}}
	defer func() {
		if r := recover(); r != nil {
			out.files, err = map[string][]item{}, fmt.Errorf("analysis of %s panicked: %v\n%s", in.root, r, debug.Stack())
		}
	}()
	if len(in.files) == 0 {
		return out, nil
	}
	a, err := newAnalyzer(in, out)
	if err != nil {
		return out, err
	}
	pkgs, err := load(ctx, in, out)
	if err != nil {
		return out, err
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return out, err
	}
	c := &converter{in: in, snap: out.snap, texts: map[string]*text{}, seen: map[string]bool{}}
	for _, act := range graph.Roots {
		if act.Err != nil {
			out.errs = append(out.errs, fmt.Sprintf("%s: %v", act.Package.PkgPath, act.Err))
		}
		for _, d := range act.Diagnostics {
			path, it, ok := c.convert(act.Package.Fset, d)
			if ok {
				out.files[path] = append(out.files[path], it)
			}
		}
	}
	return out, nil
}

// newAnalyzer returns the vet pass for a run: its lock a snapshot of the
// lock's text (recorded in out), its fixes cut from the open buffers, its
// panics errors.
func newAnalyzer(in *runInput, out *runOutput) (*analysis.Analyzer, error) {
	// The analyzer keeps loaded locks by path, size and time, and reads
	// only files: it gets a snapshot of the lock's text (the buffer when
	// the lock is open) named by its content, so an edit is never missed
	// and an unsaved lock counts. Fixes are cut from the text that was
	// parsed: the buffer of an open file, not the file on disk.
	cfg := analyzer.Config{ReadFile: func(name string) ([]byte, error) {
		if data, ok := in.overlay[name]; ok {
			return slices.Clone(data), nil
		}
		return os.ReadFile(name)
	}}
	if in.lockData != nil {
		snap, err := writeSnapshot(in.snapDir, in.root, in.lockData)
		if err != nil {
			return nil, err
		}
		cfg.Lock, out.snap = snap, snap
	}
	a := analyzer.New(cfg)
	run := a.Run
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		// The checker runs passes on its own goroutines: a panic there
		// would end the server.
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		if passHook != nil {
			passHook(pass)
		}
		return run(pass)
	}
	return a, nil
}

// load loads the packages of the run's files with their dependencies;
// their errors go to out's log.
func load(ctx context.Context, in *runInput, out *runOutput) ([]*packages.Package, error) {
	// Test variants only when a test file is open: they double the work.
	tests := slices.ContainsFunc(in.files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	pcfg := &packages.Config{Mode: mode, Context: ctx, Dir: in.root, Overlay: in.overlay, Tests: tests, ParseFile: parserFor(in.root)}
	var patterns []string
	for _, f := range in.files {
		patterns = append(patterns, "file="+f)
	}
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// Only the open files' packages: a dependency read without its
	// function bodies has "imported and not used" errors of no interest.
	for _, p := range pkgs {
		for _, e := range p.Errors {
			out.logs = append(out.logs, e.Error())
		}
	}
	return pkgs, nil
}

// parserFor returns the parser of go/packages for a run in the module at
// root: files of other modules (the standard library's, the module
// cache's, a replaced module's) lose their function bodies. The checker
// runs the vet pass on every dependency for its facts, and type-checking
// those bodies on every run was most of a run's time (docs/BENCHMARKS.md).
// What the vet pass learns from a dependency's bodies is its wrappers of
// cell.Call: in the editor, only the module's own wrappers are known (go
// vet and golangci-lint know every module's).
func parserFor(root string) func(*token.FileSet, string, []byte) (*ast.File, error) {
	root += string(filepath.Separator)
	return func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		if strings.HasPrefix(filename, root) {
			return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments)
		}
		f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
		if f != nil {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					fd.Body = nil
				}
			}
		}
		return f, err
	}
}

// passHook, when set (by tests), runs before the analyzer on each pass.
var passHook func(*analysis.Pass)

// writeSnapshot writes the lock text data of the module at root to
// dir/ROOT/DATA/cell.lock (named by hashes; once) and returns its path.
// Each module has its own (the runs of one module take turns, those of
// two modules do not), and the base name stays cell.lock: the analyzer's
// messages name it.
func writeSnapshot(dir, root string, data []byte) (string, error) {
	rootSum, sum := sha256.Sum256([]byte(root)), sha256.Sum256(data)
	path := filepath.Join(dir, hex.EncodeToString(rootSum[:8]), hex.EncodeToString(sum[:12]), lockfile.Name)
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// converter turns analysis diagnostics into LSP ones, in the text each
// file had for the run.
type converter struct {
	in    *runInput
	snap  string
	texts map[string]*text
	seen  map[string]bool // a file is in a package and its test variant
}

func (c *converter) text(name string) *text {
	if t, ok := c.texts[name]; ok {
		return t
	}
	var t *text
	switch data, ok := c.in.overlay[name]; {
	case name == c.snap:
		t = newText(string(c.in.lockData))
	case ok:
		t = newText(string(data))
	default:
		if data, err := os.ReadFile(name); err == nil {
			t = newText(string(data))
		}
	}
	c.texts[name] = t
	return t
}

// realName is name, with the lock's snapshot named as the lock.
func (c *converter) realName(name string) string {
	if c.snap != "" && name == c.snap {
		return c.in.lockPath
	}
	return name
}

func (c *converter) message(msg string) string {
	if c.snap == "" {
		return msg
	}
	return strings.ReplaceAll(msg, c.snap, c.in.lockPath)
}

// span returns the file, its text and the range of pos..end (an empty
// end covers the identifier at pos).
func (c *converter) span(fset *token.FileSet, pos, end token.Pos) (string, *text, lspRange, bool) {
	f := fset.File(pos)
	if f == nil {
		return "", nil, lspRange{}, false
	}
	t := c.text(f.Name())
	if t == nil || f.Size() != len(t.src) {
		return "", nil, lspRange{}, false
	}
	start := f.Offset(pos)
	stop := start
	if end.IsValid() && end > pos && fset.File(end) == f {
		stop = f.Offset(end)
	} else {
		stop = t.wordEnd(start)
	}
	return c.realName(f.Name()), t, t.rangeOf(start, stop), true
}

func (c *converter) convert(fset *token.FileSet, d analysis.Diagnostic) (string, item, bool) {
	path, _, rng, ok := c.span(fset, d.Pos, d.End)
	if !ok {
		return "", item{}, false
	}
	key := fmt.Sprint(path, rng, d.Category, d.Message)
	if c.seen[key] {
		return "", item{}, false
	}
	c.seen[key] = true
	ld := diagnostic{Range: rng, Severity: severityWarning, Code: d.Category, Source: "cellvet", Message: c.message(d.Message)}
	for _, r := range d.Related {
		rpath, _, rrng, ok := c.span(fset, r.Pos, r.End)
		if !ok {
			continue
		}
		ld.RelatedInformation = append(ld.RelatedInformation, diagnosticRelatedInformation{
			Location: location{URI: c.in.uri(rpath), Range: rrng},
			Message:  c.message(r.Message),
		})
	}
	it := item{diag: ld}
	for _, fix := range d.SuggestedFixes {
		edits, ok := c.edits(fset, fix)
		if !ok {
			continue
		}
		it.actions = append(it.actions, codeAction{
			Title:       fix.Message,
			Kind:        "quickfix",
			Diagnostics: []diagnostic{ld},
			IsPreferred: len(it.actions) == 0,
			Edit:        workspaceEdit{Changes: edits},
		})
	}
	return path, it, true
}

// edits returns a fix's edits by URI, or false when the fix cannot be
// offered.
func (c *converter) edits(fset *token.FileSet, fix analysis.SuggestedFix) (map[string][]textEdit, bool) {
	out := map[string][]textEdit{}
	for _, e := range fix.TextEdits {
		f := fset.File(e.Pos)
		if f == nil {
			return nil, false
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		t := c.text(f.Name())
		if t == nil || f.Size() != len(t.src) || fset.File(end) != f {
			return nil, false
		}
		uri := c.in.uri(c.realName(f.Name()))
		out[uri] = append(out[uri], textEdit{Range: t.rangeOf(f.Offset(e.Pos), f.Offset(end)), NewText: string(e.NewText)})
	}
	return out, len(out) > 0
}

// uri returns the URI of path: the client's own for an open document.
func (in *runInput) uri(path string) string {
	if u, ok := in.uris[path]; ok {
		return u
	}
	return fileURI(path)
}
