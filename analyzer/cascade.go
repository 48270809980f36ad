package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/cellvet/cellvet/rustschema"
)

// One wrong field moves every field after it and the struct's size. The
// pass reports the cause only: offsets, the size and the alignment are
// compared with the lock where they are wrong in g as written AND in the
// layout g would have with its causes fixed (fields of the wrong type
// taking the lock's size and alignment, missing fields added, fields with
// no Rust field dropped). Fields out of order are one diagnostic, and the
// only layout one of their struct.

// boundField is a Go field bound to a Rust field (index j of the
// structWant's fields) or to a variant's tag (j = -1).
type boundField struct {
	v     *types.Var
	goIdx int // index among the Go struct's fields
	j     int
	path  string
	pos   token.Pos
	wrong bool // its type was reported (or is checked where it is declared)
}

// lockOff returns the archived offset of b's Rust field.
func (w *structWant) lockOff(b boundField) uint64 {
	if b.j < 0 {
		return 0 // the tag
	}
	return w.fields[b.j].off
}

// checkLayout reports the field order, the offsets, the size and the
// alignment of Go struct g (fields vars at offs) where no cause reported
// already explains them.
func (c *comparer) checkLayout(g types.Type, vars []*types.Var, offs []int64, bound []boundField, seen []bool, w *structWant, path string, pos token.Pos) {
	if c.checkOrder(bound, w, path) {
		// The padding was chosen for the wrong order: what else is
		// wrong shows once the fields are in order (the layout fix
		// also rewrites the padding).
		return
	}
	own, size, align, ok := c.fixedLayout(vars, bound, seen, w)
	if !ok {
		return
	}
	for _, k := range own {
		b := bound[k]
		f := w.fields[b.j]
		if got := uint64(offs[b.goIdx]); got != f.off {
			what := w.rust + "." + f.name
			c.add(b.pos, b.path, "offset", f.pos, what, "offset %d, cell.lock says %d (%s)", got, f.off, what)
		}
	}
	gotSize, gotAlign := uint64(c.sizes.Sizeof(g)), uint64(c.sizes.Alignof(g))
	if size == w.size {
		gotSize = w.size // explained by a field
	}
	if align == min(w.align, c.maxAl) {
		gotAlign = align
	}
	c.layoutProblem(gotSize, gotAlign, w.size, w.align, path, pos, w.pos, w.rust)
}

// checkOrder reports, once, Go fields in another order than the lock's
// offsets, and returns whether they are.
func (c *comparer) checkOrder(bound []boundField, w *structWant, path string) bool {
	sorted := w.byOffset(bound)
	var moved []boundField
	for k := range bound {
		if bound[k].goIdx != sorted[k].goIdx {
			moved = append(moved, bound[k])
		}
	}
	switch len(moved) {
	case 0:
		return false
	case 2:
		c.add(moved[0].pos, path, "offset", w.pos, w.rust, "%s and %s are in the wrong order (%s)", moved[0].v.Name(), moved[1].v.Name(), w.rust)
	default:
		var names []string
		for _, b := range sorted {
			names = append(names, b.v.Name())
		}
		c.add(moved[0].pos, path, "offset", w.pos, w.rust, "fields out of order: cell.lock has %s (%s)", strings.Join(names, ", "), w.rust)
	}
	return true
}

// byOffset returns bound in the lock's order: the tag first, then by
// offset (stable: zero-sized fields sharing an offset keep Go's order).
func (w *structWant) byOffset(bound []boundField) []boundField {
	sorted := append([]boundField(nil), bound...)
	key := func(b boundField) int64 {
		if b.j < 0 {
			return -1
		}
		return int64(w.lockOff(b))
	}
	sort.SliceStable(sorted, func(a, b int) bool { return key(sorted[a]) < key(sorted[b]) })
	return sorted
}

