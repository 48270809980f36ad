package cell

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/cellvet/cellvet/internal/celltag"
)

// MaxFrameSize is the largest message payload Call sends or accepts and
// Serve accepts: 16 MiB. A message type whose root alone is larger is
// refused when its plan is compiled.
const MaxFrameSize = 16 << 20

// maxDepth bounds the nesting of out-of-line objects the validator follows,
// so that a hostile archive of a recursive type fails with an error instead
// of exhausting the goroutine's stack.
const maxDepth = 128

// TypeError reports a Go type that has no archived form, so it cannot be
// sent or received as a message (or as part of one).
type TypeError struct {
	Type   reflect.Type // the message type
	Path   string       // the offending field, e.g. "Legs[].Venue"; "" for the type itself
	Reason string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("%v is not a message type:%s %s", e.Type, atField(e.Path, ":"), e.Reason)
}

// atField names a field in an error text: " field PATH" and sep, or "" for
// the message type itself.
func atField(path, sep string) string {
	if path == "" {
		return ""
	}
	return " field " + path + sep
}

// stepKind is what one step of a plan checks or rewrites; plain bytes (integers,
// floats, arrays of them) need no step: they are copied as they are.
type stepKind uint8

const (
	kPad    stepKind = iota + 1 // n bytes written zero
	kBool                       // written 0/1, validated 0/1
	kChar                       // a Unicode scalar value
	kString                     // an archived String
	kVec                        // an archived Vec of sub
	kBox                        // an archived Box of sub
	kOption                     // tag at off, sub at off+stride, n bytes in all
	kEnum                       // enum: n bytes, variants in enum
	kArray                      // n elements of sub, stride bytes apart
	kUnit                       // a fieldless enum's n-byte tag, one of tags
)

// step is one step of a plan at byte offset off of the object.
type step struct {
	kind   stepKind
	off    int
	n      int
	stride int
	sub    *plan
	enum   *enumPlan
	tags   celltag.Set // kUnit: the valid tags
	path   string      // the field's path inside the plan's type, for errors
}

// enumPlan describes an Enum[V, S]: the variants are V's fields.
type enumPlan struct {
	tagSize  int // bytes of the tag, the first field of every variant
	variants []variant
}

// byType returns the variant of Go type t, or nil.
func (e *enumPlan) byType(t reflect.Type) *variant {
	for i := range e.variants {
		if e.variants[i].typ == t {
			return &e.variants[i]
		}
	}
	return nil
}

type variant struct {
	name string // the field of V
	typ  reflect.Type
	tag  uint32
	plan *plan
}

// find returns the variant with the given tag, or nil.
func (e *enumPlan) find(tag uint32) *variant {
	for i := range e.variants {
		if e.variants[i].tag == tag {
			return &e.variants[i]
		}
	}
	return nil
}

// plan is the compiled form of one Go type: how to encode a value of it in
// rkyv's archived form and how to validate an archived one. Plans of
// recursive types point at each other (through Vec and Box ops).
type plan struct {
	typ   reflect.Type
	id    uint32 // typeID(typ): what a Buffer records for a vector or box of typ
	size  int    // archived size (= the Go size)
	align int    // archived alignment (= the Go alignment)
	fixed bool   // no String, Vec or Box anywhere: the payload is the root alone
	tag   int    // bytes of the tag when typ is enum-shaped (enumTag), else 0
	err   error  // *TypeError when typ cannot be archived (then nothing else is set)
	steps []step // in rkyv's serialization order (fieldOrder), padding first
}

var plans sync.Map // reflect.Type -> *plan

// planMu serializes plan compilation, so that the plans of a recursive type
// group are built once, together, and published only when all are complete.
var planMu sync.Mutex

// planFor returns t's cached plan; safe for concurrent use; allocation-free
// after the first call per type.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	planMu.Lock()
	defer planMu.Unlock()
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	c := compiler{built: map[reflect.Type]*plan{}}
	p := c.planOf(t)
	if p.err == nil && p.size > MaxFrameSize {
		p = &plan{typ: t, err: &TypeError{Type: t, Reason: fmt.Sprintf("its %d bytes exceed the %d-byte (16 MiB) frame limit", p.size, MaxFrameSize)}}
	}
	if p.err != nil {
		// A failure anywhere fails the root; plans built on the way may refer
		// to it and are dropped (they are rebuilt when asked for).
		p.err.(*TypeError).Type = t
		plans.Store(t, p)
		return p
	}
	for typ, q := range c.built {
		plans.Store(typ, q)
	}
	return p
}

