package rustschema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Which derives are rkyv's Archive
//
// A derive path whose last segment is Archive (Archive, rkyv::Archive,
// ::rkyv::Archive, r::Archive) is Archive. A one-segment name may be
// Archive under a `use ... as` rename (`use rkyv::Archive as RkyvArchive;`),
// and the use may come after the type, so the file's top-level use
// declarations are read before its items (scanImports). A derive that may
// be Archive but that cellvet cannot follow (imported from another module,
// or possibly brought in by a glob cellvet cannot see into) is an error on
// a type that has no other Archive derive: such a type would otherwise be
// silently left out of the schema and its fingerprint.

// deriveKind classifies one derive path.
type deriveKind uint8

const (
	notArchive deriveKind = iota
	isArchive
	mayBeArchive // cellvet cannot tell; why says where the name comes from
)

// knownDerives are never Archive unless a use says so: the derive macros
// of the Rust prelude, and rkyv's, serde's and bytecheck's other derives,
// which no crate renames Archive to.
var knownDerives = map[string]bool{
	"Debug": true, "Clone": true, "Copy": true, "PartialEq": true, "Eq": true,
	"PartialOrd": true, "Ord": true, "Hash": true, "Default": true,
	"Serialize": true, "Deserialize": true, "CheckBytes": true, "Portable": true,
}

// knownGlobRoots are crates whose globs cannot bring in Archive under
// another name: rkyv exports it as Archive, the others do not export it.
var knownGlobRoots = map[string]bool{
	"std": true, "core": true, "alloc": true, "rkyv": true, "serde": true, "bytecheck": true,
}

// derives is what scanImports learned about the names derives may use.
type derives struct {
	imports map[string]*useDecl // single-name imports by bound name (the first one)
	glob    string              // a glob cellvet cannot see into, as written; "" if none
	seen    []string            // derive paths on skipped types, for the no-Archive message
	skipped int                 // structs and enums skipped for having no Archive derive
}

// scanImports reads the use declarations of a module (tokens [from, to),
// not inside groups) before its items, so that a derive can be resolved
// whatever the order. Errors are left to the main pass, which parses the
// declarations again.
func (p *parser) scanImports(from, to int) {
	nerr, deep, st := len(p.s.errs), p.tooDeep, p.save()
	for i := from; i < to; i++ {
		t := p.toks[i]
		switch {
		case t.kind == tLParen || t.kind == tLBrack || t.kind == tLBrace:
			i = int(t.match())
		case t.kind == tIdent && !t.raw && p.text(t) == "use":
			p.seek(i)
			p.useItem()
			i = p.i - 1
		}
	}
	p.s.errs, p.tooDeep = p.s.errs[:nerr], deep
	p.f.der.imports = make(map[string]*useDecl, len(p.f.uses))
	for _, u := range p.f.uses {
		switch {
		case !u.glob:
			if p.f.der.imports[u.name] == nil {
				p.f.der.imports[u.name] = u
			}
		case p.f.der.glob == "" && (len(u.path) == 0 || !knownGlobRoots[u.path[0]]):
			p.f.der.glob = "use " + strings.Join(append(slices.Clip(u.path), "*"), "::")
		}
	}
	p.f.uses = nil
	p.restore(st)
}

// classifyDerive tells whether the derive path name is Archive; for
// mayBeArchive, why says where the name comes from.
func (p *parser) classifyDerive(name string) (k deriveKind, why string) {
	if lastSegment(name) == "Archive" {
		return isArchive, ""
	}
	if strings.Contains(name, "::") {
		return notArchive, ""
	}
	var prev *useDecl
	for range maxImportHops {
		u := p.f.der.imports[name]
		if u == nil || u == prev { // not imported, or importing itself
			break
		}
		prev = u
		path, last := u.path, u.path[len(u.path)-1]
		local := path[0] == "self" || path[0] == "crate" && p.root
		switch {
		case last == "Archive":
			return isArchive, ""
		case path[0] == "super" || path[0] == "crate" && !p.root || local && len(path) > 2:
			if knownDerives[last] {
				return notArchive, ""
			}
			return mayBeArchive, "it is imported from " + strings.Join(path, "::") + ", another module"
		case local && len(path) == 2:
			name = last // a name this file binds: follow it
		case len(path) > 1:
			return notArchive, "" // another crate's macro, e.g. serde::Serialize
		default:
			name = last
		}
	}
	if knownDerives[name] || p.f.der.glob == "" {
		return notArchive, ""
	}
	return mayBeArchive, "it may come from `" + p.f.der.glob + "`, which cellvet cannot see into"
}

// isArchiveName reports whether the derive name is Archive.
func (p *parser) isArchiveName(name string) bool {
	k, _ := p.classifyDerive(name)
	return k == isArchive
}

// deferredDerive holds the derives of a type that may be Archive: names
// this file imports from another module of the crate, or that a glob may
// bring in. The crate follows them once all its modules are read
// (crate.decideDerives).
type deferredDerive struct {
	names []string
	pos   []int
	why   string // for the first name, if the crate cannot follow it either
}

