// Package analyzer defines the cellvet Analyzer, which checks Go calls of
// Rust cells and the Go types bound to Rust types against cell.lock.
package analyzer

import (
	_ "embed"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/facts"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// RuntimePath is the import path of the runtime package whose Call the
// analyzer checks and whose view types it knows.
const RuntimePath = "github.com/cellvet/cellvet/cell"

// Doc is the analyzer's documentation.
const Doc = `check calls of Rust cells and Go types bound to Rust types against cell.lock

The cellvet analyzer reads cell.lock, the module's record of every Rust cell
it talks to (written by "cellvet add"), and checks:

  - every call of cell.Call or cell.CallInto, and of functions that forward their cell name
    and message to it: the cell name must be a constant naming a cell of
    the lock, and the request and response types must mirror the cell's
    archived rkyv layouts;
  - every call of cell.Serve, and of its wrappers, with a cell.WithCanon
    option: the handler's request and response types, as for a call;
  - every Go type bound to a Rust type with a //cell:type CELL.Type (or
    CELL.Enum::Variant) directive: size, alignment, every field's offset,
    kind and width, array lengths, nested types, enum tags and the view
    types (cell.String, Vec, Box, Option, Char, and cell.Enum for enums
    with fields); a field bound to a map or set, which the runtime does
    not carry, is reported; so is an rkyv 0.7 repr(Rust) struct whose
    out-of-line data rustc archives out of declaration order without
    cell:",decl=N" tags, and a decl=N that is not the field's index in
    the Rust declaration;
  - what the runtime would refuse or cannot carry at the first call:
    Go types without an archived form, misplaced cell tag options, two
    variants of one Go type, rkyv 0.7 tuples with two or more elements
    holding out-of-line data, messages over the 16 MiB frame limit;
  - every constant marked //cell:fp CELL, and the constant arguments of
    cell.Expect and cell.ExpectDigest: they must equal the cell's
    fingerprint (or digest).

Sizes are those of the target GOARCH. Differences are reported with the Go
field path, the value found and the value cell.lock records, and a related
position on the cell.lock line. The lock is -cellvet.lock (absolute, or
relative to the module root), else cell.lock at the module root; a
missing or invalid lock is reported once per package. Predicted layouts
(rkyv 0.7 repr(Rust)) are reported only with -predicted.

See https://github.com/cellvet/cellvet/blob/main/docs/diagnostics.md for
every diagnostic and its fix.`

// Config configures an Analyzer made by New.
type Config struct {
	// Lock is the lock file: absolute, or relative to the module root.
	// Empty means cell.lock at the module root.
	Lock string
	// Predicted reports the types whose archived layout is predicted, not
	// guaranteed (rkyv 0.7 repr(Rust)); off by default, so that a correct
	// program vets clean (docs/diagnostics.md#predicted).
	Predicted bool
	// ReadFile, when set, reads the source of a file for a suggested fix
	// in place of Pass.ReadFile: a driver that parses unsaved buffers
	// (cellvet lsp) gives the text it parsed, which the file on disk is not.
	ReadFile func(filename string) ([]byte, error)
}

// Analyzer is the cellvet analyzer with its -lock flag.
var Analyzer = New(Config{})

// New returns a fresh cellvet analyzer configured by cfg, for drivers
// (golangci-lint plugins, tests) that need several independent instances.
func New(cfg Config) *analysis.Analyzer {
	c := &config{Config: cfg}
	a := &analysis.Analyzer{
		Name:             "cellvet",
		Doc:              Doc,
		URL:              "https://github.com/cellvet/cellvet/blob/main/docs/diagnostics.md",
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:        []analysis.Fact{new(facts.Bound), new(facts.Wrapper)},
		RunDespiteErrors: true,
		Run:              c.run,
	}
	a.Flags.StringVar(&c.Lock, "lock", cfg.Lock, "the cell.lock `file`: absolute, or relative to the module root (default: cell.lock at the module root)")
	a.Flags.BoolVar(&c.Predicted, "predicted", cfg.Predicted, "also report the types whose layout is predicted, not guaranteed (rkyv 0.7 repr(Rust))")
	return a
}

type config struct{ Config }

// binding is a Go type's Rust type.
type binding struct {
	cell, typ, variant string
	pos                token.Pos // of the directive, when local
	byName             bool      // bound by its name at a call, not by a directive
}

func (b *binding) target() string {
	s := b.cell + "." + b.typ
	if b.variant != "" {
		s += "::" + b.variant
	}
	return s
}

// state is one run of the analyzer on one package.
type state struct {
	*analysis.Pass
	cfg       *config
	lock      *lockData // nil until needed; then never nil
	lockErr   string    // why there is no usable lock, "" when there is
	lockPath  string
	explicit  bool
	lockUse   token.Pos            // the first use of an unusable lock
	brokenUse map[string]token.Pos // the first use of each broken cell entry

	directives map[*types.TypeName]*binding
	typeSpecs  map[*types.TypeName]*ast.TypeSpec
	wrappers   map[*types.Func]*facts.Wrapper // local wrappers
	checked    map[string]bool                // type+binding already checked
	mismatch   map[*types.TypeName]bool
	seen       map[string]bool // diagnostics already reported
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	if !relevant(pass) {
		return nil, nil
	}
	s := &state{
		Pass:       pass,
		cfg:        c,
		directives: map[*types.TypeName]*binding{},
		typeSpecs:  map[*types.TypeName]*ast.TypeSpec{},
		wrappers:   map[*types.Func]*facts.Wrapper{},
		checked:    map[string]bool{},
		mismatch:   map[*types.TypeName]bool{},
		seen:       map[string]bool{},
		brokenUse:  map[string]token.Pos{},
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	fps, consts := s.collectDirectives(ins)
	calls, expects := s.calls(ins)
	s.findWrappers(calls)
	s.checkCalls(calls)
	for _, obj := range sortedObjs(s.directives) {
		s.checkBinding(obj, s.directives[obj], obj.Pos())
	}
	for _, obj := range sortedObjs(s.directives) {
		b := s.directives[obj]
		pass.ExportObjectFact(obj, &facts.Bound{Cell: b.cell, Type: b.typ, Variant: b.variant, Mismatch: s.mismatch[obj]})
	}
	for _, fp := range fps {
		s.checkFingerprint(fp)
	}
	s.checkExpects(expects, s.constDecls(consts, fps))
	s.checkTagConsts(consts)
	s.reportLock()
	return nil, nil
}

// relevant reports whether the package can hold anything to check: it
// imports the runtime, carries a //cell: directive, or imports a wrapper
// or bound type. Everything else (the standard library, most of any
// module) costs this scan only.
func relevant(pass *analysis.Pass) bool {
	if pass.Pkg.Path() == RuntimePath {
		return false // the runtime forwards caller-chosen names by design
	}
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == RuntimePath {
			return true
		}
	}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//cell:") {
					return true
				}
			}
		}
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*facts.Wrapper); ok {
			return true
		}
	}
	return false
}