// fixedLayout returns the bound fields (by index in bound) whose offsets
// are wrong for a reason of their own, and the size and the alignment of
// the struct with its causes fixed.
func (c *comparer) fixedLayout(vars []*types.Var, bound []boundField, seen []bool, w *structWant) (own []int, size, align uint64, ok bool) {
	items, ok := c.fixedItems(vars, bound, seen, w)
	if !ok {
		return nil, 0, 0, false
	}
	// Place the items one by one: a field Go puts before the lock's
	// offset is wrong for a reason of its own (padding is missing before
	// it); it is put where the lock has it, so that the fields after it
	// are compared as they will be once it is fixed.
	var fields []*types.Var
	var end uint64
	for _, it := range items {
		v := types.NewField(token.NoPos, nil, "_", it.t, false)
		if it.bound >= 0 && bound[it.bound].j >= 0 {
			offs := c.sizes.Offsetsof(append(fields, v))
			if got := uint64(offs[len(offs)-1]); got != it.off {
				own = append(own, it.bound)
				if got < it.off && end <= it.off {
					fields = append(fields, types.NewField(token.NoPos, nil, "_", types.NewArray(types.Typ[types.Uint8], int64(it.off-end)), false))
				}
			}
		}
		fields = append(fields, v)
		offs := c.sizes.Offsetsof(fields)
		end = uint64(offs[len(offs)-1]) + uint64(c.sizes.Sizeof(it.t))
	}
	st := types.NewStruct(fields, nil)
	return own, uint64(c.sizes.Sizeof(st)), uint64(c.sizes.Alignof(st)), true
}

// layoutItem is a field of the fixed layout.
type layoutItem struct {
	t     types.Type
	bound int    // index in bound, or -1
	off   uint64 // the lock's offset, for placing missing fields
}

// fixedItems returns the fields of the struct with its causes fixed:
// wrong fields of the lock's size, fields with no Rust field dropped, a
// missing tag and missing fields added.
func (c *comparer) fixedItems(vars []*types.Var, bound []boundField, seen []bool, w *structWant) ([]layoutItem, bool) {
	byGo := map[int]int{}
	for k, b := range bound {
		byGo[b.goIdx] = k
	}
	var items []layoutItem
	for i, v := range vars {
		k, isBound := byGo[i]
		switch {
		case isBound:
			t, ok := c.placeType(bound[k], w)
			if !ok {
				return nil, false
			}
			items = append(items, layoutItem{t: t, bound: k, off: w.lockOff(bound[k])})
		case v.Name() == "_":
			items = append(items, layoutItem{t: v.Type(), bound: -1})
		}
	}
	if w.variant && !hasTag(bound) && (len(items) == 0 || items[0].bound >= 0) {
		// A missing tag is a cause, unless padding holds its place.
		t, ok := c.tagStandIn(w)
		if !ok {
			return nil, false
		}
		items = append([]layoutItem{{t: t, bound: -1}}, items...)
	}
	return c.addMissing(items, seen, w), true
}

// addMissing inserts the Rust fields with no Go field (seen false) into
// items, before the first bound field the lock puts after them.
func (c *comparer) addMissing(items []layoutItem, seen []bool, w *structWant) []layoutItem {
	for j, f := range w.fields {
		if seen[j] {
			continue
		}
		at := len(items)
		for n, it := range items {
			if it.bound >= 0 && it.off > f.off {
				at = n
				break
			}
		}
		items = slices.Insert(items, at, layoutItem{t: c.standIn(f.size, f.align), bound: -1, off: f.off})
	}
	return items
}

// placeType returns the type b takes in the fixed layout: its own, or,
// when it is wrong, one of the lock's size and alignment.
func (c *comparer) placeType(b boundField, w *structWant) (types.Type, bool) {
	switch {
	case !b.wrong:
		return b.v.Type(), true
	case b.j >= 0:
		return c.standIn(w.fields[b.j].size, w.fields[b.j].align), true
	}
	return c.tagStandIn(w)
}

// tagStandIn returns a Go type of the size and alignment of w's tag.
func (c *comparer) tagStandIn(w *structWant) (types.Type, bool) {
	size, align, err := c.cell.layoutOf(&rustschema.Type{Kind: rustschema.Prim, Name: w.tag})
	return c.standIn(size, align), err == nil
}

func hasTag(bound []boundField) bool {
	for _, b := range bound {
		if b.j < 0 {
			return true
		}
	}
	return false
}

// standIn returns a Go type of the given size and alignment (capped at
// the target's largest).
func (c *comparer) standIn(size, align uint64) types.Type {
	kind := types.Uint8
	switch min(align, c.maxAl) {
	case 2:
		kind = types.Uint16
	case 4:
		kind = types.Uint32
	case 8:
		kind = types.Uint64
	}
	return types.NewStruct([]*types.Var{
		types.NewField(token.NoPos, nil, "_", types.NewArray(types.Typ[kind], 0), false),
		types.NewField(token.NoPos, nil, "_", types.NewArray(types.Typ[types.Uint8], int64(size)), false),
	}, nil)
}