// compiler builds the plans of one planFor call. built holds every plan
// begun, complete or not: a type reached again through a Vec or a Box (a
// recursive type) gets its plan in progress.
type compiler struct {
	built map[reflect.Type]*plan
}

func (c *compiler) planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := c.built[t]; ok {
		return p
	}
	p := &plan{typ: t, id: typeID(t), size: int(t.Size()), align: t.Align()}
	c.built[t] = p
	ops, err := c.ops(t, 0, "")
	if err != nil {
		err.Type = t
		*p = plan{typ: t, err: err}
		return p
	}
	p.steps = ops
	p.fixed = stepsFixed(ops)
	p.tag = enumTag(t, ops)
	return p
}

// enumTag returns the size of the tag of an enum-shaped type, a Cell SDK
// message: an Enum (its variants' tag) or a variant struct, whose first
// field is a uint8, uint16 or uint32 other than _. Other types give 0.
func enumTag(t reflect.Type, ops []step) int {
	if t.Kind() != reflect.Struct || t.NumField() == 0 {
		return 0
	}
	if t.PkgPath() == viewPkg && strings.HasPrefix(t.Name(), "Enum[") {
		return ops[0].enum.tagSize
	}
	if w, why := tagWidth(t); why == "" && t.Field(0).Name != "_" {
		return w
	}
	return 0
}

// stepsFixed reports whether ops hold no out-of-line data. Inline sub-plans
// (options, enums, arrays) are complete here: Go types cannot contain
// themselves inline.
func stepsFixed(ops []step) bool {
	for i := range ops {
		switch o := &ops[i]; o.kind {
		case kString, kVec, kBox:
			return false
		case kOption, kArray:
			if !o.sub.fixed {
				return false
			}
		case kEnum:
			for _, v := range o.enum.variants {
				if !v.plan.fixed {
					return false
				}
			}
		}
	}
	return true
}

// sub returns the plan of a type held by a field at path, or the error that
// makes the field unusable.
func (c *compiler) sub(t reflect.Type, path string) (*plan, *TypeError) {
	p := c.planOf(t)
	if p.err != nil {
		te := p.err.(*TypeError)
		return nil, &TypeError{Path: joinPath(path, te.Path), Reason: te.Reason}
	}
	return p, nil
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case strings.HasPrefix(b, "["):
		return a + b
	}
	return a + "." + b
}

// ops returns the ops of a value of type t at offset off.
func (c *compiler) ops(t reflect.Type, off int, path string) ([]step, *TypeError) {
	if t.PkgPath() == viewPkg {
		if ops, err, ok := c.viewOps(t, off, path); ok {
			return ops, err
		}
	}
	kind := t.Kind()
	switch kind {
	case reflect.Bool:
		return []step{{kind: kBool, off: off, path: path}}, nil
	case reflect.Int8, reflect.Uint8, reflect.Int16, reflect.Uint16, reflect.Int32, reflect.Uint32,
		reflect.Int64, reflect.Uint64, reflect.Float32, reflect.Float64:
		return nil, nil
	case reflect.Int, reflect.Uint, reflect.Uintptr:
		k := strings.TrimSuffix(kind.String(), "ptr")
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v has no fixed archived width (use a sized type such as %s32 or %s64)", t, k, k)}
	case reflect.String:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v has no archived form (use cell.String, built with Buffer.String)", t)}
	case reflect.Slice:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v has no archived form (use cell.Vec, built with cell.MakeVec)", t)}
	case reflect.Pointer, reflect.UnsafePointer:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("pointer %v has no archived form (use cell.Box, built with cell.MakeBox)", t)}
	case reflect.Map:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v (map) has no archived form (maps and sets are not carried)", t)}
	case reflect.Array:
		return c.arrayOps(t, off, path)
	case reflect.Struct:
		if overView(t) {
			return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v is defined over a cell view type, which loses what the view is; use the view type itself (or an alias)", t)}
		}
		return c.structOps(t, off, path)
	}
	return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v (%s) has no archived form", t, kind)}
}

// overView reports whether t is a struct type defined over a view type's
// struct (type MyVec cell.Vec[uint8]): it has the view's private field.
func overView(t reflect.Type) bool {
	for i := range t.NumField() {
		if f := t.Field(i); f.PkgPath == viewPkg && (f.Name == "raw" || f.Name == "off") {
			return true
		}
	}
	return false
}