// derivesArchive reports whether attrs derive Archive. Derives that may be
// Archive are returned for the crate to decide when no other derive of the
// type is Archive.
func (p *parser) derivesArchive(attrs []attr) (bool, *deferredDerive) {
	archive := false
	var maybe *deferredDerive
	seen := len(p.f.der.seen)
	for _, a := range attrs {
		if a.name != "derive" || !p.checkListAttr(a) {
			continue
		}
		var items []meta
		items, _ = p.metasInto(p.metaBuf, a.args)
		p.metaBuf = items
		for _, m := range items {
			if m.kind != mWord {
				p.errorf(m.pos, "expected a derive macro path")
				continue
			}
			p.f.der.seen = append(p.f.der.seen, m.name)
			switch k, why := p.classifyDerive(m.name); k {
			case isArchive:
				archive = true
			case mayBeArchive:
				if maybe == nil {
					maybe = &deferredDerive{why: why}
				}
				maybe.names = append(maybe.names, m.name)
				maybe.pos = append(maybe.pos, m.pos)
			}
		}
	}
	if archive {
		p.f.der.seen = p.f.der.seen[:seen]
		return true, nil
	}
	return false, maybe
}

// unresolvedDerive is the error for a derive that may be Archive and that
// cellvet could not follow.
func unresolvedDerive(name, why string) string {
	return fmt.Sprintf("cannot tell whether derive %s is rkyv::Archive: %s; import it by its path (use rkyv::Archive as %s;) or derive rkyv::Archive", name, why, name)
}

// noArchiveMsg says that no type derives Archive and what was skipped.
func (d *derives) noArchiveMsg(crate bool) string {
	const need = "a schema needs at least one #[derive(Archive)] struct or enum"
	where := "file"
	if crate {
		where = "crate"
	}
	if d.skipped == 0 {
		return "no type in the " + where + " derives Archive; " + need
	}
	seen := slices.Compact(slices.Sorted(slices.Values(d.seen)))
	what := "with no derive"
	if len(seen) > 0 {
		what = "deriving only " + strings.Join(seen, ", ")
	}
	return fmt.Sprintf("no type in the %s derives Archive (skipped %d struct%s or enum%s %s); %s",
		where, d.skipped, plural(d.skipped), plural(d.skipped), what, need)
}

// decideDerives settles the deferred derives of every module's types by
// following their names through the crate's modules, and drops the errors
// of the types that turn out not to be Archive.
func (c *crate) decideDerives(root *module) {
	drop := map[*source][][2]int{}
	root.walk(func(m *module) {
		for _, d := range m.f.types {
			if d.maybe == nil {
				continue
			}
			k, at, name, why := notArchive, 0, "", ""
			for i, n := range d.maybe.names {
				nk, nwhy := c.deriveKind(m, n, 0)
				if nk == isArchive || nk == mayBeArchive && k == notArchive {
					k, at, name, why = nk, d.maybe.pos[i], n, nwhy
				}
				if k == isArchive {
					break
				}
			}
			switch k {
			case isArchive:
				d.maybe = nil
				continue
			case mayBeArchive:
				m.s.errorf(at, "%s", unresolvedDerive(name, cmp.Or(why, d.maybe.why)))
			default:
				m.f.der.skipped++
			}
			d.archive = false
			drop[m.s] = append(drop[m.s], [2]int{d.errFrom, d.errTo})
		}
	})
	for s, ranges := range drop {
		s.dropErrors(ranges)
	}
}

// deriveKind follows the derive macro name as module m sees it: through
// its imports and globs into other modules of the crate.
func (c *crate) deriveKind(m *module, name string, hops int) (deriveKind, string) {
	if hops > maxImportHops {
		return mayBeArchive, "its imports go round in a circle"
	}
	for _, u := range m.f.uses {
		if u.glob || u.name != name {
			continue
		}
		last := u.path[len(u.path)-1]
		if last == "Archive" {
			return isArchive, ""
		}
		if len(u.path) == 1 {
			return notArchive, ""
		}
		if u.path[0] == "super" && m.parent == nil {
			// A file copied out of its crate: super is not in it.
			if knownDerives[last] {
				return notArchive, ""
			}
			return mayBeArchive, "it is imported from " + strings.Join(u.path, "::") + ", another module"
		}
		t, why, local := c.moduleOf(m, u.path[:len(u.path)-1])
		switch {
		case !local:
			return notArchive, "" // another crate's macro, e.g. serde::Serialize
		case t == nil:
			if knownDerives[last] {
				return notArchive, ""
			}
			return mayBeArchive, "it is imported from " + strings.Join(u.path, "::") + ", and " + why
		}
		return c.deriveKind(t, last, hops+1)
	}
	for _, u := range m.f.uses {
		if !u.glob || len(u.path) == 0 {
			continue
		}
		t, why, local := c.moduleOf(m, u.path)
		switch {
		case !local && knownGlobRoots[u.path[0]]:
			continue
		case !local || t == nil:
			if knownDerives[name] {
				return notArchive, ""
			}
			if why == "" {
				why = "cellvet cannot see into it"
			}
			return mayBeArchive, "it may come from `use " + strings.Join(u.path, "::") + "::*`, and " + why
		}
		if k, why := c.deriveKind(t, name, hops+1); k != notArchive {
			return k, why
		}
	}
	return notArchive, ""
}

// dropErrors marks the errors recorded at the index ranges of s.errs as
// not counting. They stay in place, so that other ranges stay valid.
func (s *source) dropErrors(ranges [][2]int) {
	for _, r := range ranges {
		for i := r[0]; i < r[1] && i < len(s.errs); i++ {
			s.errs[i].dropped = true
		}
	}
}
