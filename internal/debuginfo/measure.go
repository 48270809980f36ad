package debuginfo

import (
	"debug/dwarf"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/cellvet/cellvet/rustschema/layout"
)

// maxDepth bounds recursion through type references and nesting, so odd
// or cyclic DWARF ends in an error instead of a stack overflow.
const maxDepth = 64

// typeError is a schema type the debug info could not supply a layout for.
type typeError struct {
	Type   string // schema type name
	Msg    string
	absent bool // no definition at all, in the module if one was given
}

func (e *typeError) Error() string { return e.Type + ": " + e.Msg }

// typeErrors lists the types Layouts could not measure, one per line.
type typeErrors []*typeError

func (l typeErrors) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Absent returns the schema types of an error of Layouts that the debug
// info lacks altogether (rustc describes only types the compiled code
// uses), and whether those are all its problems.
func Absent(err error) (names []string, only bool) {
	var l typeErrors
	if !errors.As(err, &l) {
		return nil, false
	}
	only = true
	for _, e := range l {
		if e.absent {
			names = append(names, e.Type)
		} else {
			only = false
		}
	}
	return names, only
}

// Layouts measures the archived layout of every schema type in names: the
// DWARF type ArchivedN for each name N, in the Rust module module (its
// components must appear consecutively in the type's namespace path, e.g.
// "generated::s0001" or "my_cell"; "" accepts any namespace). Without a
// module, types of rkyv itself and of other library crates are ignored
// when a schema type of the same name exists.
//
// The layouts come back in the order of names, with Name set to N, Kind
// "struct" or "enum" (a union is "union"), Predicted false, the sizes,
// alignments and offsets rustc chose and the tag type and values of enums.
// Field.Type is the field's archived type as DWARF names it (e.g.
// "rend::u32_le"); UseSchemaTypes replaces it with the schema's spelling.
// Tuple fields are named "0", "1", ...
//
// When some types cannot be measured (absent, ambiguous, defined
// differently in two compile units, or unreadable) the error lists them,
// one per line, and the slice holds the types that were measured.
func (b *Binary) Layouts(names []string, module string) ([]*layout.Type, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*layout.Type
	var errs typeErrors
	for _, n := range names {
		t, err := b.layoutOf(n, module)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

func (b *Binary) layoutOf(name, module string) (*layout.Type, *typeError) {
	archived := "Archived" + name
	groups := map[string][]def{}
	var order []string
	for _, d := range b.defs[archived] {
		if !inModule(d.scope, module) {
			continue
		}
		q := d.qualified(archived)
		if groups[q] == nil {
			order = append(order, q)
		}
		groups[q] = append(groups[q], d)
	}
	if len(order) > 1 && strings.TrimSpace(module) == "" {
		var own []string
		for _, q := range order {
			if !libraryCrates[crateOf(groups[q][0].scope)] {
				own = append(own, q)
			}
		}
		if len(own) > 0 {
			order = own
		}
	}
	switch len(order) {
	case 0:
		msg := fmt.Sprintf("no %s in the debug info", archived)
		absent := true // the binary has no such type at all (its code never uses it)
		if m := strings.TrimSpace(module); m != "" {
			msg = fmt.Sprintf("no %s in module %s in the debug info", archived, m)
			if c := b.candidates(archived, ""); len(c) > 0 {
				msg += fmt.Sprintf(" (found %s elsewhere: %s)", archived, strings.Join(limit(c, 5), ", "))
				absent = false
			}
		} else {
			msg += " (rustc emits type info only for types the compiled code uses: is it archived by this binary, under this name?)"
		}
		return nil, &typeError{Type: name, Msg: msg, absent: absent}
	case 1:
	default:
		sort.Strings(order)
		return nil, &typeError{Type: name, Msg: fmt.Sprintf("%s is defined in %d modules: %s; choose one with the module path", archived, len(order), strings.Join(limit(order, 8), ", "))}
	}
	t, err := b.measureGroup(order[0], name, groups[order[0]])
	if err != nil {
		return nil, &typeError{Type: name, Msg: err.Error()}
	}
	return t, nil
}

// measureGroup measures every definition of one qualified type (one per
// compile unit that uses it) and checks that they agree.
func (b *Binary) measureGroup(qualified, name string, group []def) (*layout.Type, error) {
	var first *layout.Type
	for _, d := range group {
		t, err := b.measure(d.off, name, 0)
		if err != nil {
			return nil, fmt.Errorf("%s (DWARF entry %#x): %v", qualified, d.off, err)
		}
		if first == nil {
			first = t
			continue
		}
		if !reflect.DeepEqual(first, t) {
			var diffs []string
			for _, df := range Compare([]*layout.Type{first}, []*layout.Type{t}) {
				diffs = append(diffs, df.String())
			}
			return nil, fmt.Errorf("%s has conflicting definitions in the debug info (DWARF entries %#x and %#x): %s",
				qualified, group[0].off, d.off, strings.Join(limit(diffs, 5), "; "))
		}
	}
	return first, nil
}

func limit(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string(nil), s[:n]...), fmt.Sprintf("... (%d more)", len(s)-n))
}

