package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/cellvet/cellvet/internal/celltag"
	"github.com/cellvet/cellvet/lockfile"
)

// The runtime's cell.Enum[V, S] mirrors a Rust enum with fields: S is a
// byte array of the archived enum's size, V a struct with one field per
// variant in declaration order, each a variant struct (the whole enum
// holding that variant, its tag first, as for //cell:type
// CELL.Enum::Variant). The runtime takes V's i-th field for the variant
// of tag i, or of tag N when the field is tagged `cell:",tag=N"` (for
// explicit discriminants), so order and tags are what decode a message.

// typeBinding returns the directive binding of g, looking through
// aliases (cell.Enum is bound through an alias: the runtime knows the
// instance, not a defined type over it), or nil.
func (c *comparer) typeBinding(g types.Type) *binding {
	for {
		switch t := g.(type) {
		case *types.Alias:
			if b := c.bound(t.Obj()); b != nil {
				return b
			}
			g = t.Rhs()
		case *types.Named:
			return c.bound(t.Obj())
		default:
			return nil
		}
	}
}

// dataEnum returns the lock's type name when it is an enum with fields.
func (c *comparer) dataEnum(name string) *lockfile.Type {
	lt := c.cell.Type(name)
	def := c.cell.schema.Lookup(name)
	if lt == nil || def == nil || lt.Kind != "enum" || def.Fieldless() {
		return nil
	}
	return lt
}

// compareEnumField compares cell.Enum instance g, held in a field, with
// the cell's enum name.
func (c *comparer) compareEnumField(g types.Type, name, path string, pos token.Pos, lp lockRef, what string) {
	lt := c.dataEnum(name)
	if b := c.typeBinding(g); lt != nil && b != nil && b.variant == "" {
		// Bound to the enum: checked, and reported, where it is declared.
		if b.cell != c.cell.Name || b.typ != name {
			c.add(pos, path, "bind", lp, what, "%s is bound to %s, not %s.%s", typeString(g, c.local), b.target(), c.cell.Name, name)
		}
		return
	}
	c.compareEnum(g, name, path, pos, lp, what)
}

// compareEnum compares cell.Enum instance g with the cell's enum name.
func (c *comparer) compareEnum(g types.Type, name, path string, pos token.Pos, lp lockRef, what string) {
	lt := c.dataEnum(name)
	if lt == nil {
		c.add(pos, path, "kind", lp, what, "cell.Enum does not match %s: %s.%s is not an enum with fields", what, c.cell.Name, name)
		return
	}
	named := types.Unalias(g).(*types.Named) // an instance of cell.Enum
	if named.TypeArgs().Len() != 2 {
		return
	}
	v, storage := named.TypeArgs().At(0), named.TypeArgs().At(1)
	if c.opaque(storage, lt.Size) {
		c.sizeAlign(g, lt.Size, lt.Align, path, pos, lp, what)
	} else {
		c.add(pos, path, "size", lp, what, "cell.Enum's storage %s, cell.lock says %d bytes (%s): want cell.Enum[%s, [%d]byte]",
			typeString(storage, c.local), lt.Size, what, typeString(v, c.local), lt.Size)
		c.alignOnly(g, lt.Align, path, pos, lp, what)
	}
	c.compareVariants(v, name, lt, path, pos)
}

// variantField is a field of an Enum's V bound to a variant.
type variantField struct {
	v       *types.Var
	path    string
	pos     token.Pos
	variant int // index in the lock's variants; -1: none
	tag     uint64
	hasTag  bool
}

// compareVariants compares the variants struct V of an Enum with the
// variants of enum name: one field per variant, in order, each tag the
// lock's, each type the variant's struct.
func (c *comparer) compareVariants(v types.Type, name string, lt *lockfile.Type, path string, pos token.Pos) {
	enum := c.cell.Name + "." + name
	st, ok := v.Underlying().(*types.Struct)
	if !ok {
		c.add(pos, path, "kind", lockRef{cell: c.cell.Name, typ: name}, enum, "cell.Enum's variants %s is not a struct: want one field per variant of %s (%s), in that order", typeString(v, c.local), enum, variantNames(lt))
		return
	}
	vpos := pos
	if named, ok := types.Unalias(v).(*types.Named); ok {
		if p := c.localPos(named.Obj()); p != token.NoPos {
			vpos = p
		}
	}
	fields, ok := c.matchVariants(st, name, lt, path, pos, vpos)
	if c.variantOrder(fields, name, lt, path, vpos) && ok {
		c.variantTags(fields, name, lt)
	}
	for _, f := range fields {
		if f.variant >= 0 {
			c.compareVariant(f.v.Type(), name, lt.Variants[f.variant].Name, f.path, f.pos)
		}
	}
}

