package main

import (
	"fmt"
	"strings"

	"github.com/cellvet/cellvet/debuginfo"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// pinBinary pins a cell with layouts measured from the DWARF debug info of
// its compiled binary. The schema (names, canonical text, fingerprints)
// comes from schemaFile, else from the cell's current lock entry; the
// measured sizes, alignments, offsets and tags replace the computed ones,
// and every difference between the two is reported, because a difference
// means a predicted layout was wrong (or the binary is not built from this
// schema).
func (p *pinner) pinBinary(name string, src lockfile.Source, schemaFile string, pf *profileFlags, old *lockfile.Cell) (*lockfile.Cell, error) {
	var s *rustschema.Schema
	var prof rustschema.Profile
	var err error
	switch {
	case schemaFile != "":
		s, prof, err = p.schemaFromFile(schemaFile, pf)
	case old != nil:
		s, prof, err = rustschema.ParseCanonical(old.Pos.String()+": canonical text of "+name, []byte(old.Canonical))
	default:
		return nil, usageErr("cellvet add %s --binary: no schema for %s: pass --schema FILE.rs, or pin the cell first from its schema or its socket", name, name)
	}
	if err != nil {
		return nil, err
	}
	c, err := lockfile.FromSchema(name, src, s, prof)
	if err != nil {
		return nil, err
	}
	computed, err := layout.Compute(s, prof)
	if err != nil {
		return nil, err
	}
	bin, err := debuginfo.Read(fromLockDir(p.lockPath, src.Path))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(s.Types))
	for i, t := range s.Types {
		names[i] = t.Name
	}
	measured, err := bin.Layouts(names, src.Module)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Path, err)
	}
	debuginfo.UseSchemaTypes(measured, computed.Types)
	diffs := debuginfo.Compare(computed.Types, measured)
	var shape []string
	for _, d := range diffs {
		switch d.Kind {
		case debuginfo.TypeMissing, debuginfo.TypeExtra, debuginfo.KindDiffers,
			debuginfo.VariantMissing, debuginfo.VariantExtra, debuginfo.FieldMissing, debuginfo.FieldExtra:
			shape = append(shape, "  "+d.String())
		}
	}
	if len(shape) > 0 {
		// Numbers may differ (that is what measuring is for); names and
		// shapes may not: the binary is not built from this schema.
		return nil, fmt.Errorf("%s does not match the schema of %s:\n%s", src.Path, name, strings.Join(shape, "\n"))
	}
	if len(diffs) > 0 {
		fmt.Fprintf(p.stdout, "%s: %d differences between computed and measured layouts (the measured ones are pinned):\n", name, len(diffs))
		for _, d := range diffs {
			fmt.Fprintln(p.stdout, "  "+d.String())
		}
	} else {
		fmt.Fprintf(p.stdout, "%s: measured layouts equal the computed ones\n", name)
	}
	for _, m := range measured {
		t := c.Type(m.Name)
		if t == nil {
			continue
		}
		// The lock lists fields and variants in schema order; a binary may
		// declare them otherwise (the schema is what names them).
		t.Origin = lockfile.Measured
		t.Size, t.Align, t.Tag = m.Size, m.Align, m.Tag
		t.Fields = measuredFields(t.Fields, m.Fields)
		for i := range t.Variants {
			for _, mv := range m.Variants {
				if mv.Name == t.Variants[i].Name {
					t.Variants[i].Tag = mv.Tag
					t.Variants[i].Fields = measuredFields(t.Variants[i].Fields, mv.Fields)
				}
			}
		}
	}
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("measured layouts of %s do not form a valid lock entry:\n%w", name, err)
	}
	return c, nil
}

// measuredFields returns the computed fields, in their order, with the
// measured numbers of the fields of the same name (pinBinary has checked
// that both have the same fields).
func measuredFields(computed []lockfile.Field, measured []layout.Field) []lockfile.Field {
	out := append([]lockfile.Field(nil), computed...)
	for i := range out {
		for _, m := range measured {
			if m.Name == out[i].Name {
				out[i].Offset, out[i].Size, out[i].Align = m.Offset, m.Size, m.Align
			}
		}
	}
	return out
}