// useLock loads the lock on first use. It returns false when there is no
// usable lock; that is reported once, at the package's first use of the
// lock (reportLock), however many calls, types and constants need it.
func (s *state) useLock(pos token.Pos) bool {
	if s.lock == nil && s.lockErr == "" {
		s.loadLock()
	}
	if s.lockErr != "" {
		s.lockUse = firstPos(s.lockUse, pos)
		return false
	}
	return true
}

// cellOf returns the lock's cell name, or nil, having reported an unknown
// cell at pos, or noted a broken entry (reported once per cell by
// reportLock). The lock must be in use (useLock).
func (s *state) cellOf(name string, pos token.Pos) *cellData {
	cd := s.lock.cell(name)
	switch {
	case cd == nil:
		s.unknownCell(pos, name)
	case cd.err != nil:
		s.brokenUse[name] = firstPos(s.brokenUse[name], pos)
		return nil
	}
	return cd
}

// firstPos returns the earlier of two positions, either of which may be
// unset.
func firstPos(a, b token.Pos) token.Pos {
	if !a.IsValid() || b.IsValid() && b < a {
		return b
	}
	return a
}

// reportLock reports the unusable lock, and each broken cell entry, once,
// at the first use in the package.
func (s *state) reportLock() {
	if s.lockUse.IsValid() {
		s.Report(analysis.Diagnostic{Pos: s.lockUse, Category: "lock", Message: s.lockErr})
	}
	for _, name := range slices.Sorted(maps.Keys(s.brokenUse)) {
		s.Report(analysis.Diagnostic{Pos: s.brokenUse[name], Category: "lock", Message: fmt.Sprintf("cell %s of %s is invalid: %v", name, filepath.Base(s.lockPath), s.lock.cell(name).err)})
	}
}

func (s *state) loadLock() {
	path, explicit, err := findLock(s.Pass, s.cfg.Lock)
	s.lockPath, s.explicit = path, explicit
	switch {
	case err != nil:
		s.lockErr = err.Error()
		return
	case path == "":
		s.lockErr = fmt.Sprintf("no cell.lock: package %s is not in a module", s.Pkg.Path())
		return
	}
	d := loadLock(path)
	var pe *fs.PathError
	switch {
	case d.err != nil && missing(d.err):
		s.lockErr = fmt.Sprintf("no cell.lock at %s", path)
	case errors.As(d.err, &pe):
		s.lockErr = fmt.Sprintf("cell.lock cannot be read: %v", d.err) // the error names the file
	case d.err != nil:
		first, rest, more := strings.Cut(d.err.Error(), "\n")
		if more {
			first += fmt.Sprintf(" (and %d more)", strings.Count(rest, "\n")+1)
		}
		s.lockErr = "cell.lock is invalid, nothing can be checked: " + first
	default:
		s.lock = d
	}
}