// matchVariants binds V's fields to variants by name, reporting fields
// with no variant, tags that do not parse and variants with no field. ok
// reports that every field has a variant of its own and a tag that
// parses, and every variant a field.
// pos is where the check started, vpos V's declaration when local.
func (c *comparer) matchVariants(st *types.Struct, name string, lt *lockfile.Type, path string, pos, vpos token.Pos) (fields []variantField, ok bool) {
	enum := c.cell.Name + "." + name
	ok = true
	taken := make([]bool, len(lt.Variants))
	for i := range st.NumFields() {
		v := st.Field(i)
		f := variantField{v: v, path: path + "[" + v.Name() + "]", pos: c.localPos(v), variant: -1}
		if f.pos == token.NoPos {
			f.pos = pos
		}
		rname, tag, hasTag, err := variantTag(st.Tag(i))
		f.tag, f.hasTag = tag, hasTag
		if err != "" {
			c.add(f.pos, f.path, "tag", lockRef{cell: c.cell.Name, typ: name}, enum, "%s", err)
			ok = false
		}
		f.variant = variantIndex(lt, rname, v.Name())
		c.sameVariantType(st, i, f, lockRef{cell: c.cell.Name, typ: name}, enum)
		switch {
		case f.variant < 0:
			c.add(f.pos, f.path, "field", lockRef{cell: c.cell.Name, typ: name}, enum, "%s has no variant %s (it has %s)", enum, nameOr(rname, v.Name()), variantNames(lt))
			ok = false
		case taken[f.variant]:
			lv := lt.Variants[f.variant].Name
			c.add(f.pos, f.path, "field", lockRef{c.cell.Name, name, lv, ""}, enum+"::"+lv, "a second field of the variants struct is bound to %s::%s", enum, lv)
			f.variant, ok = -1, false
		default:
			taken[f.variant] = true
		}
		fields = append(fields, f)
	}
	for j, lv := range lt.Variants {
		if !taken[j] {
			c.add(vpos, path, "missing", lockRef{c.cell.Name, name, lv.Name, ""}, enum+"::"+lv.Name, "no field for the variant %s::%s", enum, lv.Name)
			ok = false
		}
	}
	return fields, ok
}

// sameVariantType reports field i of the variants struct st when an
// earlier field has its type: the runtime refuses such a cell.Enum, as
// cell.Variant and cell.SetVariant tell the variants apart by type.
func (c *comparer) sameVariantType(st *types.Struct, i int, f variantField, lp lockRef, enum string) {
	if named, ok := types.Unalias(f.v.Type()).(*types.Named); ok && c.bound(named.Obj()) != nil {
		return // bound to one variant: a field of another is reported as such
	}
	for j := range i {
		if types.Identical(st.Field(j).Type(), f.v.Type()) {
			c.add(f.pos, f.path, "field", lp, enum, "the variant has the type of variant %s (%s), and cell.Variant tells variants apart by type", st.Field(j).Name(), typeString(f.v.Type(), c.local))
			return
		}
	}
}

// variantIndex returns the index of the variant a field of a variants
// struct binds to: the tagged name exactly, else the Go name exactly, else
// the variant whose snake_case is the Go name's (OrderACK: OrderAck); -1
// when there is none.
func variantIndex(lt *lockfile.Type, tagged, goName string) int {
	if tagged != "" {
		goName = tagged
	}
	for j, lv := range lt.Variants {
		if lv.Name == goName {
			return j
		}
	}
	if tagged != "" {
		return -1
	}
	for j, lv := range lt.Variants {
		if snake(lv.Name) == snake(goName) {
			return j
		}
	}
	return -1
}

// nameOr returns the tagged name, else the Go one.
func nameOr(tagged, goName string) string {
	if tagged != "" {
		return tagged
	}
	return goName
}

