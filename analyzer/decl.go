package analyzer

import (
	"cmp"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/cellvet/cellvet/internal/celltag"
	"github.com/cellvet/cellvet/rustschema"
)

// rkyv 0.7 without strict archives a struct repr(Rust): rustc may order
// its fields otherwise than they are declared, and the Go type mirrors
// the archived (offset) order. rkyv still serializes and validates the
// out-of-line data of the fields (string bytes, vector elements, boxed
// values) in declaration order, so where rustc moves a field holding such
// data before an earlier-declared one that holds some too, the runtime
// must be told the declaration order: `cell:",decl=N"` on every non-_
// field, N the field's index among the Rust fields. The runtime walks the
// fields by N once one field carries decl, so a wrong N, or a partial set,
// misorders the archive as surely as a missing set does.

// declField is a non-_ field of a Go struct compared with a Rust struct,
// with what its `cell` tag says of its declaration index.
type declField struct {
	v       *types.Var
	path    string
	pos     token.Pos // where to report it
	rust    int       // index of its Rust field in w.fields; -1: none (reported)
	decl    uint64
	hasDecl bool // decl=N, or a decl that does not parse (bad)
	bad     bool
}

// declEdit sets `decl=N` in the `cell` tag of the field named at pos.
type declEdit struct {
	pos token.Pos
	n   uint64
}

// declOf parses the decl option of a Go field's tag, reporting one that
// does not parse; the field is bound to no Rust field yet.
func (c *comparer) declOf(v *types.Var, tag, path string, pos token.Pos, w *structWant) declField {
	t, err := cellTag(tag)
	bad := false
	if e, ok := err.(*celltag.Error); ok && e.Problem == celltag.BadNumber && e.Key == "decl" {
		c.add(pos, path, "decl", w.pos, w.rust, "decl=%s is not a decimal field index", e.Num)
		bad = true
	}
	return declField{v: v, path: path, pos: pos, rust: -1, decl: uint64(max(t.Decl, 0)), hasDecl: t.Decl >= 0 || bad, bad: bad}
}

// checkDecl checks the decl tags of a Go struct's fields against w, the
// Rust struct whose fields are in declaration order.
func (c *comparer) checkDecl(w *structWant, fields []declField, path string, pos token.Pos) {
	var tagged, untagged []declField
	for _, f := range fields {
		if f.hasDecl {
			tagged = append(tagged, f)
		} else {
			untagged = append(untagged, f)
		}
	}
	switch {
	case len(tagged) == 0:
		if first, then, ok := c.outOfOrder(w); ok {
			c.add(pos, path, "decl", w.pos, w.rust, "fields holding out-of-line data are archived out of declaration order (%s before %s) and carry no decl=N tags", first, then)
			c.setDeclFix(untagged)
		}
		return
	case len(untagged) > 0:
		var names []string
		for _, f := range untagged {
			names = append(names, f.v.Name())
		}
		c.add(pos, path, "decl", w.pos, w.rust, "decl tags on some fields only (none on %s)", strings.Join(names, ", "))
		c.setDeclFix(untagged)
	}
	for _, f := range tagged {
		if f.rust < 0 || f.bad || f.decl == uint64(f.rust) {
			continue
		}
		rf := w.fields[f.rust]
		what := w.rust + "." + rf.name
		c.add(f.pos, f.path, "decl", rf.pos, what, "decl=%d, cell.lock says %d (%s)", f.decl, f.rust, what)
		c.setDeclFix([]declField{f})
	}
}

// setDeclFix gives the last problem the fix that tags fields with their
// declaration indexes, when every one is bound to a Rust field and
// declared in this package (else the author must see to it).
func (c *comparer) setDeclFix(fields []declField) {
	var edits []declEdit
	for _, f := range fields {
		p := c.localPos(f.v)
		if f.rust < 0 || p == token.NoPos {
			return
		}
		edits = append(edits, declEdit{pos: p, n: uint64(f.rust)})
	}
	c.probs[len(c.probs)-1].declFix = edits
}

// outOfOrder reports whether, in offset order, a field of w holding
// out-of-line data comes before an earlier-declared field holding some
// too, and names the first such pair.
func (c *comparer) outOfOrder(w *structWant) (first, then string, ok bool) {
	if slices.IsSortedFunc(w.fields, func(a, b fieldWant) int { return cmp.Compare(a.off, b.off) }) {
		return "", "", false // every repr(C) struct: nothing to look into
	}
	for i, a := range w.fields {
		if a.with || !c.cell.outOfLine(a.rt, map[string]bool{}) {
			continue
		}
		for _, b := range w.fields[i+1:] {
			if !b.with && b.off < a.off && c.cell.outOfLine(b.rt, map[string]bool{}) {
				return b.name, a.name, true
			}
		}
	}
	return "", "", false
}

// tupleOutOfLine returns how many elements of tuple rt hold out-of-line
// data under rkyv 0.7, whose tuples serialize and validate their elements
// last to first, an order the runtime does not follow (runtime.md §7):
// from two on, the runtime does not carry the tuple. 0 under rkyv 0.8.
func (cd *cellData) tupleOutOfLine(rt *rustschema.Type) int {
	if cd.Profile.Rkyv != "0.7" {
		return 0
	}
	n := 0
	for _, e := range rt.Args {
		if cd.outOfLine(e, map[string]bool{}) {
			n++
		}
	}
	return n
}

// outOfLine reports whether a value of rt can hold out-of-line data: a
// string, vector or box, or a struct, enum, array, option or tuple holding
// one. seen guards against recursive types (which hold themselves through
// a box, already out-of-line).
func (cd *cellData) outOfLine(rt *rustschema.Type, seen map[string]bool) bool {
	switch rt.Kind {
	case rustschema.String, rustschema.Vec, rustschema.Box,
		rustschema.HashMap, rustschema.HashSet, rustschema.BTreeMap, rustschema.BTreeSet:
		return true
	case rustschema.Std:
		if rustschema.StdPointer(rt.Name) {
			return true
		}
	case rustschema.Local:
		def := cd.schema.Lookup(rt.Name)
		if def == nil || seen[rt.Name] {
			return false
		}
		seen[rt.Name] = true
		for _, f := range def.Fields {
			if len(f.With) == 0 && cd.outOfLine(f.Type, seen) {
				return true
			}
		}
		for _, v := range def.Variants {
			for _, f := range v.Fields {
				if len(f.With) == 0 && cd.outOfLine(f.Type, seen) {
					return true
				}
			}
		}
		return false
	}
	for _, a := range rt.Args {
		if cd.outOfLine(a, seen) {
			return true
		}
	}
	return false
}