// node is a DWARF entry with its children.
type node struct {
	e    *dwarf.Entry
	kids []*node
}

// maxNodes bounds the size of one type's entry tree.
const maxNodes = 1 << 20

// tree reads the entry at off and its descendants (functions' bodies
// excluded).
func (b *Binary) tree(off dwarf.Offset) (*node, error) {
	r := b.data.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil {
		return nil, err
	}
	if e == nil || e.Offset != off {
		return nil, fmt.Errorf("no DWARF entry at %#x", off)
	}
	root := &node{e: e}
	if !e.Children {
		return root, nil
	}
	stack := []*node{root}
	count := 0
	for len(stack) > 0 {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, fmt.Errorf("DWARF entry %#x: children end early", off)
		}
		if e.Tag == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		if count++; count > maxNodes {
			return nil, fmt.Errorf("DWARF entry %#x: too many children", off)
		}
		n := &node{e: e}
		p := stack[len(stack)-1]
		p.kids = append(p.kids, n)
		if e.Children {
			if e.Tag == dwarf.TagSubprogram || e.Tag == dwarf.TagLexDwarfBlock {
				r.SkipChildren()
				continue
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("DWARF entry %#x: nested too deeply", off)
			}
			stack = append(stack, n)
		}
	}
	return root, nil
}

func (b *Binary) entry(off dwarf.Offset) (*dwarf.Entry, error) {
	r := b.data.Reader()
	r.Seek(off)
	e, err := r.Next()
	if err != nil {
		return nil, err
	}
	if e == nil || e.Offset != off {
		return nil, fmt.Errorf("no DWARF entry at %#x", off)
	}
	return e, nil
}

func typeRef(e *dwarf.Entry) (dwarf.Offset, bool) {
	off, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	return off, ok
}

func uintAttr(e *dwarf.Entry, a dwarf.Attr) (uint64, bool, error) {
	v := e.Val(a)
	if v == nil {
		return 0, false, nil
	}
	switch x := v.(type) {
	case int64:
		if x < 0 {
			return 0, false, fmt.Errorf("DWARF entry %#x: negative %v %d", e.Offset, a, x)
		}
		return uint64(x), true, nil
	case uint64:
		return x, true, nil
	}
	return 0, false, fmt.Errorf("DWARF entry %#x: %v has unsupported form %T", e.Offset, a, v)
}

func byteSize(e *dwarf.Entry) (uint64, bool, error) { return uintAttr(e, dwarf.AttrByteSize) }

func alignAttr(e *dwarf.Entry) (uint64, bool, error) {
	a, ok, err := uintAttr(e, dwarf.AttrAlignment)
	if err != nil || !ok {
		return 0, ok, err
	}
	if a == 0 || a&(a-1) != 0 {
		return 0, false, fmt.Errorf("DWARF entry %#x: alignment %d is not a power of two", e.Offset, a)
	}
	return a, true, nil
}

// typeName is the qualified Rust name of the type at off.
func (b *Binary) typeName(off dwarf.Offset, depth int) string {
	if s, ok := b.names[off]; ok {
		return s
	}
	s := b.typeName1(off, depth)
	b.names[off] = s
	return s
}