// variantOrder reports, once, fields bound to variants out of the enum's
// declaration order, and returns whether they are in order.
func (c *comparer) variantOrder(fields []variantField, name string, lt *lockfile.Type, path string, pos token.Pos) bool {
	var got []string
	last, inOrder := -1, true
	for _, f := range fields {
		if f.variant < 0 {
			continue
		}
		got = append(got, lt.Variants[f.variant].Name)
		inOrder = inOrder && f.variant > last
		last = f.variant
	}
	if !inOrder {
		enum := c.cell.Name + "." + name
		c.add(pos, path, "field", lockRef{cell: c.cell.Name, typ: name}, enum, "variants in the order %s; %s declares %s",
			strings.Join(got, ", "), enum, variantNames(lt))
	}
	return inOrder
}

// variantTags checks that each field of a complete, ordered variants
// struct decodes its variant's tag: its index, or its `cell:",tag=N"`.
func (c *comparer) variantTags(fields []variantField, name string, lt *lockfile.Type) {
	for i, f := range fields {
		lv := lt.Variants[f.variant]
		what := c.cell.Name + "." + name + "::" + lv.Name
		lp := lockRef{c.cell.Name, name, lv.Name, ""}
		switch {
		case f.hasTag && f.tag != lv.Tag:
			c.add(f.pos, f.path, "tag", lp, what, "tag=%d, cell.lock says %d (%s)", f.tag, lv.Tag, what)
		case !f.hasTag && uint64(i) != lv.Tag:
			c.add(f.pos, f.path, "tag", lp, what, "tag %d (an explicit discriminant), not the field's index %d (%s)", lv.Tag, i, what)
		default:
			continue
		}
		c.offerTagOption(f.v, "tag", strconv.FormatUint(lv.Tag, 10))
	}
}

// variantTag parses the cell tag of a field of a variants struct: the
// Rust variant's name (or "") and an explicit tag=N.
func variantTag(tag string) (name string, n uint64, hasTag bool, err string) {
	v, _ := reflect.StructTag(tag).Lookup("cell")
	name, opts := celltag.Split(v)
	for _, opt := range opts {
		if !strings.HasPrefix(opt, "tag=") {
			return name, 0, false, fmt.Sprintf("unknown option %q in a field of cell.Enum's variants struct: it takes `cell:\"VARIANT,tag=N\"`", opt)
		}
	}
	t, perr := celltag.Parse(v)
	if e, ok := perr.(*celltag.Error); ok {
		if e.Problem == celltag.BadNumber {
			return name, 0, false, fmt.Sprintf("tag=%s is not a decimal tag value", e.Num)
		}
		return name, 0, false, e.Error()
	}
	return name, uint64(max(t.Tag, 0)), t.Tag >= 0, ""
}

// compareVariant compares the type of a field of a variants struct with
// the variant's struct.
func (c *comparer) compareVariant(g types.Type, enum, variant, path string, pos token.Pos) {
	w, msg := c.cell.wantStruct(enum, variant)
	if w == nil {
		c.add(pos, path, "bind", lockRef{cell: c.cell.Name, typ: enum}, c.cell.Name+"."+enum, "%s", msg)
		return
	}
	if b := c.typeBinding(g); b != nil {
		// Bound to the variant: checked, and reported, where it is declared.
		if b.cell != c.cell.Name || b.typ != enum || b.variant != variant {
			c.add(pos, path, "bind", w.pos, w.rust, "%s is bound to %s, not %s", typeString(g, c.local), b.target(), w.rust)
		}
		return
	}
	if named, ok := types.Unalias(g).(*types.Named); ok {
		if c.active[named] {
			return
		}
		c.active[named] = true
		defer delete(c.active, named)
	}
	st, ok := g.Underlying().(*types.Struct)
	if !ok {
		c.add(pos, path, "kind", w.pos, w.rust, "%s is not a struct: the variant %s is a struct of %d bytes starting with its %s tag", typeString(g, c.local), w.rust, w.size, w.tag)
		return
	}
	c.compareStruct(g, st, w, path, pos)
}

// overEnum reports whether g is a defined type whose underlying type is a
// cell.Enum's: the runtime recognizes the instance, not such a type.
func overEnum(g types.Type) bool {
	st, ok := g.Underlying().(*types.Struct)
	if !ok || st.NumFields() != 2 || isRuntimeType(g, "Enum") {
		return false
	}
	raw := st.Field(1)
	return raw.Name() == "raw" && raw.Pkg() != nil && raw.Pkg().Path() == RuntimePath
}
