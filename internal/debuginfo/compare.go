package debuginfo

import (
	"fmt"
	"strconv"

	"github.com/cellvet/cellvet/rustschema/layout"
)

// DiffKind is what a Diff is about.
type DiffKind int

const (
	TypeMissing       DiffKind = iota // predicted, not measured
	TypeExtra                         // measured, not predicted
	KindDiffers                       // struct vs enum
	SizeDiffers                       // type size
	AlignDiffers                      // type alignment
	TagTypeDiffers                    // enum tag integer type
	TagDiffers                        // a variant's tag value
	VariantMissing                    // predicted variant not measured
	VariantExtra                      // measured variant not predicted
	FieldMissing                      // predicted field not measured
	FieldExtra                        // measured field not predicted
	OffsetDiffers                     // a field's offset
	FieldSizeDiffers                  // a field's size
	FieldAlignDiffers                 // a field's alignment
)

var kindNames = [...]string{
	TypeMissing:       "type missing from the binary",
	TypeExtra:         "type not in the schema",
	KindDiffers:       "kind",
	SizeDiffers:       "size",
	AlignDiffers:      "align",
	TagTypeDiffers:    "tag type",
	TagDiffers:        "tag",
	VariantMissing:    "variant missing from the binary",
	VariantExtra:      "variant not in the schema",
	FieldMissing:      "field missing from the binary",
	FieldExtra:        "field not in the schema",
	OffsetDiffers:     "offset",
	FieldSizeDiffers:  "size",
	FieldAlignDiffers: "align",
}

func (k DiffKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "DiffKind(" + strconv.Itoa(int(k)) + ")"
}

// Diff is one difference between a predicted (schema-computed) layout and
// a measured one.
type Diff struct {
	Kind    DiffKind
	Type    string // schema type name
	Variant string // enum variant, or ""
	Field   string // field name, or ""
	// Predicted and Measured are the differing values ("" for the side
	// that lacks a type, variant or field).
	Predicted, Measured string
}

// Path is Type, Type::Variant, Type.field or Type::Variant.field.
func (d Diff) Path() string {
	p := d.Type
	if d.Variant != "" {
		p += "::" + d.Variant
	}
	if d.Field != "" {
		p += "." + d.Field
	}
	return p
}

// String reads like "Quote.bid: offset: predicted 0, measured 8" or
// "Quote: type missing from the binary".
func (d Diff) String() string {
	switch d.Kind {
	case TypeMissing, TypeExtra, VariantMissing, VariantExtra, FieldMissing, FieldExtra:
		return d.Path() + ": " + d.Kind.String()
	}
	return fmt.Sprintf("%s: %s: predicted %s, measured %s", d.Path(), d.Kind, d.Predicted, d.Measured)
}

// Compare lists every difference between predicted and measured layouts:
// types, variants and fields are matched by name; sizes, alignments, kinds,
// tag types, tag values and field offsets, sizes and alignments are
// compared. Field types (spelled differently by a schema and by DWARF),
// declaration order and the Predicted flag are not compared. The order is
// that of predicted, then the extra measured types.
func Compare(predicted, measured []*layout.Type) []Diff {
	var out []Diff
	byName := map[string]*layout.Type{}
	for _, m := range measured {
		if m != nil {
			byName[m.Name] = m
		}
	}
	seen := map[string]bool{}
	for _, p := range predicted {
		if p == nil {
			continue
		}
		seen[p.Name] = true
		m := byName[p.Name]
		if m == nil {
			out = append(out, Diff{Kind: TypeMissing, Type: p.Name})
			continue
		}
		out = compareType(out, p, m)
	}
	for _, m := range measured {
		if m != nil && !seen[m.Name] {
			seen[m.Name] = true
			out = append(out, Diff{Kind: TypeExtra, Type: m.Name})
		}
	}
	return out
}

func u(v uint64) string { return strconv.FormatUint(v, 10) }

func compareType(out []Diff, p, m *layout.Type) []Diff {
	d := func(k DiffKind, pv, mv string) {
		out = append(out, Diff{Kind: k, Type: p.Name, Predicted: pv, Measured: mv})
	}
	if p.Kind != m.Kind {
		d(KindDiffers, p.Kind, m.Kind)
	}
	if p.Size != m.Size {
		d(SizeDiffers, u(p.Size), u(m.Size))
	}
	if p.Align != m.Align {
		d(AlignDiffers, u(p.Align), u(m.Align))
	}
	if p.Tag != m.Tag && (p.Kind == "enum" || m.Kind == "enum") {
		d(TagTypeDiffers, p.Tag, m.Tag)
	}
	out = compareFields(out, p.Name, "", p.Fields, m.Fields)
	mv := map[string]*layout.Variant{}
	for i := range m.Variants {
		mv[m.Variants[i].Name] = &m.Variants[i]
	}
	pv := map[string]bool{}
	for i := range p.Variants {
		v := &p.Variants[i]
		pv[v.Name] = true
		w := mv[v.Name]
		if w == nil {
			out = append(out, Diff{Kind: VariantMissing, Type: p.Name, Variant: v.Name})
			continue
		}
		if v.Tag != w.Tag {
			out = append(out, Diff{Kind: TagDiffers, Type: p.Name, Variant: v.Name, Predicted: u(v.Tag), Measured: u(w.Tag)})
		}
		out = compareFields(out, p.Name, v.Name, v.Fields, w.Fields)
	}
	for _, w := range m.Variants {
		if !pv[w.Name] {
			pv[w.Name] = true
			out = append(out, Diff{Kind: VariantExtra, Type: p.Name, Variant: w.Name})
		}
	}
	return out
}

func compareFields(out []Diff, typ, variant string, ps, ms []layout.Field) []Diff {
	byName := map[string]*layout.Field{}
	for i := range ms {
		byName[ms[i].Name] = &ms[i]
	}
	seen := map[string]bool{}
	for _, f := range ps {
		seen[f.Name] = true
		g := byName[f.Name]
		d := func(k DiffKind, pv, mv string) {
			out = append(out, Diff{Kind: k, Type: typ, Variant: variant, Field: f.Name, Predicted: pv, Measured: mv})
		}
		if g == nil {
			d(FieldMissing, "", "")
			continue
		}
		if f.Offset != g.Offset {
			d(OffsetDiffers, u(f.Offset), u(g.Offset))
		}
		if f.Size != g.Size {
			d(FieldSizeDiffers, u(f.Size), u(g.Size))
		}
		if f.Align != g.Align {
			d(FieldAlignDiffers, u(f.Align), u(g.Align))
		}
	}
	for _, g := range ms {
		if !seen[g.Name] {
			seen[g.Name] = true
			out = append(out, Diff{Kind: FieldExtra, Type: typ, Variant: variant, Field: g.Name})
		}
	}
	return out
}