func (c *compiler) arrayOps(t reflect.Type, off int, path string) ([]step, *TypeError) {
	elem, err := c.sub(t.Elem(), path+"[]")
	if err != nil {
		return nil, err
	}
	if t.Len() == 0 || len(elem.steps) == 0 {
		return nil, nil
	}
	return []step{{kind: kArray, off: off, n: t.Len(), stride: elem.size, sub: elem, path: path}}, nil
}

// structOps flattens a struct's fields into ops; the gaps between fields,
// the trailing padding and the _ fields are written zero. The fields' ops
// come in serialization order (fieldOrder), which the encoder's and the
// validator's walks both follow.
func (c *compiler) structOps(t reflect.Type, off int, path string) ([]step, *TypeError) {
	order, err := fieldOrder(t, path)
	if err != nil {
		return nil, err
	}
	var ops []step // the padding, then the fields' ops in order
	end := 0
	pad := func(from, to int) {
		if to > from {
			ops = append(ops, step{kind: kPad, off: off + from, n: to - from, path: path})
		}
	}
	fields := make([][]step, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		pad(end, int(f.Offset))
		end = int(f.Offset + f.Type.Size())
		if f.Name == "_" {
			// Padding: written zero, but of a type with an archived width,
			// so that the layout is the same on every platform.
			if _, err := c.ops(f.Type, 0, joinPath(path, f.Name)); err != nil {
				return nil, err
			}
			pad(int(f.Offset), end)
			continue
		}
		if fields[i], err = c.fieldOps(f, off, joinPath(path, f.Name)); err != nil {
			return nil, err
		}
	}
	pad(end, int(t.Size()))
	for _, i := range order {
		ops = append(ops, fields[i]...)
	}
	return ops, nil
}

// fieldOps returns the ops of field f of a struct at off: its type's, or
// for a field tagged `cell:",enum=SET"` the check of a fieldless enum's
// tag (fieldOrder has refused a tag that does not parse).
func (c *compiler) fieldOps(f reflect.StructField, off int, path string) ([]step, *TypeError) {
	ft, _ := parseFieldTag(f)
	if ft.enum == nil {
		return c.ops(f.Type, off+int(f.Offset), path)
	}
	p, err := unitPlan(f.Type, ft.enum, path)
	if err != nil {
		return nil, err
	}
	for i := range p.steps {
		p.steps[i].off += off + int(f.Offset)
		p.steps[i].path = joinPath(path, p.steps[i].path)
	}
	return p.steps, nil
}

// unitPlan returns the plan of a type t holding fieldless enum tags, in
// tags: an unsigned integer, or an array, Option, Vec or Box of such a
// type. Go has no enum type to carry the set, so the plan is the field's,
// not t's, and is not cached.
func unitPlan(t reflect.Type, tags celltag.Set, path string) (*plan, *TypeError) {
	p := &plan{typ: t, id: typeID(t), size: int(t.Size()), align: t.Align()}
	name, _, _ := strings.Cut(t.Name(), "[")
	inView := t.PkgPath() == viewPkg
	var sub *plan
	var err *TypeError
	switch {
	case t.Kind() == reflect.Uint8 || t.Kind() == reflect.Uint16 || t.Kind() == reflect.Uint32:
		p.steps = []step{{kind: kUnit, n: p.size, tags: tags}}
	case t.Kind() == reflect.Array && t.Len() > 0:
		sub, err = unitPlan(t.Elem(), tags, path+"[]")
		p.steps = []step{{kind: kArray, n: t.Len(), stride: int(t.Elem().Size()), sub: sub}}
	case inView && name == "Option":
		val, _ := t.FieldByName("Value")
		sub, err = unitPlan(val.Type, tags, path)
		p.steps = []step{{kind: kOption, n: p.size, stride: int(val.Offset), sub: sub}}
	case inView && (name == "Vec" || name == "Box"):
		elem := reflectZero(t).(elemTyper).elemType()
		k, epath := kVec, path+"[]"
		if name == "Box" {
			k, epath = kBox, path
		}
		sub, err = unitPlan(elem, tags, epath)
		p.steps = []step{{kind: k, sub: sub}}
	default:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("enum=%v marks a fieldless enum's tag, which is a uint8, uint16 or uint32 (or an array, cell.Option, cell.Vec or cell.Box of one), not %v", tags, t)}
	}
	if err != nil {
		return nil, err
	}
	p.fixed = stepsFixed(p.steps)
	return p, nil
}