func (b *Binary) typeName1(off dwarf.Offset, depth int) string {
	if depth > maxDepth {
		return "?"
	}
	n, err := b.tree(off)
	if err != nil {
		return "?"
	}
	e := n.e
	name, _ := e.Val(dwarf.AttrName).(string)
	elem := func() string {
		if t, ok := typeRef(e); ok {
			return b.typeName(t, depth+1)
		}
		return "()"
	}
	switch e.Tag {
	case dwarf.TagStructType, dwarf.TagEnumerationType, dwarf.TagUnionType, dwarf.TagTypedef:
		if name == "" {
			name = "<anonymous>"
		}
		return join(b.scopes[off], name)
	case dwarf.TagPointerType, dwarf.TagReferenceType, dwarf.TagRvalueReferenceType:
		if name != "" {
			return name
		}
		return "*" + elem()
	case dwarf.TagArrayType:
		dims, _ := arrayDims(n)
		s := elem()
		for i := len(dims) - 1; i >= 0; i-- {
			s = fmt.Sprintf("[%s; %d]", s, dims[i])
		}
		if len(dims) == 0 {
			s = "[" + s + "]"
		}
		return s
	case dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagRestrictType, dwarf.TagAtomicType:
		return elem()
	}
	if name != "" {
		return name
	}
	return e.Tag.String()
}

// arrayDims reads the element counts of an array type's subranges.
func arrayDims(n *node) ([]uint64, error) {
	var dims []uint64
	for _, k := range n.kids {
		if k.e.Tag != dwarf.TagSubrangeType {
			continue
		}
		c, ok, err := uintAttr(k.e, dwarf.AttrCount)
		if err != nil {
			return nil, err
		}
		if !ok {
			hi, okHi, err := intAttr(k.e, dwarf.AttrUpperBound)
			if err != nil {
				return nil, err
			}
			if !okHi {
				return nil, fmt.Errorf("DWARF array %#x has no element count", n.e.Offset)
			}
			lo, _, err := intAttr(k.e, dwarf.AttrLowerBound)
			if err != nil {
				return nil, err
			}
			if hi < lo-1 {
				return nil, fmt.Errorf("DWARF array %#x has bounds %d..%d", n.e.Offset, lo, hi)
			}
			c = uint64(hi - lo + 1)
		}
		dims = append(dims, c)
	}
	return dims, nil
}

func intAttr(e *dwarf.Entry, a dwarf.Attr) (int64, bool, error) {
	switch x := e.Val(a).(type) {
	case nil:
		return 0, false, nil
	case int64:
		return x, true, nil
	case uint64:
		return int64(x), true, nil
	default:
		return 0, false, fmt.Errorf("DWARF entry %#x: %v has unsupported form %T", e.Offset, a, x)
	}
}

// sizeOf is the byte size of the type at off.
func (b *Binary) sizeOf(off dwarf.Offset, depth int) (uint64, error) {
	if s, ok := b.sizes[off]; ok {
		return s, nil
	}
	if depth > maxDepth {
		return 0, fmt.Errorf("DWARF type %#x: references nested too deeply", off)
	}
	n, err := b.tree(off)
	if err != nil {
		return 0, err
	}
	e := n.e
	s, ok, err := byteSize(e)
	if err != nil {
		return 0, err
	}
	if !ok {
		switch e.Tag {
		case dwarf.TagArrayType:
			el, okEl := typeRef(e)
			if !okEl {
				return 0, fmt.Errorf("DWARF array %#x has no element type", off)
			}
			s, err = b.sizeOf(el, depth+1)
			if err != nil {
				return 0, err
			}
			dims, err := arrayDims(n)
			if err != nil {
				return 0, err
			}
			for _, d := range dims {
				hi, lo := bits.Mul64(s, d)
				if hi != 0 {
					return 0, fmt.Errorf("DWARF array %#x: size overflows", off)
				}
				s = lo
			}
		case dwarf.TagTypedef, dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagRestrictType, dwarf.TagAtomicType:
			el, okEl := typeRef(e)
			if !okEl {
				return 0, fmt.Errorf("DWARF type %#x (%v) refers to no type", off, e.Tag)
			}
			s, err = b.sizeOf(el, depth+1)
			if err != nil {
				return 0, err
			}
		case dwarf.TagPointerType, dwarf.TagReferenceType, dwarf.TagRvalueReferenceType:
			s = uint64(b.addrSize)
		default:
			return 0, fmt.Errorf("DWARF type %#x (%v %s) has no byte size", off, e.Tag, b.typeName(off, depth))
		}
	}
	b.sizes[off] = s
	return s, nil
}

