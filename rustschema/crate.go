package rustschema

// Reading a crate
//
// A schema is a crate: its root file and the module tree rustc builds from
// it. `mod name;` is read from name.rs or name/mod.rs in the directory of
// the module's children (or from #[path = "file"]), and an inline
// `mod name { ... }` is a module of its own; #[cfg(test)] modules are not
// read. Each module is a scope: paths go through crate::, self::, super::,
// child modules, imports and globs (see lookup in resolve.go). A single
// file is the crate of one root file.
//
// An Archive type is named by its plain name when no other Archive type of
// the crate has that name, and by its module path (net::client::Packet)
// when several do; moving a type between modules keeps its fingerprint
// unless it makes a name collide or stop colliding.

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Options says how a crate is read.
type Options struct {
	// Cfg evaluates #[cfg] and #[cfg_attr] as one build of the crate
	// does. With nil, one that could change the schema is an error.
	Cfg *Cfg
	// Roots, when set, limits the schema to these types and the types
	// they use, each named as in the schema (plain, or by module path
	// where the plain name is shared). Only the types in that closure
	// need to be in the schema subset.
	Roots []string
}

// Limits on a crate, against hostile or accidental input (a #[path] that
// includes the same file under two names would otherwise never end).
const (
	maxModules    = 4096
	maxCrateBytes = 256 << 20
)

// ParseCrate reads the schema of a crate. path is its root file (a lone
// schema file is a crate too), its directory or its Cargo.toml; the root
// of a Cargo package is its library (lib.path, or src/lib.rs), else its
// binary (src/main.rs, or its one [[bin]]). Errors are an ErrorList, each
// "file:line:col: message" with file as path names it.
func ParseCrate(path string, opt Options) (*Schema, error) {
	dir, root, err := crateRoot(path)
	if err != nil {
		return nil, err
	}
	return parseCrate(os.DirFS(dir), root, dir, opt)
}

// ParseFS reads the schema of the crate whose root file is root in fsys.
// Errors name files by their path in fsys.
func ParseFS(fsys fs.FS, root string, opt Options) (*Schema, error) {
	return parseCrate(fsys, root, "", opt)
}

// crateRoot finds the directory of the crate at p and its root file in it.
func crateRoot(p string) (dir, root string, err error) {
	st, err := os.Stat(p)
	if err != nil {
		return "", "", err
	}
	manifest := p
	switch {
	case st.IsDir():
		manifest = filepath.Join(p, "Cargo.toml")
		if _, err := os.Stat(manifest); err != nil {
			return "", "", fmt.Errorf("%s: no Cargo.toml: give a crate's directory, its Cargo.toml or a schema .rs file", p)
		}
	case filepath.Ext(p) != ".toml":
		return filepath.Dir(p), filepath.Base(p), nil
	}
	dir = filepath.Dir(manifest)
	root, err = manifestRoot(manifest, func(rel string) bool {
		_, err := os.Stat(filepath.Join(dir, rel))
		return err == nil
	})
	return dir, root, err
}

// parseCrate reads the crate whose root file is root in fsys (nil: the
// one file src, for Parse). dir is how the user names the crate's
// directory, for positions.
func parseCrate(fsys fs.FS, root, dir string, opt Options) (*Schema, error) {
	c := &crate{fsys: fsys, dir: dir, cfg: opt.Cfg, files: map[string]*module{}}
	src, err := fs.ReadFile(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", c.display(root), unwrapPathError(err))
	}
	return c.read(root, src, opt.Roots)
}

// unwrapPathError drops the path of an fs error: the caller names the file.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// crate is a crate being read.
type crate struct {
	fsys    fs.FS // nil: only the root file (Parse)
	dir     string
	cfg     *Cfg
	root    *module
	files   map[string]*module // by path in fsys
	sources []*source
	extra   ErrorList // errors in no file
	bytes   int
	nmods   int
	*shared
}

// module is one module of the crate: the items of a file, or of an inline
// module in a file.
type module struct {
	path   []string // names from the crate root; empty for the root
	parent *module
	s      *source
	f      *fileAST
	file   string // the file it is in, in fsys
	inline bool
	// dir is where the files of its `mod name;` children are.
	dir string
	// cfg is a #[cfg] on it or an enclosing module that the cfg set does
	// not decide: its types and names cannot be used.
	cfg     string
	declPos int // of its name in its `mod` declaration, in the parent's file
	kids    map[string]*module
	missing map[string]string // `mod name;` children not read: why
	r       *resolver
}

// name is the module's path for messages: crate, crate::net.
func (m *module) name() string {
	return strings.Join(append([]string{"crate"}, m.path...), "::")
}

