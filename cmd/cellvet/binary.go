package main

import (
	"fmt"

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
	if diffs := debuginfo.Compare(computed.Types, measured); len(diffs) > 0 {
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
		t.Origin = lockfile.Measured
		t.Size, t.Align, t.Tag = m.Size, m.Align, m.Tag
		t.Fields = lockFields(m.Fields)
		t.Variants = t.Variants[:0]
		for _, v := range m.Variants {
			t.Variants = append(t.Variants, lockfile.Variant{Name: v.Name, Tag: v.Tag, Fields: lockFields(v.Fields)})
		}
	}
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("measured layouts of %s do not form a valid lock entry:\n%w", name, err)
	}
	return c, nil
}

func lockFields(fs []layout.Field) []lockfile.Field {
	var out []lockfile.Field
	for _, f := range fs {
		out = append(out, lockfile.Field{Name: f.Name, Type: f.Type, Offset: f.Offset, Size: f.Size, Align: f.Align})
	}
	return out
}