// report reports d once.
func (s *state) report(d analysis.Diagnostic) {
	key := fmt.Sprint(d.Pos, d.Category, d.Message)
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.Report(d)
}

// related returns Related information pointing at element r of the lock.
func (s *state) related(r lockRef, what string) []analysis.RelatedInformation {
	if s.lock == nil || r.cell == "" {
		return nil
	}
	pos := s.lock.pos(s.Fset, r)
	if !pos.IsValid() {
		return nil
	}
	msg := "cell.lock"
	if what != "" {
		msg += ": " + what
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: msg}}
}

// collectDirectives records the package's //cell:type bindings and
// returns its //cell:fp constants and all its constant specs (for
// checkTagConsts, once the bindings are known).
func (s *state) collectDirectives(ins *inspector.Inspector) (fps []fpConst, consts []*ast.ValueSpec) {
	for n := range ins.PreorderSeq((*ast.GenDecl)(nil)) {
		gd := n.(*ast.GenDecl)
		for _, spec := range gd.Specs {
			if vs, ok := spec.(*ast.ValueSpec); ok && gd.Tok == token.CONST {
				consts = append(consts, vs)
			}
			doc := docOf(gd, spec)
			if doc == nil {
				continue
			}
			for _, cm := range doc.List {
				verb, arg, ok := directive(cm.Text)
				if !ok {
					continue
				}
				switch verb {
				case "type":
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						s.report(analysis.Diagnostic{Pos: cm.Pos(), Category: "directive", Message: "//cell:type belongs on a type declaration"})
						continue
					}
					b, err := parseTarget(arg)
					if err != "" {
						s.report(analysis.Diagnostic{Pos: cm.Pos(), Category: "directive", Message: fmt.Sprintf("//cell:type %s: %s", arg, err)})
						continue
					}
					b.pos = cm.Pos()
					if obj, ok := s.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
						s.directives[obj] = b
						s.typeSpecs[obj] = ts
					}
				case "fp":
					vs, ok := spec.(*ast.ValueSpec)
					if !ok || gd.Tok != token.CONST || len(vs.Names) != 1 {
						s.report(analysis.Diagnostic{Pos: cm.Pos(), Category: "directive", Message: "//cell:fp belongs on the declaration of one constant"})
						continue
					}
					if err := schemaName(arg); err != "" {
						s.report(analysis.Diagnostic{Pos: cm.Pos(), Category: "directive", Message: fmt.Sprintf("//cell:fp %s: %s", arg, err)})
						continue
					}
					fps = append(fps, fpConst{cell: arg, spec: vs})
				default:
					s.report(analysis.Diagnostic{Pos: cm.Pos(), Category: "directive", Message: fmt.Sprintf("unknown directive //cell:%s: cellvet knows //cell:type and //cell:fp", verb)})
				}
			}
		}
	}
	return fps, consts
}

// docOf returns the doc comment of spec: its own, or the declaration's
// when the declaration has this one spec.
func docOf(gd *ast.GenDecl, spec ast.Spec) *ast.CommentGroup {
	var doc *ast.CommentGroup
	switch sp := spec.(type) {
	case *ast.TypeSpec:
		doc = sp.Doc
	case *ast.ValueSpec:
		doc = sp.Doc
	}
	if doc == nil && len(gd.Specs) == 1 {
		doc = gd.Doc
	}
	return doc
}

// directive splits a "//cell:verb arg" comment.
func directive(text string) (verb, arg string, ok bool) {
	rest, ok := strings.CutPrefix(text, "//cell:")
	if !ok {
		return "", "", false
	}
	verb, arg, _ = strings.Cut(rest, " ")
	return verb, strings.TrimSpace(arg), true
}

// parseTarget parses CELL.Type or CELL.Enum::Variant, where Type may be a
// module path (net::Packet, the name of a type whose plain name several
// types of a crate share). Which one a::b is depends on the lock: see
// settleTarget.
func parseTarget(arg string) (*binding, string) {
	const want = "want CELL.Type or CELL.Enum::Variant"
	cellName, rest, ok := strings.Cut(arg, ".")
	if !ok || cellName == "" || rest == "" {
		return nil, want
	}
	if err := schemaName(cellName); err != "" {
		return nil, err
	}
	segs := strings.Split(rest, "::")
	if slices.ContainsFunc(segs, func(s string) bool { return !isIdent(s) }) {
		return nil, want
	}
	b := &binding{cell: cellName, typ: rest}
	if n := len(segs); n > 1 {
		b.typ, b.variant = strings.Join(segs[:n-1], "::"), segs[n-1]
	}
	return b, ""
}