// display names a file of the crate for positions.
func (c *crate) display(rel string) string {
	if c.dir == "" {
		return rel
	}
	return filepath.Join(c.dir, filepath.FromSlash(rel))
}

// read reads the crate from its root file.
func (c *crate) read(root string, src []byte, roots []string) (s *Schema, err error) {
	defer func() {
		// Last-resort safety net: a panic is a bug, but a malformed crate
		// must never crash the vet tool or the language server. The fuzz
		// tests check that this never fires.
		if r := recover(); r != nil {
			s = nil
			err = ErrorList{{Pos: Pos{File: c.display(root), Line: 1, Col: 1},
				Msg: fmt.Sprintf("internal error: %v (please report this schema)", r)}}
		}
	}()
	m := c.parseFile(root, src, nil, true)
	if m == nil {
		return nil, c.errors()
	}
	c.root = m
	m.dir = path.Dir(root)
	c.tree(m)
	c.decideDerives(m)
	if c.failed() && roots == nil {
		// Resolving files with syntax errors would mostly report their
		// consequences. With roots, the errors of the types outside
		// their closure are dropped after resolving (see resolve).
		return nil, c.errors()
	}
	schema := c.resolve(roots)
	if c.failed() {
		return nil, c.errors()
	}
	return schema, nil
}

// parseFile lexes and parses one file of the crate into a module.
func (c *crate) parseFile(rel string, src []byte, parent *module, root bool) *module {
	s := newSource(c.display(rel), src)
	c.sources = append(c.sources, s)
	c.bytes += len(src)
	toks := lex(s)
	if s.fatal || !matchDelims(s, toks) {
		return nil
	}
	m := &module{parent: parent, s: s, f: parseFile(s, toks, c.cfg, root), file: rel}
	c.files[rel] = m
	return m
}

// failed reports whether any file has errors.
func (c *crate) failed() bool {
	return len(c.extra) > 0 || slices.ContainsFunc(c.sources, (*source).failed)
}

