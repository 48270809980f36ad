package rustschema

import (
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

// scanImports reads the file's top-level use declarations before its
// items, so that a derive can be resolved whatever the order. Errors are
// left to the main pass, which parses the declarations again.
func (p *parser) scanImports() {
	nerr, deep := len(p.s.errs), p.tooDeep
	for i := 0; i < len(p.toks); i++ {
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
	p.seek(0)
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
		local := path[0] == "crate" || path[0] == "self"
		switch {
		case last == "Archive":
			return isArchive, ""
		case path[0] == "super" || local && len(path) > 2:
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

// derivesArchive reports whether attrs derive Archive. A derive that may
// be Archive and cannot be resolved is an error when no other derive of
// the type is Archive.
func (p *parser) derivesArchive(attrs []attr) bool {
	archive, unknownAt, unknownName, unknownWhy := false, -1, "", ""
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
				if unknownAt < 0 {
					unknownAt, unknownName, unknownWhy = m.pos, m.name, why
				}
			}
		}
	}
	if archive {
		p.f.der.seen = p.f.der.seen[:seen]
	} else if unknownAt >= 0 {
		p.errorf(unknownAt, "cannot tell whether derive %s is rkyv::Archive: %s; import it by its path (use rkyv::Archive as %s;) or derive rkyv::Archive", unknownName, unknownWhy, unknownName)
	}
	return archive
}

// noArchiveMsg says that no type derives Archive and what was skipped.
func (d *derives) noArchiveMsg() string {
	const need = "a schema needs at least one #[derive(Archive)] struct or enum"
	if d.skipped == 0 {
		return "no type in the file derives Archive; " + need
	}
	seen := slices.Compact(slices.Sorted(slices.Values(d.seen)))
	what := "with no derive"
	if len(seen) > 0 {
		what = "deriving only " + strings.Join(seen, ", ")
	}
	return fmt.Sprintf("no type in the file derives Archive (skipped %d struct%s or enum%s %s); %s",
		d.skipped, plural(d.skipped), plural(d.skipped), what, need)
}