// settleTarget reads Enum::Variant as a type when the cell has a type of
// that whole name (a module path).
func settleTarget(b *binding, cd *cellData) {
	if b.variant != "" && cd.Type(b.typ+"::"+b.variant) != nil {
		b.typ, b.variant = b.typ+"::"+b.variant, ""
	}
}

func schemaName(name string) string {
	if name == "" || strings.ContainsAny(name, " \t/") {
		return fmt.Sprintf("%q is not a cell name", name)
	}
	return ""
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// bound returns the directive binding of a type: from this package's
// directives, or the fact its own package exported.
func (s *state) bound(obj *types.TypeName) *binding {
	if b := s.directives[obj]; b != nil {
		return b
	}
	if obj.Pkg() == s.Pkg {
		return nil
	}
	var f facts.Bound
	if s.ImportObjectFact(obj, &f) {
		return &binding{cell: f.Cell, typ: f.Type, variant: f.Variant}
	}
	return nil
}

// checkBinding checks Go type obj against its binding b, reporting at the
// type's declaration when it is in this package, else at pos (a call).
func (s *state) checkBinding(obj *types.TypeName, b *binding, pos token.Pos) {
	key := obj.Id() + "\x00" + b.target()
	if s.checked[key] {
		return
	}
	s.checked[key] = true
	if obj.Pkg() == s.Pkg {
		pos = obj.Pos()
	}
	if !s.useLock(pos) {
		return
	}
	cd := s.cellOf(b.cell, pos)
	if cd == nil {
		s.mismatch[obj] = true
		return
	}
	settleTarget(b, cd)
	lt := cd.Type(b.typ)
	if lt == nil {
		var names []string
		for _, t := range cd.Types {
			names = append(names, t.Name)
		}
		msg := fmt.Sprintf("%s: cell %s has no type %s", obj.Name(), b.cell, b.typ)
		var paths []string
		for _, n := range names {
			if strings.HasSuffix(n, "::"+b.typ) {
				paths = append(paths, n)
			}
		}
		if len(paths) > 0 {
			// A crate with several types of one name names each by module path.
			msg += fmt.Sprintf("; several modules define one, each named by its path: %s", strings.Join(paths, ", "))
		} else if sug := rustschema.Suggest(b.typ, names); sug != "" {
			msg += fmt.Sprintf("; did you mean %s?", sug)
		}
		if b.byName {
			msg = fmt.Sprintf("%s: no Rust type named %s in cell %s; bind it with //cell:type %s.TYPE", obj.Name(), b.typ, b.cell, b.cell)
		}
		s.report(analysis.Diagnostic{Pos: pos, Category: "bind", Message: msg, Related: s.related(lockRef{cell: b.cell}, "cell "+b.cell)})
		s.mismatch[obj] = true
		return
	}
	cmp := s.comparer(cd)
	w, ok := s.compareBinding(cmp, obj, b, lt, pos)
	if !ok {
		s.mismatch[obj] = true
		return
	}
	if len(cmp.probs) > 0 {
		s.mismatch[obj] = true
	}
	var fix []analysis.SuggestedFix
	if ts := s.typeSpecs[obj]; ts != nil && w != nil && obj.Pkg() == s.Pkg {
		fix = s.layoutFix(ts, cmp, w)
	}
	s.emit(cmp.probs, fix)
	if lt.Predicted() && s.cfg.Predicted {
		s.report(analysis.Diagnostic{
			Pos:      pos,
			Category: "predicted",
			Message:  fmt.Sprintf("%s: the layout of %s is predicted, not guaranteed", obj.Name(), b.target()),
			Related:  s.related(lockRef{cell: b.cell, typ: b.typ}, b.target()),
		})
	}
}

// compareBinding compares Go type obj with its Rust type lt, collecting
// the problems in cmp. It returns the struct expectation when there is
// one (for the layout fix), and false when the binding itself is wrong
// (reported).
func (s *state) compareBinding(cmp *comparer, obj *types.TypeName, b *binding, lt *lockfile.Type, pos token.Pos) (*structWant, bool) {
	g := obj.Type()
	lp := lockRef{cell: b.cell, typ: b.typ}
	if b.variant == "" && isRuntimeType(g, "Enum") {
		cmp.compareEnum(g, b.typ, obj.Name(), pos, lp, b.target())
		return nil, true
	}
	w, msg := cmp.cell.wantStruct(b.typ, b.variant)
	switch {
	case w == nil && msg != "":
		s.report(analysis.Diagnostic{Pos: pos, Category: "bind", Message: obj.Name() + ": " + msg, Related: s.related(lp, b.target())})
		return nil, false
	case w == nil: // a fieldless enum: an integer of its tag's type
		if cmp.prim(g, lt.Tag, obj.Name(), pos, lp, b.target()); len(cmp.probs) == 0 {
			cmp.sizeAlign(g, lt.Size, lt.Align, obj.Name(), pos, lp, b.target())
		}
	default:
		st, ok := g.Underlying().(*types.Struct)
		if !ok {
			cmp.add(pos, obj.Name(), "kind", lp, b.target(), "%s is not a struct: %s is archived as a struct of %d bytes", typeString(g, s.Pkg), b.target(), w.size)
			break
		}
		cmp.compareStruct(g, st, w, obj.Name(), pos)
	}
	return w, true
}

func (s *state) comparer(cd *cellData) *comparer {
	return &comparer{
		cell:   cd,
		sizes:  s.TypesSizes,
		maxAl:  uint64(s.TypesSizes.Alignof(types.Typ[types.Uint64])),
		pw:     uint64(cd.Profile.PointerWidth / 8),
		local:  s.Pkg,
		bound:  s.bound,
		active: map[*types.Named]bool{},
	}
}

// emit reports problems; the fixes go with the first layout problem. A
// layout fix rewrites the whole field list, so no decl fix, whose edits
// it would overlap, goes with it (the next run offers it).
func (s *state) emit(probs []problem, fix []analysis.SuggestedFix) {
	layoutFix := fix != nil
	for _, p := range probs {
		d := analysis.Diagnostic{Pos: p.pos, Category: p.category, Message: p.path + ": " + p.msg, Related: s.related(p.lockPos, p.lockWhat)}
		if fix != nil && (p.category == "offset" || p.category == "size" || p.category == "align") {
			d.SuggestedFixes, fix = fix, nil
		}
		if p.tagFix != nil {
			d.SuggestedFixes = s.optionTagFix(p.tagFix)
		}
		if p.typeFix != nil {
			d.SuggestedFixes = s.fieldTypeFix(p.typeFix)
		}
		if p.declFix != nil && !layoutFix {
			d.SuggestedFixes = s.declTagFix(p.declFix)
		}
		s.report(d)
	}
}

func (s *state) unknownCell(pos token.Pos, name string) {
	var names []string
	names = append(names, s.lock.names()...)
	msg := fmt.Sprintf("unknown cell %q: %s has no such cell", name, filepath.Base(s.lockPath))
	if sug := rustschema.Suggest(name, names); sug != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	s.report(analysis.Diagnostic{Pos: pos, Category: "cell", Message: msg})
}

// calleeSpec returns how callee takes a cell name and messages: cell.Call
// or cell.CallInto (which take them alike), cell.Serve, a wrapper of this
// package, or an imported wrapper.
func (s *state) calleeSpec(fn *types.Func) *facts.Wrapper {
	fn = fn.Origin()
	switch {
	case isRuntimeFunc(fn, "Call", "CallInto"):
		return &facts.Wrapper{NameParam: 1, ReqParam: 2, RespResult: 0, ReqTParam: 1, RespTParam: 0, HandlerParam: -1}
	case isRuntimeFunc(fn, "Serve"):
		// The cell is named by a cell.WithCanon option (nameArg).
		return &facts.Wrapper{NameParam: -1, ReqParam: -1, RespResult: -1, ReqTParam: -1, RespTParam: -1, Serve: true, HandlerParam: 2}
	}
	if w := s.wrappers[fn]; w != nil {
		return w
	}
	if fn.Pkg() != s.Pkg {
		var w facts.Wrapper
		if s.ImportObjectFact(fn, &w) {
			return &w
		}
	}
	return nil
}

// isRuntimeFunc reports whether fn is one of the runtime's package-level
// functions named names.
func isRuntimeFunc(fn *types.Func, names ...string) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != RuntimePath || fn.Signature().Recv() != nil {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// callSite is a call of cell.Call, cell.CallInto or a wrapper.
type callSite struct {
	call   *ast.CallExpr
	spec   *facts.Wrapper
	encl   *ast.FuncDecl
	callee *types.Func
}

// calls walks the package once for the calls that are or may become call
// sites: calls of cell.Call, cell.CallInto and of imported wrappers, with their spec, and
// calls of this package's functions, which findWrappers may yet find to be
// wrappers; and the calls of cell.Expect, cell.ExpectDigest and
// cell.ExpectCellSDK.
func (s *state) calls(ins *inspector.Inspector) (out []callSite, expects []*ast.CallExpr) {
	var encl *ast.FuncDecl
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
		if fd, ok := n.(*ast.FuncDecl); ok {
			encl = fd
			return
		}
		call := n.(*ast.CallExpr)
		fn, _ := typeutil.Callee(s.TypesInfo, call).(*types.Func)
		if fn == nil {
			return
		}
		if isRuntimeFunc(fn, "Expect", "ExpectDigest", "ExpectCellSDK") {
			expects = append(expects, call)
			return
		}
		spec := s.calleeSpec(fn)
		if spec == nil && fn.Origin().Pkg() != s.Pkg {
			return
		}
		if encl != nil && !(encl.Pos() <= call.Pos() && call.End() <= encl.End()) {
			encl = nil
		}
		out = append(out, callSite{call: call, spec: spec, encl: encl, callee: fn})
	})
	return out, expects
}