// fieldOrder returns the indices of t's fields in the order rkyv serializes
// and validates them: the Rust declaration order. That is the Go field
// order, unless the fields carry `cell:",decl=N"` (a reordered rkyv 0.7
// struct, whose Go fields follow its memory layout): then every field but
// the _ ones carries one, the Ns number the fields from 0, and the fields
// go by N.
func fieldOrder(t reflect.Type, path string) ([]int, *TypeError) {
	decls := make([]int, t.NumField())
	var named []int // the indices of the fields but _
	anyDecl := false
	for i := range t.NumField() {
		f := t.Field(i)
		ft, err := parseFieldTag(f)
		switch {
		case err != nil:
			return nil, &TypeError{Path: joinPath(path, f.Name), Reason: fmt.Sprintf("%v: %v", t, err)}
		case ft.misplaced(t, f.Name == "_") != "":
			return nil, &TypeError{Path: joinPath(path, f.Name), Reason: ft.misplaced(t, f.Name == "_")}
		case f.Name != "_":
			named = append(named, i)
			anyDecl = anyDecl || ft.decl >= 0
		}
		decls[i] = ft.decl
	}
	if !anyDecl {
		return named, nil
	}
	if err := checkDecls(t, path, named, decls); err != nil {
		return nil, err
	}
	slices.SortFunc(named, func(a, b int) int { return decls[a] - decls[b] })
	return named, nil
}

// checkDecls checks that the decl=N of t's named fields number them from
// 0, each N once.
func checkDecls(t reflect.Type, path string, named, decls []int) *TypeError {
	owner := make(map[int]string, len(named))
	for _, i := range named {
		f := t.Field(i)
		fail := func(format string, args ...any) *TypeError {
			return &TypeError{Path: joinPath(path, f.Name), Reason: fmt.Sprintf("%v: ", t) + fmt.Sprintf(format, args...)}
		}
		switch d := decls[i]; {
		case d < 0:
			return fail("no decl=N, but other fields have one: when one field gives its Rust declaration index, every field but _ must")
		case d >= len(named):
			return fail("decl=%d is out of range: the Rust struct has %d fields (decl counts them from 0)", d, len(named))
		case owner[d] != "":
			return fail("decl=%d is already field %s's", d, owner[d])
		default:
			owner[d] = f.Name
		}
	}
	return nil
}

// viewOps returns the step of one of the view types; ok is false for other
// types of this package.
func (c *compiler) viewOps(t reflect.Type, off int, path string) (ops []step, err *TypeError, ok bool) {
	name, _, _ := strings.Cut(t.Name(), "[")
	one := func(o step) []step { o.off, o.path = off, path; return []step{o} }
	switch name {
	case "Char":
		return one(step{kind: kChar}), nil, true
	case "String":
		return one(step{kind: kString}), nil, true
	case "Vec", "Box":
		elem := reflectZero(t).(elemTyper).elemType()
		sub, err := c.sub(elem, path+"[]")
		if name == "Box" {
			sub, err = c.sub(elem, path)
		}
		if err != nil {
			return nil, err, true
		}
		k := kVec
		if name == "Box" {
			k = kBox
		}
		return one(step{kind: k, sub: sub}), nil, true
	case "Option":
		val, _ := t.FieldByName("Value")
		sub, err := c.sub(val.Type, path)
		if err != nil {
			return nil, err, true
		}
		return one(step{kind: kOption, n: int(t.Size()), stride: int(val.Offset), sub: sub}), nil, true
	case "Enum":
		e, err := c.enumOf(t, path)
		if err != nil {
			return nil, err, true
		}
		return one(step{kind: kEnum, n: int(t.Size()), enum: e}), nil, true
	}
	return nil, nil, false
}

// elemTyper is implemented by Vec and Box: their element type appears in
// no field, so reflect cannot see it.
type elemTyper interface{ elemType() reflect.Type }

func reflectZero(t reflect.Type) any { return reflect.Zero(t).Interface() }

