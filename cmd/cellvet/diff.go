package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// printChange reports how a cell's entry changes from old (nil when the
// cell is new) to c.
func printChange(w io.Writer, old, c *lockfile.Cell) {
	if old == nil {
		fmt.Fprintf(w, "added %s: fingerprint %s, %d types%s\n", c.Name, c.Fingerprint, len(c.Types), originNote(c))
		return
	}
	lines := cellChanges(old, c)
	if bytes.Equal(entry(old), entry(c)) {
		fmt.Fprintf(w, "%s: unchanged (fingerprint %s)\n", c.Name, c.Fingerprint)
		return
	}
	switch {
	case old.Digest != c.Digest:
		fmt.Fprintf(w, "%s: fingerprint %s → %s\n", c.Name, old.Fingerprint, c.Fingerprint)
		if old.LayoutDigest == c.LayoutDigest && old.Profile == c.Profile {
			fmt.Fprintln(w, "  rename only: every archived layout is unchanged (same layout digest)")
		} else {
			fmt.Fprintln(w, "  layout changed: Go code bound to this cell must follow")
		}
	case layoutsDiffer(old, c):
		// Said against the lock, not the computed layouts: a binary's
		// measured layouts may equal those and still move from the lock's.
		fmt.Fprintf(w, "%s: same schema (fingerprint %s), other layouts than cell.lock's\n", c.Name, c.Fingerprint)
	default:
		fmt.Fprintf(w, "%s: same schema and layouts (fingerprint %s), entry changed\n", c.Name, c.Fingerprint)
	}
	for _, l := range lines {
		fmt.Fprintln(w, "  "+l)
	}
}

