package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cellvet/cellvet/internal/debuginfo"
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
// schema). A schema type the binary never uses has no debug info: it is
// reported and keeps its computed (or predicted) layout.
func (p *pinner) pinBinary(name string, src lockfile.Source, schemaFile string, pf *profileFlags, old *lockfile.Cell) (*lockfile.Cell, error) {
	var s *rustschema.Schema
	var prof rustschema.Profile
	var err error
	switch {
	case schemaFile != "":
		s, prof, err = schemaFromFile(schemaFile, pf)
	case old != nil:
		s, prof, err = cellSchema(p.lockPath, old)
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
	measured, absent, err := measure(fromLockDir(p.lockPath, src.Path), src, s)
	if err != nil {
		return nil, err
	}
	debuginfo.UseSchemaTypes(measured, computed.Types)
	if err := p.compare(name, src, computed.Types, measured, absent); err != nil {
		return nil, err
	}
	for _, m := range measured {
		if t := c.Type(m.Name); t != nil {
			*t = *overlay(t, toLockType(m))
			t.Origin = lockfile.Measured
		}
	}
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("measured layouts of %s do not form a valid lock entry:\n%w", name, err)
	}
	return c, nil
}

// measure reads the layouts of the schema's types from the binary at
// path, and the types it has no debug info for. A binary without any of
// them is not the cell's.
func measure(path string, src lockfile.Source, s *rustschema.Schema) ([]*layout.Type, []string, error) {
	bin, err := debuginfo.Read(path)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(s.Types))
	for i, t := range s.Types {
		names[i] = t.Name
	}
	measured, err := bin.Layouts(names, src.Module)
	absent, only := debuginfo.Absent(err)
	if err != nil && (!only || len(measured) == 0) {
		return nil, nil, fmt.Errorf("%s: %w", src.Path, err)
	}
	return measured, absent, nil
}

// compare reports how the measured layouts differ from the computed ones,
// and refuses a binary whose types have other names or shapes than the
// schema's (numbers may differ: that is what measuring is for).
func (p *pinner) compare(name string, src lockfile.Source, computed, measured []*layout.Type, absent []string) error {
	var shape, numbers []string
	for _, d := range debuginfo.Compare(computed, measured) {
		switch d.Kind {
		case debuginfo.TypeMissing:
			if !slices.Contains(absent, d.Type) {
				shape = append(shape, "  "+d.String())
			}
		case debuginfo.TypeExtra, debuginfo.KindDiffers,
			debuginfo.VariantMissing, debuginfo.VariantExtra, debuginfo.FieldMissing, debuginfo.FieldExtra:
			shape = append(shape, "  "+d.String())
		default:
			numbers = append(numbers, "  "+d.String())
		}
	}
	if len(shape) > 0 {
		return fmt.Errorf("%s does not match the schema of %s:\n%s", src.Path, name, strings.Join(shape, "\n"))
	}
	if len(absent) > 0 {
		fmt.Fprintf(p.stdout, "%s: not in the binary's debug info (its code never uses them), so not measured: %s\n", name, strings.Join(absent, ", "))
	}
	if len(numbers) > 0 {
		fmt.Fprintf(p.stdout, "%s: %d differences between computed and measured layouts (the measured ones are pinned):\n%s\n", name, len(numbers), strings.Join(numbers, "\n"))
	} else {
		fmt.Fprintf(p.stdout, "%s: measured layouts equal the computed ones\n", name)
	}
	return nil
}

// toLockType converts a measured layout to the lock's form.
func toLockType(m *layout.Type) *lockfile.Type {
	t := &lockfile.Type{Name: m.Name, Kind: m.Kind, Size: m.Size, Align: m.Align, Tag: m.Tag}
	conv := func(fs []layout.Field) []lockfile.Field {
		var out []lockfile.Field
		for _, f := range fs {
			out = append(out, lockfile.Field{Name: f.Name, Type: f.Type, Offset: f.Offset, Size: f.Size, Align: f.Align})
		}
		return out
	}
	t.Fields = conv(m.Fields)
	for _, v := range m.Variants {
		t.Variants = append(t.Variants, lockfile.Variant{Name: v.Name, Tag: v.Tag, Fields: conv(v.Fields)})
	}
	return t
}