// sites returns the calls of all that are call sites now, given the
// local wrappers found so far.
func (s *state) sites(all []callSite) []callSite {
	var out []callSite
	for _, cs := range all {
		if cs.spec == nil {
			cs.spec = s.wrappers[cs.callee.Origin()]
		}
		if cs.spec != nil {
			out = append(out, cs)
		}
	}
	return out
}

// findWrappers finds this package's functions that forward a parameter
// as the cell name of a call of cell.Call or of another wrapper, to a
// fixed point (wrappers of wrappers), and exports their facts.
func (s *state) findWrappers(all []callSite) {
	for changed := true; changed; {
		changed = false
		for _, cs := range s.sites(all) {
			if cs.encl == nil {
				continue
			}
			fn, _ := s.TypesInfo.Defs[cs.encl.Name].(*types.Func)
			if fn == nil || s.wrappers[fn] != nil {
				continue
			}
			if w := s.wrapperOf(fn, cs); w != nil {
				s.wrappers[fn] = w
				changed = true
			}
		}
	}
	for fn, w := range s.wrappers {
		s.ExportObjectFact(fn, w)
	}
}

// wrapperOf returns the wrapper fact of fn when its call cs forwards one
// of fn's parameters as the cell name, and the message types (a message
// parameter, a handler parameter, or type parameters).
func (s *state) wrapperOf(fn *types.Func, cs callSite) *facts.Wrapper {
	sig := fn.Signature()
	p := paramIndex(s.TypesInfo, sig, s.nameArg(cs))
	if p < 0 {
		return nil
	}
	w := &facts.Wrapper{NameParam: p, ReqParam: -1, RespResult: -1, ReqTParam: -1, RespTParam: -1, Serve: cs.spec.Serve, HandlerParam: -1}
	req, resp := s.messageTypes(cs)
	if cs.spec.Serve {
		w.HandlerParam = paramIndex(s.TypesInfo, sig, argAt(cs.call, cs.spec.HandlerParam))
	} else {
		w.ReqParam = paramIndex(s.TypesInfo, sig, argAt(cs.call, cs.spec.ReqParam))
	}
	if w.HandlerParam >= 0 {
		return w
	}
	if tp, ok := types.Unalias(req).(*types.TypeParam); ok && w.ReqParam < 0 {
		w.ReqTParam = typeParamIndex(sig, tp)
	}
	if w.ReqParam < 0 && w.ReqTParam < 0 {
		// A wrapper forwards the message too (like printf wrappers
		// forward format and args); a function that only passes a
		// name along sends its own message, and its non-constant name
		// is reported instead.
		return nil
	}
	if resp != nil {
		for i := range sig.Results().Len() {
			if pt, ok := sig.Results().At(i).Type().(*types.Pointer); ok && types.Identical(pt.Elem(), resp) && !cs.spec.Serve {
				w.RespResult = i
				break
			}
		}
		if tp, ok := types.Unalias(resp).(*types.TypeParam); ok && w.RespResult < 0 {
			w.RespTParam = typeParamIndex(sig, tp)
		}
	}
	return w
}