// alignOf is the alignment of the type at off: its DW_AT_alignment, else
// derived from its parts.
func (b *Binary) alignOf(off dwarf.Offset, depth int) (uint64, error) {
	if a, ok := b.aligns[off]; ok {
		return a, nil
	}
	if depth > maxDepth {
		return 0, fmt.Errorf("DWARF type %#x: references nested too deeply", off)
	}
	n, err := b.tree(off)
	if err != nil {
		return 0, err
	}
	e := n.e
	a, ok, err := alignAttr(e)
	if err != nil {
		return 0, err
	}
	if !ok {
		a = 1
		switch e.Tag {
		case dwarf.TagArrayType, dwarf.TagTypedef, dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagRestrictType, dwarf.TagAtomicType, dwarf.TagEnumerationType:
			if el, okEl := typeRef(e); okEl {
				if a, err = b.alignOf(el, depth+1); err != nil {
					return 0, err
				}
			} else if e.Tag == dwarf.TagEnumerationType {
				a, err = b.naturalAlign(off, depth)
			}
		case dwarf.TagPointerType, dwarf.TagReferenceType, dwarf.TagRvalueReferenceType:
			a = uint64(b.addrSize)
		case dwarf.TagBaseType:
			a, err = b.naturalAlign(off, depth)
		case dwarf.TagStructType, dwarf.TagUnionType:
			a, err = b.membersAlign(n, depth)
		}
		if err != nil {
			return 0, err
		}
	}
	b.aligns[off] = a
	return a, nil
}

// naturalAlign is the alignment of a scalar: its size, if a power of two.
func (b *Binary) naturalAlign(off dwarf.Offset, depth int) (uint64, error) {
	s, err := b.sizeOf(off, depth+1)
	if err != nil {
		return 0, err
	}
	if s == 0 || s&(s-1) != 0 {
		return 1, nil
	}
	return s, nil
}

