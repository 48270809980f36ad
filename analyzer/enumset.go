package analyzer

import (
	"go/token"
	"go/types"

	"github.com/cellvet/cellvet/internal/celltag"
	"github.com/cellvet/cellvet/rustschema"
)

// checkEnumSet checks a field's `cell:",enum=SET"` against the Rust type
// f it is bound to: the runtime refuses a tag outside SET, so SET must be
// the tags of the fieldless enum the field holds, directly or in arrays,
// options, vectors and boxes, as the runtime reads it (cell/plan.go).
func (c *comparer) checkEnumSet(tag string, v *types.Var, f fieldWant, path string, pos token.Pos, what string) {
	t, err := cellTag(tag)
	if err != nil || t.Enum == nil || f.with {
		return
	}
	rt := f.rt
	for rt.Kind == rustschema.Array || rt.Kind == rustschema.Option || rt.Kind == rustschema.Vec || rt.Kind == rustschema.Box || rt.Kind == rustschema.Slice {
		rt = rt.Elem()
	}
	lt := c.cell.Type(rt.Name)
	def := c.cell.schema.Lookup(rt.Name)
	if rt.Kind != rustschema.Local || lt == nil || lt.Kind != "enum" || def == nil || !def.Fieldless() {
		c.add(pos, path, "directive", f.pos, what, "enum=%v marks a fieldless enum's tag, but %s is %s", t.Enum, what, f.rt)
		c.offerTagOption(v, "enum", "")
		return
	}
	tags := make([]uint32, len(lt.Variants))
	for i, v := range lt.Variants {
		tags[i] = uint32(v.Tag)
	}
	want := celltag.SetOf(tags)
	if t.Enum.Equal(want) {
		return
	}
	c.add(pos, path, "tag", f.pos, what, "enum=%v, cell.lock says %v (%s.%s)", t.Enum, want, c.cell.Name, rt.Name)
	c.offerTagOption(v, "enum", want.String())
}

// offerTagOption gives the last problem the fix that sets key=value in
// the cell tag of v (drops it, for an empty value), when v is local.
func (c *comparer) offerTagOption(v *types.Var, key, value string) {
	if p := c.localPos(v); p != token.NoPos {
		c.probs[len(c.probs)-1].tagFix = &tagFix{pos: p, key: key, value: value}
	}
}