// nameArg returns the expression that names the cell at call site cs:
// argument NameParam, or, for cell.Serve, the name of a cell.WithCanon
// option among the arguments after the handler; nil when there is none.
func (s *state) nameArg(cs callSite) ast.Expr {
	if cs.spec.NameParam >= 0 || !cs.spec.Serve {
		return argAt(cs.call, cs.spec.NameParam)
	}
	var name ast.Expr
	for _, arg := range cs.call.Args[min(cs.spec.HandlerParam+1, len(cs.call.Args)):] {
		ast.Inspect(arg, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if name != nil || !ok {
				return name == nil
			}
			if fn, _ := typeutil.Callee(s.TypesInfo, call).(*types.Func); fn != nil && isRuntimeFunc(fn, "WithCanon") && len(call.Args) > 0 {
				name = call.Args[0]
			}
			return name == nil
		})
	}
	return name
}

func typeParamIndex(sig *types.Signature, tp *types.TypeParam) int {
	tps := sig.TypeParams()
	for i := range tps.Len() {
		if tps.At(i) == tp {
			return i
		}
	}
	return -1
}

func argAt(call *ast.CallExpr, i int) ast.Expr {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// paramIndex returns the index of the parameter of sig that e names, or
// -1.
func paramIndex(info *types.Info, sig *types.Signature, e ast.Expr) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return -1
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return i
		}
	}
	return -1
}