// membersAlign is the largest alignment of the members of a struct or
// union (and of its variant parts).
func (b *Binary) membersAlign(n *node, depth int) (uint64, error) {
	a := uint64(1)
	var walk func(n *node) error
	walk = func(n *node) error {
		for _, k := range n.kids {
			switch k.e.Tag {
			case dwarf.TagMember:
				m, err := b.member(k.e, depth+1)
				if err != nil {
					return err
				}
				a = max(a, m.align)
			case dwarf.TagVariantPart, dwarf.TagVariant:
				if err := walk(k); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return a, walk(n)
}

// member is a DW_TAG_member.
type member struct {
	name  string
	typ   dwarf.Offset
	off   uint64
	size  uint64
	align uint64
}

func (b *Binary) member(e *dwarf.Entry, depth int) (member, error) {
	m := member{}
	m.name, _ = e.Val(dwarf.AttrName).(string)
	t, ok := typeRef(e)
	if !ok {
		return m, fmt.Errorf("DWARF member %#x (%s) has no type", e.Offset, m.name)
	}
	m.typ = t
	switch loc := e.Val(dwarf.AttrDataMemberLoc).(type) {
	case nil:
		// A union member, or a struct member at offset 0.
	case int64:
		if loc < 0 {
			return m, fmt.Errorf("DWARF member %#x (%s) has negative offset %d", e.Offset, m.name, loc)
		}
		m.off = uint64(loc)
	case []byte:
		// A location expression: DW_OP_plus_uconst ULEB128.
		v, ok := plusUconst(loc)
		if !ok {
			return m, fmt.Errorf("DWARF member %#x (%s) has an unsupported location expression % x", e.Offset, m.name, loc)
		}
		m.off = v
	default:
		return m, fmt.Errorf("DWARF member %#x (%s) has an unsupported location form %T", e.Offset, m.name, loc)
	}
	if _, isBits := e.Val(dwarf.AttrBitSize).(int64); isBits {
		return m, fmt.Errorf("DWARF member %#x (%s) is a bit field", e.Offset, m.name)
	}
	var err error
	if m.size, err = b.sizeOf(t, depth+1); err != nil {
		return m, err
	}
	a, ok, err := alignAttr(e)
	if err != nil {
		return m, err
	}
	if !ok {
		if a, err = b.alignOf(t, depth+1); err != nil {
			return m, err
		}
	}
	m.align = a
	return m, nil
}

func plusUconst(loc []byte) (uint64, bool) {
	const opPlusUconst = 0x23
	if len(loc) < 2 || loc[0] != opPlusUconst {
		return 0, false
	}
	var v uint64
	var shift uint
	for i, c := range loc[1:] {
		if shift >= 64 {
			return 0, false
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, i+2 == len(loc)
		}
	}
	return 0, false
}

// fieldName maps DWARF's tuple field names __0, __1, ... to "0", "1", ...
func fieldName(s string) string {
	if len(s) > 2 && strings.HasPrefix(s, "__") {
		if _, err := strconv.ParseUint(s[2:], 10, 64); err == nil {
			return s[2:]
		}
	}
	return s
}

// fields lays out the members of a struct (or of a variant's struct, whose
// offsets are then shifted by base).
func (b *Binary) fields(n *node, base uint64, depth int) ([]layout.Field, error) {
	var out []layout.Field
	for _, k := range n.kids {
		if k.e.Tag != dwarf.TagMember {
			continue
		}
		if ext, _ := k.e.Val(dwarf.AttrExternal).(bool); ext {
			continue // a static member
		}
		m, err := b.member(k.e, depth+1)
		if err != nil {
			return nil, err
		}
		off, carry := bits.Add64(base, m.off, 0)
		if carry != 0 {
			return nil, fmt.Errorf("DWARF member %#x: offset overflows", k.e.Offset)
		}
		out = append(out, layout.Field{
			Name:   fieldName(m.name),
			Type:   b.typeName(m.typ, depth+1),
			Offset: off,
			Size:   m.size,
			Align:  m.align,
		})
	}
	return out, nil
}

// intType describes an enum's tag integer.
type intType struct {
	name   string
	size   uint64
	signed bool
}

const ateSigned, ateSignedChar = 0x05, 0x06

func (b *Binary) intType(off dwarf.Offset, depth int) (intType, error) {
	e, err := b.entry(off)
	if err != nil {
		return intType{}, err
	}
	s, err := b.sizeOf(off, depth+1)
	if err != nil {
		return intType{}, err
	}
	if s == 0 || s > 16 {
		return intType{}, fmt.Errorf("DWARF tag type %#x has size %d", off, s)
	}
	enc, _ := e.Val(dwarf.AttrEncoding).(int64)
	return intType{name: b.typeName(off, depth+1), size: s, signed: enc == ateSigned || enc == ateSignedChar}, nil
}

// tagValue converts a DW_AT_const_value or DW_AT_discr_value to the tag
// value as a uint64: truncated to the tag's size, then sign-extended for a
// signed tag (so -1 reads as 2^64-1).
func (b *Binary) tagValue(v any, t intType) (uint64, error) {
	var u uint64
	switch x := v.(type) {
	case int64:
		u = uint64(x)
	case uint64:
		u = x
	case []byte:
		// A block or data16 constant, in the target's byte order.
		if len(x) == 0 || len(x) > 16 {
			return 0, fmt.Errorf("tag constant of %d bytes", len(x))
		}
		buf := make([]byte, 16)
		if b.byteOrder == binary.BigEndian {
			copy(buf[16-len(x):], x)
			if !allZero(buf[:8]) {
				return 0, fmt.Errorf("tag constant % x does not fit 64 bits", x)
			}
			u = b.byteOrder.Uint64(buf[8:])
		} else {
			copy(buf, x)
			if !allZero(buf[8:]) {
				return 0, fmt.Errorf("tag constant % x does not fit 64 bits", x)
			}
			u = b.byteOrder.Uint64(buf[:8])
		}
	default:
		return 0, fmt.Errorf("tag constant has unsupported form %T", v)
	}
	if t.size < 8 {
		bitsN := 8 * t.size
		mask := uint64(1)<<bitsN - 1
		u &= mask
		if t.signed && u>>(bitsN-1) == 1 {
			u |= ^mask
		}
	}
	return u, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// measure lays out the struct, enum or union at off under the schema name
// name.
func (b *Binary) measure(off dwarf.Offset, name string, depth int) (*layout.Type, error) {
	n, err := b.tree(off)
	if err != nil {
		return nil, err
	}
	e := n.e
	if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); decl {
		return nil, fmt.Errorf("DWARF entry %#x is a declaration without a definition", off)
	}
	size, ok, err := byteSize(e)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("DWARF entry %#x has no byte size", off)
	}
	align, err := b.alignOf(off, depth+1)
	if err != nil {
		return nil, err
	}
	t := &layout.Type{Name: name, Size: size, Align: align}
	switch e.Tag {
	case dwarf.TagEnumerationType:
		t.Kind = "enum"
		err = b.fieldlessEnum(t, n, depth)
	case dwarf.TagStructType:
		var part *node
		for _, k := range n.kids {
			if k.e.Tag == dwarf.TagVariantPart {
				if part != nil {
					return nil, fmt.Errorf("DWARF entry %#x has two variant parts", off)
				}
				part = k
			}
		}
		if part == nil {
			t.Kind = "struct"
			t.Fields, err = b.fields(n, 0, depth)
		} else {
			t.Kind = "enum"
			err = b.dataEnum(t, n, part, depth)
		}
	case dwarf.TagUnionType:
		t.Kind = "union"
		t.Fields, err = b.fields(n, 0, depth)
	default:
		return nil, fmt.Errorf("DWARF entry %#x is a %v, not a struct, enum or union", off, e.Tag)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// fieldlessEnum reads a DW_TAG_enumeration_type: the tag integer alone.
func (b *Binary) fieldlessEnum(t *layout.Type, n *node, depth int) error {
	var it intType
	if ref, ok := typeRef(n.e); ok {
		var err error
		if it, err = b.intType(ref, depth); err != nil {
			return err
		}
	} else {
		it = intType{name: fmt.Sprintf("u%d", 8*t.Size), size: t.Size}
		if enc, _ := n.e.Val(dwarf.AttrEncoding).(int64); enc == ateSigned {
			it.signed = true
			it.name = fmt.Sprintf("i%d", 8*t.Size)
		}
	}
	t.Tag = it.name
	t.Variants = []layout.Variant{}
	for _, k := range n.kids {
		if k.e.Tag != dwarf.TagEnumerator {
			continue
		}
		name, _ := k.e.Val(dwarf.AttrName).(string)
		v := k.e.Val(dwarf.AttrConstValue)
		if v == nil {
			return fmt.Errorf("enumerator %s (DWARF %#x) has no value", name, k.e.Offset)
		}
		tag, err := b.tagValue(v, it)
		if err != nil {
			return fmt.Errorf("enumerator %s (DWARF %#x): %v", name, k.e.Offset, err)
		}
		t.Variants = append(t.Variants, layout.Variant{Name: name, Tag: tag, Fields: []layout.Field{}})
	}
	return nil
}

// dataEnum reads the variant part of an enum with data: the tag member it
// names, then one variant per DW_TAG_variant.
func (b *Binary) dataEnum(t *layout.Type, n, part *node, depth int) error {
	discr, hasDiscr := part.e.Val(dwarf.AttrDiscr).(dwarf.Offset)
	var tagEntry *dwarf.Entry
	// rustc puts the tag member in the variant part; DWARF also allows it
	// among the structure's own members.
	for _, kids := range [][]*node{part.kids, n.kids} {
		for _, k := range kids {
			if tagEntry == nil && k.e.Tag == dwarf.TagMember && (!hasDiscr || k.e.Offset == discr) {
				tagEntry = k.e
			}
		}
		if !hasDiscr {
			break
		}
	}
	if tagEntry == nil {
		return fmt.Errorf("enum variant part %#x has no tag member (not a tagged enum)", part.e.Offset)
	}
	tm, err := b.member(tagEntry, depth+1)
	if err != nil {
		return err
	}
	if tm.off != 0 {
		return fmt.Errorf("the enum's tag is at offset %d, not 0 (not an rkyv archived enum)", tm.off)
	}
	it, err := b.intType(tm.typ, depth)
	if err != nil {
		return err
	}
	t.Tag = it.name
	t.Variants = []layout.Variant{}
	for _, k := range part.kids {
		if k.e.Tag != dwarf.TagVariant {
			continue
		}
		v, err := b.dataVariant(k, it, depth)
		if err != nil {
			return err
		}
		t.Variants = append(t.Variants, v)
	}
	return nil
}

// dataVariant reads one DW_TAG_variant of an enum with data whose tag is
// of integer type it: its one member, a struct of the variant's fields.
func (b *Binary) dataVariant(k *node, it intType, depth int) (layout.Variant, error) {
	var vm *dwarf.Entry
	for _, kk := range k.kids {
		if kk.e.Tag == dwarf.TagMember {
			if vm != nil {
				return layout.Variant{}, fmt.Errorf("enum variant %#x has more than one member", k.e.Offset)
			}
			vm = kk.e
		}
	}
	if vm == nil {
		return layout.Variant{}, fmt.Errorf("enum variant %#x has no member", k.e.Offset)
	}
	m, err := b.member(vm, depth+1)
	if err != nil {
		return layout.Variant{}, err
	}
	dv := k.e.Val(dwarf.AttrDiscrValue)
	if dv == nil {
		return layout.Variant{}, fmt.Errorf("enum variant %s (DWARF %#x) has no DW_AT_discr_value: a niche-encoded enum, not an rkyv archived enum", m.name, k.e.Offset)
	}
	tag, err := b.tagValue(dv, it)
	if err != nil {
		return layout.Variant{}, fmt.Errorf("enum variant %s (DWARF %#x): %v", m.name, k.e.Offset, err)
	}
	vs, err := b.tree(m.typ)
	if err != nil {
		return layout.Variant{}, err
	}
	if vs.e.Tag != dwarf.TagStructType {
		return layout.Variant{}, fmt.Errorf("enum variant %s (DWARF %#x) is a %v, not a struct", m.name, k.e.Offset, vs.e.Tag)
	}
	fs, err := b.fields(vs, m.off, depth)
	if err != nil {
		return layout.Variant{}, fmt.Errorf("enum variant %s: %v", m.name, err)
	}
	if fs == nil {
		fs = []layout.Field{}
	}
	name := m.name
	if name == "" {
		name, _ = vs.e.Val(dwarf.AttrName).(string)
	}
	return layout.Variant{Name: name, Tag: tag, Fields: fs}, nil
}

// UseSchemaTypes replaces the DWARF type names in the fields of measured
// with the schema's spelling from predicted (matching types, variants and
// fields by name), so that a measured layout reads like a computed one.
// Fields without a counterpart keep their DWARF name.
func UseSchemaTypes(measured, predicted []*layout.Type) {
	byName := map[string]*layout.Type{}
	for _, p := range predicted {
		byName[p.Name] = p
	}
	set := func(ms, ps []layout.Field) {
		for i := range ms {
			for _, pf := range ps {
				if pf.Name == ms[i].Name {
					ms[i].Type = pf.Type
					break
				}
			}
		}
	}
	for _, m := range measured {
		p := byName[m.Name]
		if p == nil {
			continue
		}
		set(m.Fields, p.Fields)
		for i := range m.Variants {
			for _, pv := range p.Variants {
				if pv.Name == m.Variants[i].Name {
					set(m.Variants[i].Fields, pv.Fields)
					break
				}
			}
		}
	}
}