// printPredicted says which of c's types have predicted layouts (rkyv 0.7
// repr(Rust): rustc's current choice, which the vet pass reports only
// under -cellvet.predicted) and the command that measures them.
func printPredicted(w io.Writer, c *lockfile.Cell) {
	var names []string
	for _, t := range c.Types {
		if t.Predicted() {
			names = append(names, t.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	what := "1 predicted layout"
	if len(names) > 1 {
		what = fmt.Sprintf("%d predicted layouts", len(names))
	}
	fmt.Fprintf(w, "  %s: %s, not guaranteed by rkyv (%s); measure from the cell's binary: cellvet add %s --binary BINARY\n",
		c.Name, what, strings.Join(names, ", "), c.Name)
}

// entry is c as the lock writes it: "unchanged" means these bytes are.
func entry(c *lockfile.Cell) []byte {
	return (&lockfile.Lock{Version: lockfile.Version, Cells: []*lockfile.Cell{c}}).Marshal()
}

// layoutsDiffer reports whether some archived layout of c differs from
// old's, whatever each says about its origin.
func layoutsDiffer(old, c *lockfile.Cell) bool {
	if old.Profile != c.Profile || len(old.Types) != len(c.Types) {
		return true
	}
	for _, t := range c.Types {
		o := old.Type(t.Name)
		if o == nil {
			return true
		}
		same := *o
		same.Origin = t.Origin
		if len(typeChanges(&same, t)) > 0 {
			return true
		}
	}
	return false
}

func originNote(c *lockfile.Cell) string {
	n := map[lockfile.Origin]int{}
	for _, t := range c.Types {
		n[t.Origin]++
	}
	var parts []string
	for _, o := range []lockfile.Origin{lockfile.Predicted, lockfile.Measured} {
		if n[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[o], o))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// cellChanges lists the differences between two entries of one cell, type
// by type: profile, types removed, added or renamed (same layout digest),
// and per common type the changes typeChanges finds.
func cellChanges(old, c *lockfile.Cell) []string {
	var out []string
	if !old.Source.Equal(c.Source) {
		out = append(out, fmt.Sprintf("source %s → %s", sourceText(old.Source), sourceText(c.Source)))
	}
	if old.Profile != c.Profile {
		out = append(out, fmt.Sprintf("profile %s → %s", old.Profile.Canon(), c.Profile.Canon()))
	}
	if old.SchemaVersion != c.SchemaVersion {
		out = append(out, fmt.Sprintf("schema_version %d → %d", old.SchemaVersion, c.SchemaVersion))
	}
	var removed, added []*lockfile.Type
	for _, t := range old.Types {
		if c.Type(t.Name) == nil {
			removed = append(removed, t)
		}
	}
	for _, t := range c.Types {
		if old.Type(t.Name) == nil {
			added = append(added, t)
		}
	}
	// A removed and an added type with one layout digest is a rename.
	for i, r := range removed {
		for j, a := range added {
			if a != nil && r != nil && a.LayoutDigest == r.LayoutDigest {
				out = append(out, fmt.Sprintf("type %s renamed to %s (same layout)", r.Name, a.Name))
				removed[i], added[j] = nil, nil
				break
			}
		}
	}
	for _, r := range removed {
		if r != nil {
			out = append(out, fmt.Sprintf("- type %s removed", r.Name))
		}
	}
	for _, a := range added {
		if a != nil {
			out = append(out, fmt.Sprintf("+ type %s added: %s %s", a.Name, a.Kind, sizeAlign(a)))
		}
	}
	for _, t := range c.Types {
		if o := old.Type(t.Name); o != nil {
			for _, l := range typeChanges(o, t) {
				if l == usesChanged && old.Profile != c.Profile {
					continue // every type changes with the profile
				}
				out = append(out, "type "+t.Name+": "+l)
			}
		}
	}
	return out
}

// sourceText describes a recorded source in one line: "schema x.rs".
func sourceText(s lockfile.Source) string {
	t := s.Kind + " " + s.Path + s.Addr
	if s.Module != "" {
		t += " (module " + s.Module + ")"
	}
	if s.Cfg != nil {
		t += " (cfg " + cmp.Or(strings.Join(s.Cfg, " "), "none") + ")"
	}
	if s.Types != nil {
		t += " (types " + strings.Join(s.Types, ", ") + ")"
	}
	return t
}

// usesChanged explains a type whose own layout is the same but whose
// fingerprint changed through a type it references.
const usesChanged = "changed in a type it uses"

func sizeAlign(t *lockfile.Type) string {
	return fmt.Sprintf("size %d, align %d", t.Size, t.Align)
}

// typeChanges lists how type t's layout differs from o's: size, alignment,
// tag, and field by field (moved, resized, retyped, added, removed,
// renamed) for structs and for each variant of enums.
func typeChanges(o, t *lockfile.Type) []string {
	var out []string
	if o.Kind != t.Kind {
		return []string{fmt.Sprintf("%s → %s", o.Kind, t.Kind)}
	}
	if o.Size != t.Size {
		out = append(out, fmt.Sprintf("size %d → %d", o.Size, t.Size))
	}
	if o.Align != t.Align {
		out = append(out, fmt.Sprintf("align %d → %d", o.Align, t.Align))
	}
	if o.Origin != t.Origin {
		out = append(out, fmt.Sprintf("layout %s → %s", o.Origin, t.Origin))
	}
	if o.Tag != t.Tag {
		out = append(out, fmt.Sprintf("tag %s → %s", o.Tag, t.Tag))
	}
	out = append(out, fieldChanges("", o.Fields, t.Fields)...)
	for _, v := range t.Variants {
		ov := o.Variant(v.Name)
		if ov == nil {
			out = append(out, fmt.Sprintf("+ variant %s (tag %d)", v.Name, v.Tag))
			continue
		}
		if ov.Tag != v.Tag {
			out = append(out, fmt.Sprintf("variant %s: tag %d → %d", v.Name, ov.Tag, v.Tag))
		}
		out = append(out, fieldChanges("variant "+v.Name+": ", ov.Fields, v.Fields)...)
	}
	for _, ov := range o.Variants {
		if t.Variant(ov.Name) == nil {
			out = append(out, fmt.Sprintf("- variant %s (tag %d)", ov.Name, ov.Tag))
		}
	}
	if len(out) == 0 && o.Fingerprint != t.Fingerprint {
		if o.LayoutDigest == t.LayoutDigest {
			out = append(out, "names only (same layout)")
		} else {
			out = append(out, usesChanged)
		}
	}
	return out
}

func fieldChanges(prefix string, old, cur []lockfile.Field) []string {
	var out []string
	find := func(fs []lockfile.Field, name string) *lockfile.Field {
		return (&lockfile.Type{Fields: fs}).Field(name)
	}
	var removed, added []*lockfile.Field
	for i := range old {
		if find(cur, old[i].Name) == nil {
			removed = append(removed, &old[i])
		}
	}
	for i := range cur {
		f := &cur[i]
		o := find(old, f.Name)
		if o == nil {
			added = append(added, f)
			continue
		}
		var d []string
		if o.Type != f.Type {
			d = append(d, fmt.Sprintf("type %s → %s", o.Type, f.Type))
		}
		if o.Offset != f.Offset {
			d = append(d, fmt.Sprintf("offset %d → %d", o.Offset, f.Offset))
		}
		if o.Size != f.Size && o.Type == f.Type {
			d = append(d, fmt.Sprintf("size %d → %d", o.Size, f.Size))
		}
		if len(d) > 0 {
			out = append(out, prefix+"field "+f.Name+": "+strings.Join(d, ", "))
		}
	}
	// A removed and an added field at one offset with one type is a rename.
	for i, r := range removed {
		for j, a := range added {
			if a != nil && r != nil && a.Offset == r.Offset && a.Type == r.Type {
				out = append(out, fmt.Sprintf("%sfield %s renamed to %s", prefix, r.Name, a.Name))
				removed[i], added[j] = nil, nil
				break
			}
		}
	}
	for _, r := range removed {
		if r != nil {
			out = append(out, fmt.Sprintf("%s- field %s %s (offset %d)", prefix, r.Name, r.Type, r.Offset))
		}
	}
	for _, a := range added {
		if a != nil {
			out = append(out, fmt.Sprintf("%s+ field %s %s (offset %d)", prefix, a.Name, a.Type, a.Offset))
		}
	}
	return out
}

// recompute checks a loaded cell against what cellvet computes from its
// canonical text, and returns one message per difference, positioned by
// loc. Measured layouts come from a binary, not from rules, so only their
// field names and types are compared.
func recompute(c *lockfile.Cell, loc *lockfile.Locator) []string {
	cellPos := loc.Pos(c.Name, "", "", "")
	s, p, err := cellSchema(cellPos.File, c)
	if err != nil {
		return []string{fmt.Sprintf("%v; re-pin the cell with %s", err, c.AddCommand())}
	}
	fresh, err := lockfile.FromSchema(c.Name, c.Source, s, p)
	if err != nil {
		return []string{fmt.Sprintf("%s: cell %s: %v", cellPos, c.Name, err)}
	}
	var out []string
	fix := "; re-pin it with " + c.AddCommand()
	if fresh.LayoutDigest != c.LayoutDigest {
		out = append(out, fmt.Sprintf("%s: cell %s: layout_digest %s, but the canonical text gives %s%s", cellPos, c.Name, c.LayoutDigest, fresh.LayoutDigest, fix))
	}
	for _, t := range c.Types {
		tPos := loc.Pos(c.Name, t.Name, "", "")
		f := fresh.Type(t.Name)
		if f == nil {
			out = append(out, fmt.Sprintf("%s: cell %s: type %s is not in the canonical text%s", tPos, c.Name, t.Name, fix))
			continue
		}
		if t.Fingerprint != f.Fingerprint {
			out = append(out, fmt.Sprintf("%s: cell %s: type %s: fingerprint %s, but the canonical text gives %s%s", tPos, c.Name, t.Name, t.Fingerprint, f.Fingerprint, fix))
		}
		want := f
		if t.Origin == lockfile.Measured {
			// Offsets of a measured layout are the binary's; compare the
			// schema-given shape only.
			m := *t
			m.Origin = f.Origin
			want = overlay(f, t)
			t = &m
		}
		for _, d := range typeChanges(want, t) {
			out = append(out, fmt.Sprintf("%s: cell %s: type %s: recorded differs from computed: %s%s", tPos, c.Name, t.Name, d, fix))
		}
	}
	for _, f := range fresh.Types {
		if c.Type(f.Name) == nil {
			out = append(out, fmt.Sprintf("%s: cell %s: type %s of the canonical text has no layout%s", cellPos, c.Name, f.Name, fix))
		}
	}
	return out
}

// overlay returns computed (names, order, field types, fingerprints)
// with the numbers of measured: size, alignment, tag type and, for every
// field and variant of the same name, offset, size, alignment and tag. The
// lock lists fields and variants in schema order, whatever order a binary
// declares them in.
func overlay(computed, measured *lockfile.Type) *lockfile.Type {
	w := *computed
	w.Size, w.Align, w.Tag = measured.Size, measured.Align, measured.Tag
	numbers := func(fs []lockfile.Field, find func(string) *lockfile.Field) []lockfile.Field {
		out := append([]lockfile.Field(nil), fs...)
		for i := range out {
			if m := find(out[i].Name); m != nil {
				out[i].Offset, out[i].Size, out[i].Align = m.Offset, m.Size, m.Align
			}
		}
		return out
	}
	w.Fields = numbers(computed.Fields, measured.Field)
	w.Variants = append([]lockfile.Variant(nil), computed.Variants...)
	for i := range w.Variants {
		if mv := measured.Variant(w.Variants[i].Name); mv != nil {
			w.Variants[i].Tag = mv.Tag
			w.Variants[i].Fields = numbers(w.Variants[i].Fields, mv.Field)
		}
	}
	return &w
}

// cellSchema reads the canonical text of a cell of the lock file back
// into a schema. (A lock that loads has texts that read: the lock's
// validation reads them too.)
func cellSchema(lockFile string, c *lockfile.Cell) (*rustschema.Schema, rustschema.Profile, error) {
	s, p, err := rustschema.ParseCanonical(lockFile, []byte(c.Canonical))
	if err != nil {
		return nil, p, fmt.Errorf("cell %s: canonical text: %w", c.Name, err)
	}
	return s, p, nil
}