// messageTypes returns the request and response types of a call, or nil
// where the callee's fact does not say.
func (s *state) messageTypes(cs callSite) (req, resp types.Type) {
	sig, _ := s.TypesInfo.TypeOf(cs.call.Fun).(*types.Signature)
	if sig == nil {
		return nil, nil
	}
	var targs *types.TypeList
	if id := calleeIdent(cs.call.Fun); id != nil {
		targs = s.TypesInfo.Instances[id].TypeArgs
	}
	if h := handlerSig(sig, cs.spec.HandlerParam); h != nil {
		return ptrElem(h.Params().At(1).Type()), ptrElem(h.Results().At(0).Type())
	}
	pick := func(param int, params *types.Tuple, tparam int) types.Type {
		if param >= 0 && param < params.Len() {
			if pt, ok := params.At(param).Type().(*types.Pointer); ok {
				return pt.Elem()
			}
		}
		if tparam >= 0 && targs != nil && tparam < targs.Len() {
			return targs.At(tparam)
		}
		return nil
	}
	return pick(cs.spec.ReqParam, sig.Params(), cs.spec.ReqTParam), pick(cs.spec.RespResult, sig.Results(), cs.spec.RespTParam)
}

// handlerSig returns the signature of parameter i of sig when it is a
// handler, func(context.Context, *Req) (*Resp, error); else nil.
func handlerSig(sig *types.Signature, i int) *types.Signature {
	if i < 0 || i >= sig.Params().Len() {
		return nil
	}
	h, ok := sig.Params().At(i).Type().Underlying().(*types.Signature)
	if !ok || h.Params().Len() != 2 || h.Results().Len() != 2 {
		return nil
	}
	return h
}

// ptrElem returns the element type of pointer type t, or nil.
func ptrElem(t types.Type) types.Type {
	if pt, ok := t.Underlying().(*types.Pointer); ok {
		return pt.Elem()
	}
	return nil
}

func calleeIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	case *ast.IndexExpr:
		return calleeIdent(e.X)
	case *ast.IndexListExpr:
		return calleeIdent(e.X)
	}
	return nil
}

// checkCalls checks every call of cell.Call, cell.CallInto or a wrapper.
func (s *state) checkCalls(all []callSite) {
	for _, cs := range s.sites(all) {
		nameArg := s.nameArg(cs)
		if nameArg == nil {
			continue // a cell.Serve without cell.WithCanon: its cell is unknown
		}
		tv := s.TypesInfo.Types[nameArg]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			if cs.encl != nil {
				if fn, _ := s.TypesInfo.Defs[cs.encl.Name].(*types.Func); fn != nil && s.wrappers[fn] != nil && paramIndex(s.TypesInfo, fn.Signature(), nameArg) >= 0 {
					continue // checked at the wrapper's calls
				}
			}
			s.report(analysis.Diagnostic{
				Pos: nameArg.Pos(), End: nameArg.End(), Category: "name",
				Message: fmt.Sprintf("cell name %s is not a constant: this call of %s cannot be checked", exprString(s.Fset, nameArg), cs.callee.Name()),
			})
			continue
		}
		cellName := constant.StringVal(tv.Value)
		if !s.useLock(nameArg.Pos()) {
			continue
		}
		cd := s.cellOf(cellName, nameArg.Pos())
		if cd == nil {
			continue
		}
		req, resp := s.messageTypes(cs)
		reqAt, respAt, where := argAt(cs.call, cs.spec.ReqParam), ast.Expr(cs.call.Fun), "sent to cell "+cellName
		if cs.spec.Serve {
			reqAt, where = argAt(cs.call, cs.spec.HandlerParam), "served as cell "+cellName
			respAt = reqAt
		}
		for _, m := range []struct {
			what string
			t    types.Type
			at   ast.Expr
		}{{"request", req, reqAt}, {"response", resp, respAt}} {
			if m.t == nil {
				continue
			}
			at := cs.call.Pos()
			if m.at != nil {
				at = m.at.Pos()
			}
			s.checkMessage(m.what, m.t, cellName, where, at)
		}
		if sdkCall(cd, cs) {
			s.checkSDKCall(cd, req, resp, reqAt, posOf(reqAt, cs.call), posOf(respAt, cs.call))
		}
	}
}

// posOf returns the position of e, or of call when e is nil.
func posOf(e ast.Expr, call *ast.CallExpr) token.Pos {
	if e == nil {
		return call.Pos()
	}
	return e.Pos()
}