// errors merges the files' errors, sorted by file and position.
func (c *crate) errors() ErrorList {
	all := slices.Clone(c.extra)
	for _, s := range c.sources {
		all = append(all, s.errorList()...)
	}
	slices.SortStableFunc(all, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return all
}

// tree reads the modules below m.
func (c *crate) tree(m *module) {
	m.kids = map[string]*module{}
	for _, d := range m.f.mods {
		if prev := m.kids[d.name]; prev != nil || m.missing[d.name] != "" {
			m.s.errorf(d.pos, "the module %s is defined multiple times", d.name)
			continue
		}
		c.nmods++
		if c.nmods > maxModules || c.bytes > maxCrateBytes {
			m.s.errorf(d.pos, "crate too large (more than %d modules or %d MiB)", maxModules, maxCrateBytes>>20)
			return
		}
		kid := c.module(m, d)
		if kid == nil {
			continue
		}
		kid.path = append(slices.Clip(m.path), d.name)
		kid.parent, kid.cfg, kid.declPos = m, cmp.Or(m.cfg, d.cfg), d.pos
		m.kids[d.name] = kid
		if kid.cfg != "" && m.cfg == "" {
			for _, t := range kid.f.types {
				if t.archive {
					kid.s.errorf(t.pos, "%s", gated("Archive type "+t.name+" is in module "+kid.name()+", declared", kid.cfg, m.s.at(d.pos)))
				}
			}
		}
		c.tree(kid)
	}
}

// module returns the child module d of m, reading its file; nil when it
// cannot be read (recorded in m.missing, or an error).
func (c *crate) module(m *module, d *modDecl) *module {
	if d.body != nil {
		return &module{s: m.s, f: d.body, file: m.file, inline: true, dir: path.Join(m.dir, d.name)}
	}
	var cands []string
	if d.path != "" {
		base := m.dir // #[path] in an inline module is relative to its directory
		if !m.inline {
			base = path.Dir(m.file)
		}
		cands = []string{path.Join(base, d.path)}
	} else {
		cands = []string{path.Join(m.dir, d.name+".rs"), path.Join(m.dir, d.name, "mod.rs")}
	}
	if c.fsys == nil {
		c.miss(m, d.name, fmt.Sprintf("module %s is in another file (mod %s; at %s); read the crate (its directory, Cargo.toml or root file) instead of this file alone", d.name, d.name, m.s.at(d.pos)))
		return nil
	}
	var found []string
	var src []byte
	for _, p := range cands {
		if !fs.ValidPath(p) {
			m.s.errorf(d.pos, "#[path = %q] leads outside the crate's directory, which cellvet does not read", d.path)
			return nil
		}
		if data, err := fs.ReadFile(c.fsys, p); err == nil {
			found, src = append(found, p), data
		} else if !errors.Is(err, fs.ErrNotExist) {
			m.s.errorf(d.pos, "read module %s: %v", d.name, unwrapPathError(err))
			return nil
		}
	}
	switch {
	case len(found) == 0 && m.cfg == "" && d.cfg == "":
		names := make([]string, len(cands))
		for i, p := range cands {
			names[i] = c.display(p)
		}
		m.s.errorf(d.pos, "file not found for module %s: no %s", d.name, strings.Join(names, " or "))
		return nil
	case len(found) == 0:
		c.miss(m, d.name, fmt.Sprintf("module %s has no file in this build", d.name))
		return nil
	case len(found) > 1:
		m.s.errorf(d.pos, "file for module %s found at both %s and %s; remove one", d.name, c.display(found[0]), c.display(found[1]))
		return nil
	}
	if prev := c.files[found[0]]; prev != nil {
		m.s.errorf(d.pos, "module %s is the file %s, which is already module %s", d.name, c.display(found[0]), prev.name())
		return nil
	}
	kid := c.parseFile(found[0], src, m, false)
	if kid == nil {
		return nil
	}
	kid.dir = path.Join(m.dir, d.name)
	if d.path != "" {
		kid.dir = path.Dir(found[0]) // a #[path] file is read like a mod.rs
	}
	return kid
}

// miss records that m's child module name was not read, and why.
func (c *crate) miss(m *module, name, why string) {
	if m.missing == nil {
		m.missing = map[string]string{}
	}
	m.missing[name] = why
}

// walk visits m and the modules below it, parents first.
func (m *module) walk(f func(*module)) {
	f(m)
	for _, name := range slices.Sorted(maps.Keys(m.kids)) {
		m.kids[name].walk(f)
	}
}

// archived is an Archive type of the crate with where it is defined.
type archived struct {
	d *typeDecl
	m *module
}

// resolve builds the schema: the Archive types of the crate, or the ones
// roots name and those they use.
func (c *crate) resolve(roots []string) *Schema {
	c.shared = &shared{queued: map[*TypeDef]bool{}}
	var all []archived
	der := derives{}
	files := 0
	c.root.walk(func(m *module) {
		m.r = newResolver(c, m)
		for _, d := range m.f.types {
			if d.archive && !d.dup {
				all = append(all, archived{d, m})
			}
		}
		der.seen = append(der.seen, m.f.der.seen...)
		der.skipped += m.f.der.skipped
		if !m.inline {
			files++
		}
	})
	if len(all) == 0 {
		if !c.failed() {
			c.root.s.errorf(0, "%s", der.noArchiveMsg(files > 1))
		}
		return nil
	}
	defs := c.define(all)
	byDef := make(map[*TypeDef]archived, len(all))
	for i, a := range all {
		byDef[&defs[i]] = a
	}
	if !c.queueRoots(defs, roots) {
		return nil
	}
	schema := &Schema{File: c.root.s.name, SchemaVersion: c.root.f.schemaVersion, Profile: c.root.f.profile}
	for len(c.todo) > 0 && !c.overBudget {
		def := c.todo[0]
		c.todo = c.todo[1:]
		a := byDef[def]
		a.m.r.resolveDef(a.d, def)
		schema.Types = append(schema.Types, def)
	}
	if roots != nil {
		// Errors of the types outside the closure do not matter.
		drop := map[*source][][2]int{}
		for _, a := range all {
			if !c.queued[a.d.def] {
				drop[a.m.s] = append(drop[a.m.s], [2]int{a.d.errFrom, a.d.errTo})
			}
		}
		for s, ranges := range drop {
			s.dropErrors(ranges)
		}
	}
	r := c.root.r
	if !c.failed() {
		r.checkInfiniteSize(schema.Types)
	}
	if r.borrows {
		r.checkBorrows(schema.Types)
	}
	// Names are unique (duplicates were left out): one order.
	slices.SortFunc(schema.Types, func(a, b *TypeDef) int { return strings.Compare(a.Name, b.Name) })
	c.sdk(schema)
	return schema
}

// sdk records the crate's #[handler] services whose two enums are in the
// schema, and gives a crate that uses the Cell SDK's macros the SDK's
// profile unless its root declares one.
func (c *crate) sdk(schema *Schema) {
	uses := false
	c.root.walk(func(m *module) {
		uses = uses || m.f.sdk
		for _, d := range m.f.services {
			p, r := d.protocol.def, d.response.def
			if p == nil || r == nil || !c.queued[p] || !c.queued[r] || d.protocol.dup || d.response.dup {
				continue
			}
			schema.Services = append(schema.Services, Service{Name: d.name, Pos: m.s.pos(d.pos), Protocol: p.Name, Response: r.Name})
		}
	})
	if uses && schema.Profile == nil {
		p := SDKProfile()
		schema.Profile = &p
	}
}

// define makes the TypeDef of each Archive type, named by its plain name
// where that is unique in the crate and by its module path where not.
func (c *crate) define(all []archived) []TypeDef {
	count := map[string]int{}
	for _, a := range all {
		count[a.d.name]++
	}
	defs := make([]TypeDef, len(all)) // one allocation for all definitions
	for i, a := range all {
		d, name := a.d, a.d.name
		if count[name] > 1 && len(a.m.path) > 0 {
			name = strings.Join(a.m.path, "::") + "::" + name
		}
		defs[i] = TypeDef{
			Name: name, Module: strings.Join(a.m.path, "::"), Pos: a.m.s.pos(d.pos), Kind: d.kind, Shape: d.shape,
			Repr: d.repr, ArchivedRepr: d.archivedRepr, As: d.as,
		}
		d.def = &defs[i]
	}
	return defs
}

// queueRoots queues the types roots names, or every type without roots.
func (c *crate) queueRoots(defs []TypeDef, roots []string) bool {
	if roots == nil {
		for i := range defs {
			c.use(&defs[i])
		}
		return true
	}
	ok := true
	for _, name := range roots {
		var match []string
		for i := range defs {
			d := &defs[i]
			if d.Name == name {
				c.use(d)
				match = nil
				break
			}
			if lastSegment(d.Name) == name {
				match = append(match, d.Name)
			}
		}
		switch {
		case len(match) == 1:
			c.use(c.defNamed(defs, match[0]))
		case len(match) > 1:
			c.rootError("root type %s is ambiguous: it is one of %s", name, strings.Join(match, ", "))
			ok = false
		case !c.queued[c.defNamed(defs, name)]:
			names := make([]string, len(defs))
			for i := range defs {
				names[i] = defs[i].Name
			}
			msg := fmt.Sprintf("root type %s: no Archive type of the crate is named %s", name, name)
			if s := Suggest(name, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			c.rootError("%s", msg)
			ok = false
		}
	}
	return ok
}

// defNamed returns the definition called name, or nil.
func (c *crate) defNamed(defs []TypeDef, name string) *TypeDef {
	for i := range defs {
		if defs[i].Name == name {
			return &defs[i]
		}
	}
	return nil
}

// rootError reports a problem with the chosen root types, which are not in
// any file.
func (c *crate) rootError(format string, args ...any) {
	c.extra = append(c.extra, &Error{Pos: Pos{File: c.root.s.name}, Msg: fmt.Sprintf(format, args...)})
}

// moduleAt resolves the module path segs as module m sees it. local is
// false when segs names another crate; otherwise a nil module comes with
// why it cannot be read.
func (c *crate) moduleAt(m *module, segs []string, hops int) (mod *module, why string, local bool) {
	if hops > maxImportHops {
		return nil, "too many imports naming imports", true
	}
	cur := m
	for i, seg := range segs {
		switch {
		case seg == "crate" && i == 0:
			cur = c.root
		case seg == "self" && i == 0:
		case seg == "super" && (i == 0 || segs[i-1] == "super" || segs[i-1] == "self"):
			if cur.parent != nil { // at the root: a schema file copied out of its crate
				cur = cur.parent
			}
		case cur.kids[seg] != nil:
			kid := cur.kids[seg]
			if kid.cfg != "" && kid.cfg != m.cfg {
				return nil, gated("module "+kid.name()+" is declared", kid.cfg, kid.parent.s.at(kid.declPos)), true
			}
			cur = kid
		case cur.missing[seg] != "":
			return nil, cur.missing[seg], true
		default:
			if u := cur.importOf(seg); u != nil { // use crate::net; pub use a::b;
				return c.moduleAt(cur, append(slices.Clone(u.path), segs[i+1:]...), hops+1)
			}
			if i == 0 {
				return nil, "", false // another crate: std, rkyv, ...
			}
			if c.fsys == nil {
				return nil, fmt.Sprintf("module %s is not in this file; read the whole crate (its directory or Cargo.toml)", seg), true
			}
			return nil, fmt.Sprintf("%s has no module %s", cur.name(), seg), true
		}
	}
	return cur, "", true
}

// moduleOf is moduleAt from m.
func (c *crate) moduleOf(m *module, segs []string) (*module, string, bool) {
	return c.moduleAt(m, segs, 0)
}

// importOf returns m's import binding name, or nil.
func (m *module) importOf(name string) *useDecl {
	for _, u := range m.f.uses {
		if !u.glob && u.name == name {
			return u
		}
	}
	return nil
}
