package lockfile

import (
	"fmt"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// FromSchema pins a cell from a resolved schema under profile p: it
// computes the canonical text and digests (rustschema.Canon) and every
// type's archived layout (layout.Compute). Layouts are Predicted where the
// layout engine says so, else Computed. Errors from the layout engine are
// positioned in the schema file; a cell that would not pass Check is an
// error too.
func FromSchema(name string, src Source, s *rustschema.Schema, p rustschema.Profile) (*Cell, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	ls, err := layout.Compute(s, p)
	if err != nil {
		return nil, err
	}
	sum := rustschema.Canon(s, p)
	if len(ls.Types) != len(sum.Types) {
		return nil, fmt.Errorf("lockfile: %d layouts for %d types", len(ls.Types), len(sum.Types))
	}
	c := &Cell{
		Name:          name,
		Source:        src,
		Fingerprint:   sum.Fingerprint().String(),
		Digest:        sum.Digest.String(),
		LayoutDigest:  sum.Layout.String(),
		Profile:       p,
		SchemaVersion: s.SchemaVersion,
		Canonical:     string(sum.Text),
		Types:         make([]*Type, len(ls.Types)),
	}
	for i, lt := range ls.Types {
		ts := &sum.Types[i]
		if ts.Name != lt.Name {
			return nil, fmt.Errorf("lockfile: layout of %s where %s was expected", lt.Name, ts.Name)
		}
		t := &Type{
			Name:         lt.Name,
			Kind:         lt.Kind,
			Fingerprint:  ts.Digest.Fingerprint().String(),
			LayoutDigest: ts.Layout.String(),
			Origin:       Computed,
			Size:         lt.Size,
			Align:        lt.Align,
			Fields:       fromLayout(lt.Fields),
			Tag:          lt.Tag,
		}
		if lt.Predicted {
			t.Origin = Predicted
		}
		for _, v := range lt.Variants {
			t.Variants = append(t.Variants, Variant{Name: v.Name, Tag: v.Tag, Fields: fromLayout(v.Fields)})
		}
		c.Types[i] = t
	}
	sortTypes(c.Types)
	for _, svc := range s.Services {
		c.Protocol = ProtocolCellSDK
		c.Services = append(c.Services, Service{Name: svc.Name, Request: svc.Protocol, Response: svc.Response})
	}
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("lockfile: the cell pinned from %s does not validate (a bug in cellvet):\n%v", s.File, err)
	}
	return c, nil
}

func fromLayout(fs []layout.Field) []Field {
	if len(fs) == 0 {
		return nil
	}
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field{Name: f.Name, Type: f.Type, Offset: f.Offset, Size: f.Size, Align: f.Align}
	}
	return out
}