// checkMessage checks a message type t sent to or received from cell (or
// served as it): where says which, for the messages.
func (s *state) checkMessage(what string, t types.Type, cellName, where string, at token.Pos) {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return // a generic helper with a constant cell: checked nowhere (docs/diagnostics.md)
	}
	obj := s.messageObj(t)
	if _, named := types.Unalias(t).(*types.Named); obj == nil && named {
		s.report(analysis.Diagnostic{Pos: at, Category: "bind", Message: fmt.Sprintf("%s type %s is the runtime's, bound to no Rust type: declare an alias of it bound with //cell:type %s.TYPE", what, typeString(t, s.Pkg), cellName)})
		return
	}
	if obj == nil {
		s.report(analysis.Diagnostic{Pos: at, Category: "bind", Message: fmt.Sprintf("%s type %s is not a named type: declare a Go type bound with //cell:type %s.TYPE", what, typeString(t, s.Pkg), cellName)})
		return
	}
	s.checkFrameLimit(obj, at)
	b := s.bound(obj)
	if b != nil {
		if b.cell != cellName {
			s.report(analysis.Diagnostic{Pos: at, Category: "bind", Message: fmt.Sprintf("%s type %s is bound to %s but %s", what, obj.Name(), b.target(), where)})
		}
		if obj.Pkg() != s.Pkg {
			return // checked in its own package
		}
	} else {
		b = &binding{cell: cellName, typ: obj.Name(), byName: true}
	}
	s.checkBinding(obj, b, at)
}

// checkFrameLimit reports a message type whose root alone is larger than
// a frame may be: the runtime refuses it at its first use. Reported at the
// type's declaration when it is in this package (once), else at pos.
func (s *state) checkFrameLimit(obj *types.TypeName, pos token.Pos) {
	size := s.TypesSizes.Sizeof(obj.Type())
	if size <= cell.MaxFrameSize {
		return
	}
	if obj.Pkg() == s.Pkg {
		pos = obj.Pos()
	}
	s.report(analysis.Diagnostic{Pos: pos, Category: "unsupported", Message: fmt.Sprintf("%s: %d bytes, over the runtime's %d-byte (16 MiB) frame limit for a message", obj.Name(), size, cell.MaxFrameSize)})
}

// messageObj returns the type name that binds message type t: the first
// bound alias on the way to its named type, else that named type, or, for
// an instance of a runtime type (cell.Enum), the alias naming it; nil when
// there is none.
func (s *state) messageObj(t types.Type) *types.TypeName {
	var first *types.TypeName
	for a, ok := t.(*types.Alias); ok; a, ok = t.(*types.Alias) {
		if s.bound(a.Obj()) != nil {
			return a.Obj()
		}
		if first == nil {
			first = a.Obj()
		}
		t = a.Rhs()
	}
	named, ok := t.(*types.Named)
	switch {
	case !ok:
		return nil
	case named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == RuntimePath:
		return first
	}
	return named.Obj()
}

func sortedObjs(m map[*types.TypeName]*binding) []*types.TypeName {
	out := make([]*types.TypeName, 0, len(m))
	for o := range m {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// checkTagConsts checks the constants of Go types bound to fieldless
// enums: a constant named after a variant (Sell, or SideSell for a type
// Side) must be that variant's archived tag.
func (s *state) checkTagConsts(consts []*ast.ValueSpec) {
	for _, vs := range consts {
		for i, id := range vs.Names {
			c, ok := s.TypesInfo.Defs[id].(*types.Const)
			if !ok {
				continue
			}
			named, ok := types.Unalias(c.Type()).(*types.Named)
			if !ok {
				continue
			}
			b := s.bound(named.Obj())
			if b == nil || b.variant != "" || !s.useLock(id.Pos()) {
				continue
			}
			cd := s.lock.cell(b.cell)
			if cd == nil || cd.err != nil {
				continue // reported at the type
			}
			lt := cd.Type(b.typ)
			if lt == nil || lt.Kind != "enum" {
				continue
			}
			for _, v := range lt.Variants {
				if id.Name != v.Name && id.Name != named.Obj().Name()+v.Name {
					continue
				}
				got, exact := constant.Uint64Val(constant.ToInt(c.Val()))
				if exact && got == v.Tag {
					break
				}
				d := analysis.Diagnostic{
					Pos: id.Pos(), End: id.End(), Category: "tag",
					Message: fmt.Sprintf("%s: tag %s, cell.lock says %d (%s.%s::%s)", id.Name, c.Val().ExactString(), v.Tag, b.cell, b.typ, v.Name),
					Related: s.related(lockRef{b.cell, b.typ, v.Name, ""}, b.cell+"."+b.typ+"::"+v.Name),
				}
				if i < len(vs.Values) {
					if lit, ok := ast.Unparen(vs.Values[i]).(*ast.BasicLit); ok && lit.Kind == token.INT {
						d.SuggestedFixes = []analysis.SuggestedFix{{
							Message:   "Set the tag to cell.lock's",
							TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(fmt.Sprint(v.Tag))}},
						}}
					}
				}
				s.report(d)
				break
			}
		}
	}
}