// enumOf checks an Enum[V, S] and returns its variants: V's fields, each a
// struct whose first field is the tag, all fitting in S.
func (c *compiler) enumOf(t reflect.Type, path string) (*enumPlan, *TypeError) {
	v, s := t.Field(0).Type.Elem(), t.Field(1).Type
	fail := func(format string, args ...any) *TypeError {
		return &TypeError{Path: path, Reason: fmt.Sprintf("cell.Enum: "+format, args...)}
	}
	if s.Kind() != reflect.Array || s.Elem().Kind() != reflect.Uint8 {
		return nil, fail("the size parameter %v is not a byte array [N]byte", s)
	}
	if v.Kind() != reflect.Struct || v.NumField() == 0 {
		return nil, fail("the variants parameter %v is not a struct with one field per variant", v)
	}
	if int(t.Size()) != s.Len() {
		return nil, fail("%v's %d bytes are not a multiple of the largest variant's alignment %d", s, s.Len(), t.Align())
	}
	e := &enumPlan{}
	for i := range v.NumField() {
		f := v.Field(i)
		vpath := joinPath(path, f.Name)
		tag, err := variantTag(f, i)
		if err != nil {
			return nil, &TypeError{Path: vpath, Reason: err.Error()}
		}
		width, terr := tagWidth(f.Type)
		switch {
		case terr != "":
			return nil, &TypeError{Path: vpath, Reason: terr}
		case i > 0 && width != e.tagSize:
			return nil, &TypeError{Path: vpath, Reason: fmt.Sprintf("its %d-byte tag differs from the first variant's %d-byte tag", width, e.tagSize)}
		case width < 4 && tag >= 1<<(8*width):
			return nil, &TypeError{Path: vpath, Reason: fmt.Sprintf("tag %d does not fit its %d-byte tag field", tag, width)}
		case int(f.Type.Size()) > s.Len():
			return nil, &TypeError{Path: vpath, Reason: fmt.Sprintf("variant %v is %d bytes, larger than the enum's %d (%v)", f.Type, f.Type.Size(), s.Len(), s)}
		case e.byType(f.Type) != nil:
			return nil, &TypeError{Path: vpath, Reason: fmt.Sprintf("variant %s has the type of variant %s (%v): Variant and SetVariant tell variants apart by type; declare one type per variant", f.Name, e.byType(f.Type).name, f.Type)}
		case e.find(tag) != nil:
			return nil, &TypeError{Path: vpath, Reason: fmt.Sprintf("tag %d is already variant %s's", tag, e.find(tag).name)}
		}
		e.tagSize = width
		p, serr := c.sub(f.Type, vpath)
		if serr != nil {
			return nil, serr
		}
		e.variants = append(e.variants, variant{name: f.Name, typ: f.Type, tag: tag, plan: p})
	}
	return e, nil
}

// variantTag is the tag of V's i-th field: i, or N from `cell:",tag=N"`.
func variantTag(f reflect.StructField, i int) (uint32, error) {
	ft, err := parseFieldTag(f)
	switch {
	case err != nil:
		return 0, fmt.Errorf("cell.Enum: %w", err)
	case ft.decl >= 0:
		return 0, fmt.Errorf("cell.Enum: decl=N orders the fields of a struct; the variants struct's fields are variants, in declaration order")
	case ft.enum != nil:
		return 0, fmt.Errorf("cell.Enum: enum=SET marks a fieldless enum's tag; a variant's tag is its index or tag=N")
	case ft.tag >= 0:
		return uint32(ft.tag), nil
	}
	return uint32(i), nil
}

// fieldTag is what the runtime uses of a field's `cell:"NAME,OPTION,..."`
// tag (internal/celltag, the vet pass's parser too).
type fieldTag struct {
	tag  int64       // tag=N: a variant's tag value; -1 without
	decl int         // decl=N: the field's index in the Rust declaration; -1 without
	enum celltag.Set // enum=SET: a fieldless enum's valid tags; nil without
}

// misplaced returns why the tag's options do not belong on a field of
// struct t (celltag's rule, which the vet pass reports too), or "".
func (ft fieldTag) misplaced(t reflect.Type, padding bool) string {
	return celltag.Tag{Tag: ft.tag, Decl: int64(ft.decl), Enum: ft.enum}.Misplaced(t.String(), padding)
}

// parseFieldTag parses f's cell tag. An option the runtime does not know is
// an error, so that a misspelt decl cannot silently change the order.
func parseFieldTag(f reflect.StructField) (fieldTag, error) {
	text, ok := f.Tag.Lookup("cell")
	if !ok {
		return fieldTag{tag: -1, decl: -1}, nil
	}
	t, err := celltag.Parse(text)
	return fieldTag{tag: t.Tag, decl: int(t.Decl), enum: t.Enum}, err
}

// tagWidth returns the size of a variant struct's tag field, or why the
// type cannot be a variant.
func tagWidth(t reflect.Type) (int, string) {
	if t.Kind() != reflect.Struct || t.NumField() == 0 {
		return 0, fmt.Sprintf("cell.Enum: variant %v is not a struct whose first field is the tag", t)
	}
	switch f := t.Field(0); f.Type.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return int(f.Type.Size()), ""
	default:
		return 0, fmt.Sprintf("cell.Enum: variant %v's first field %s is %v, not an unsigned tag (uint8, uint16 or uint32)", t, f.Name, f.Type)
	}
}

var viewPkg = reflect.TypeFor[String]().PkgPath()
