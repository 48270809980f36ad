package lockfile

import (
	"errors"

	"github.com/cellvet/cellvet/rustschema"
)

// crossCheck compares the types of a cell with its authentic canonical
// text, read back into a schema by rustschema.ParseCanonical: every type
// of the text has a [[cell.type]] of the same kind, with the same fields
// (names and canonical types, in order) and variants (names, in order,
// with the tags rkyv gives them), and there are no others. One problem is
// reported per type.
//
// Type fingerprints and layout digests are not re-derived here (cellvet
// lock verify does that).
func (k *checker) crossCheck(c *Cell, x ctx) {
	s, _, err := rustschema.ParseCanonical(k.file, []byte(c.Canonical))
	if err != nil {
		var e *rustschema.Error
		if !errors.As(err, &e) {
			k.add(loc{x, "canonical"}, x, "the canonical text: %v", err)
			return
		}
		if e.Pos.Line > 3 { // the header lines are checkCanonHeader's
			k.addLine(c, e.Pos.Line, x, "canonical text line %d: %s; the text is not CFP/1 as this cellvet writes it", e.Pos.Line, e.Msg)
		}
		return
	}
	extra := func(t *Type) {
		k.add(loc{ctx{c: c, t: t}, "name"}, x, "type %s is not in the canonical text; %s", quoteName(t.Name), repin(c))
	}
	ti := 0
	for _, d := range s.Types {
		for ti < len(c.Types) && c.Types[ti].Name < d.Name {
			extra(c.Types[ti])
			ti++
		}
		if ti < len(c.Types) && c.Types[ti].Name == d.Name {
			k.crossType(c, c.Types[ti], d)
			ti++
			continue
		}
		k.addLine(c, d.Pos.Line, x, "the canonical text defines %s %s, which has no [[cell.type]]; %s", d.Kind, d.Name, repin(c))
	}
	for ; ti < len(c.Types); ti++ {
		extra(c.Types[ti])
	}
}

// crossType compares type t with its definition d in the canonical text.
func (k *checker) crossType(c *Cell, t *Type, d *rustschema.TypeDef) {
	tx := ctx{c: c, t: t}
	if t.Kind != d.Kind.String() {
		k.add(loc{tx, "kind"}, tx, "kind %s differs from the canonical text, where %s is a %s; %s", t.Kind, d.Name, d.Kind, repin(c))
		return
	}
	if d.Kind == rustschema.Struct {
		k.crossFields(c, t, nil, t.Fields, d.Fields)
		return
	}
	for i, dv := range d.Variants {
		if i >= len(t.Variants) {
			k.add(loc{x: tx}, tx, "variant %s of the canonical text is missing; %s", quoteName(dv.Name), repin(c))
			return
		}
		v := &t.Variants[i]
		vx := ctx{c: c, t: t, v: v}
		if v.Name != dv.Name {
			k.add(loc{vx, "name"}, vx, "the canonical text has variant %s here; %s", quoteName(dv.Name), repin(c))
			return
		}
		if want, ok := rkyvTag(c.Profile.Rkyv, i, dv.Disc); ok && v.Tag != want {
			k.add(loc{vx, "tag"}, vx, "tag %d: rkyv %s gives this variant the tag %d; %s", v.Tag, c.Profile.Rkyv, want, repin(c))
			return
		}
		if !k.crossFields(c, t, v, v.Fields, dv.Fields) {
			return
		}
	}
	if n := len(d.Variants); n < len(t.Variants) {
		v := &t.Variants[n]
		vx := ctx{c: c, t: t, v: v}
		k.add(loc{vx, "name"}, vx, "variant %s is not in the canonical text; %s", quoteName(v.Name), repin(c))
	}
}

// crossFields compares the fields of a struct, or of variant v, with
// those of the canonical text; it reports whether they match.
func (k *checker) crossFields(c *Cell, t *Type, v *Variant, fs []Field, want []*rustschema.Field) bool {
	owner := ctx{c: c, t: t, v: v}
	for i := range max(len(fs), len(want)) {
		if i >= len(fs) {
			k.add(loc{x: owner}, owner, "field %s of the canonical text is missing; %s", quoteName(want[i].Name), repin(c))
			return false
		}
		f := &fs[i]
		fx := ctx{c: c, t: t, v: v, f: f}
		switch {
		case i >= len(want):
			k.add(loc{fx, "name"}, fx, "field %s is not in the canonical text; %s", quoteName(f.Name), repin(c))
		case f.Name != want[i].Name:
			k.add(loc{fx, "name"}, fx, "the canonical text has field %s here; %s", quoteName(want[i].Name), repin(c))
		case f.Type != want[i].Type.String():
			k.add(loc{fx, "type"}, fx, "type %s differs from the canonical text's %s; %s", f.Type, want[i].Type, repin(c))
		default:
			continue
		}
		return false
	}
	return true
}

// rkyvTag returns the archived tag of the i-th variant, whose
// discriminant is disc: rkyv 0.8 archives the discriminant, rkyv 0.7 the
// index.
func rkyvTag(rkyv string, i int, disc int64) (uint64, bool) {
	switch rkyv {
	case "0.7":
		return uint64(i), true
	case "0.8":
		return uint64(disc), disc >= 0
	}
	return 0, false
}
