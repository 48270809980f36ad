package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
	"golang.org/x/tools/go/analysis"
)

// findLock returns the absolute path of the lock for pass: flagPath when
// absolute; else flagPath or cell.lock relative to the module root, which
// is pass.Module.Dir when the driver knows it and otherwise the nearest
// directory holding go.mod above the package's first file. Never the
// working directory: under go vet that is the package directory, so a
// relative path would name a different file in every package.
// explicit reports whether the path came from the flag.
func findLock(pass *analysis.Pass, flagPath string) (path string, explicit bool, err error) {
	if filepath.IsAbs(flagPath) {
		return filepath.Clean(flagPath), true, nil
	}
	root := ""
	if pass.Module != nil {
		root = pass.Module.Dir
	}
	if root == "" {
		root = moduleRoot(pass)
	}
	if root == "" {
		if flagPath != "" {
			return "", true, fmt.Errorf("-lock %s is relative but the module root of package %s is unknown: give an absolute path", flagPath, pass.Pkg.Path())
		}
		return "", false, nil
	}
	return lockfile.Path(root, flagPath), flagPath != "", nil
}

// moduleRoot walks up from the directory of the package's first file to
// the nearest go.mod.
func moduleRoot(pass *analysis.Pass) string {
	if len(pass.Files) == 0 {
		return ""
	}
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	if name == "" {
		return ""
	}
	dir, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return ""
	}
	return lockfile.ModuleRoot(dir)
}

// lockData is one loaded lock, shared by every pass of the process: go vet
// runs one process per package, the standalone and in-process drivers many
// passes per process, and a long-lived driver (an editor server) must see
// edits, so entries are keyed by path and revalidated by size and time.
// The lock is read through lockfile's cache: a package reads the entries
// of the cells it uses, and only those.
type lockData struct {
	path    string
	size    int64
	modTime time.Time
	lock    *lockfile.Cells
	err     error
	// Made on the first diagnostic that points into the lock:
	lines   []int // line start offsets
	locator *lockfile.Locator

	mu    sync.Mutex
	cells map[string]*cellData
	// The lock's file in the file set of the last pass that pointed into
	// it: a driver's passes share one set per run (a long-running driver,
	// cellvet lsp, makes a set per run, which must not all be kept).
	fset *token.FileSet
	file *token.File
}

// cellData is what the checks need about one cell beyond the lock entry:
// its schema model (for the kinds of field types) and the layouts of the
// anonymous types nested in fields (tuples, options), computed once.
type cellData struct {
	*lockfile.Cell
	schema *rustschema.Schema
	err    error // the canonical text did not parse or lay out

	// The passes of a process share layouts, which are not safe for
	// concurrent use.
	mu      sync.Mutex
	layouts *layout.Layouts
}

// layoutOf returns the archived size and alignment of t (layout.Layouts.Of).
func (cd *cellData) layoutOf(t *rustschema.Type) (size, align uint64, err error) {
	cd.mu.Lock()
	defer cd.mu.Unlock()
	return cd.layouts.Of(t)
}

var locks struct {
	sync.Mutex
	m map[string]*lockData
}

// ForgetLock drops what analyzers keep of the lock at path, for a driver
// that checks against many short-lived lock files (cellvet lsp's
// snapshots of a lock's text).
func ForgetLock(path string) {
	locks.Lock()
	delete(locks.m, path)
	locks.Unlock()
}

// loadLock returns the lock at path, loading it when it is new or changed
// since the last load. A missing file gives an error wrapping
// fs.ErrNotExist.
func loadLock(path string) *lockData {
	st, statErr := os.Stat(path)
	locks.Lock()
	defer locks.Unlock()
	if d := locks.m[path]; d != nil && statErr == nil && d.err == nil && d.size == st.Size() && d.modTime.Equal(st.ModTime()) {
		return d
	}
	d := &lockData{path: path, cells: map[string]*cellData{}}
	if statErr != nil {
		d.err = statErr
	} else {
		d.size, d.modTime = st.Size(), st.ModTime()
		d.lock, d.err = lockfile.Open(path)
	}
	if locks.m == nil {
		locks.m = map[string]*lockData{}
	}
	locks.m[path] = d
	return d
}

func lineStarts(data []byte) []int {
	lines := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			lines = append(lines, i+1)
		}
	}
	return lines
}

func missing(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// names returns the names of the lock's cells.
func (d *lockData) names() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.lock.Names())
}

// cell returns the lock's cell named name with its schema and layouts, or
// nil when the lock has no such cell.
func (d *lockData) cell(name string) *cellData {
	d.mu.Lock()
	defer d.mu.Unlock()
	if cd, ok := d.cells[name]; ok {
		return cd
	}
	c, err := d.lock.Cell(name)
	var cd *cellData
	switch {
	case err != nil: // the cache said the lock loads, and it does not
		cd = &cellData{Cell: &lockfile.Cell{Name: name}, err: err}
	case c != nil:
		cd = &cellData{Cell: c}
		// The lock was validated on load, and validation parses the
		// canonical text too, so errors here mean an inconsistent cellvet.
		cd.schema, _, cd.err = rustschema.ParseCanonical(d.path, []byte(c.Canonical))
		if cd.err == nil {
			cd.layouts, cd.err = layout.Lazy(cd.schema, c.Profile)
		}
	}
	d.cells[name] = cd
	return cd
}

// lockRef names an element of the lock: a cell, a type of it, a variant
// of that, or a field of the type or variant.
type lockRef struct{ cell, typ, variant, field string }

// pos returns the position of element r of the lock in fset, registering
// the lock there once so that diagnostics can point into it (as Related
// information) with its absolute path.
func (d *lockData) pos(fset *token.FileSet, r lockRef) token.Pos {
	d.mu.Lock()
	defer d.mu.Unlock()
	f := d.file
	if d.fset != fset {
		// Only diagnostics need the lock's lines and positions: read
		// them now rather than on every load (most vet runs report
		// nothing).
		if d.lines == nil {
			data := d.lock.Data()
			d.lines = lineStarts(data)
			d.locator = lockfile.NewLocator(d.path, data)
		}
		f = fset.AddFile(d.path, -1, len(d.lock.Data()))
		f.SetLines(d.lines)
		d.fset, d.file = fset, f
	}
	p := d.locator.Pos(r.cell, r.typ, r.variant, r.field)
	if p.Line <= 0 || p.Line > f.LineCount() {
		return token.NoPos
	}
	off := f.Offset(f.LineStart(p.Line)) + max(p.Col-1, 0)
	if off > f.Size() {
		off = f.Size()
	}
	return f.Pos(off)
}
