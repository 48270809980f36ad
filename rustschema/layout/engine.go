package layout

import (
	"fmt"
	"math/bits"
	"strconv"

	"github.com/cellvet/cellvet/rustschema"
)

// maxObjectSize is rustc's object size bound on a 64-bit host (1<<61):
// larger types do not compile ("values of the type are too big").
const maxObjectSize = 1 << 61

// engine computes archived layouts under one profile. Local type
// definitions are laid out once and memoized.
type engine struct {
	p         rustschema.Profile
	v07       bool
	ptr       uint64 // bytes of archived usize/isize and relative offsets
	unaligned bool   // 0.8 unaligned: every archived type has align 1
	// charNiche: rkyv 0.7 without archive_be archives char as the native
	// char, whose invalid values rustc uses as a niche. rend 0.4's
	// BigEndian<char> stores a u32 and has no niche.
	charNiche bool
	defs      map[*rustschema.TypeDef]*defState

	// Niches of the primitives, shared: niches are never modified (see
	// niche.shifted).
	boolNiche, charNicheV *niche
	nonZero               [5]*niche // NonZero of 1, 2, 4, 8 and 16 bytes
	nonZeroPtr            *niche

	// Chunks the per-definition slices are cut from.
	stateBuf []defState
	fieldBuf []Field
	typeBuf  []Type

	// Stacks the scratch slices of a definition's computation are cut
	// from: def truncates them back when the definition is done, so
	// their memory (which holds niche pointers) is reused instead of
	// allocated for every definition. Definitions nest (a field may hold
	// another local type by value); a nested one pushes above its
	// caller's slices and pops back to there.
	results []result
	shapes  []shape
}

type defState struct {
	busy bool // being computed: meeting it again is by-value recursion
	done bool
	res  result
	out  *Type
	err  *rustschema.Error
}

// result is the layout of a type expression: its shape (size, alignment
// and, for rkyv 0.7, rustc's largest niche) and whether repr(Rust) field
// ordering was involved.
type result struct {
	shape
	predicted bool
}

func newEngine(p rustschema.Profile, ndefs int) *engine {
	e := &engine{
		p:         p,
		v07:       p.Rkyv == "0.7",
		ptr:       uint64(p.PointerWidth / 8),
		unaligned: p.Rkyv == "0.8" && p.Unaligned,
		charNiche: p.Rkyv == "0.7" && p.Endian != "big",
		defs:      make(map[*rustschema.TypeDef]*defState, ndefs),
		boolNiche: &niche{Size: 1, Avail: u128{0, 254}},
	}
	if e.charNiche {
		e.charNicheV = &niche{Size: 4, Avail: u128{0, 1<<32 - 0x110000}}
	}
	for i := range e.nonZero {
		e.nonZero[i] = allButOne(1 << i)
	}
	e.nonZeroPtr = allButOne(e.ptr)
	return e
}

// fromChunk returns a zeroed element cut from the chunk *buf, starting
// a new chunk of 256 when it is used up: one allocation per 256
// definitions instead of one each.
func fromChunk[T any](buf *[]T) *T {
	if len(*buf) == 0 {
		*buf = make([]T, 256)
	}
	x := &(*buf)[0]
	*buf = (*buf)[1:]
	return x
}

// newDefState returns a zeroed defState from the current chunk.
func (e *engine) newDefState() *defState { return fromChunk(&e.stateBuf) }

// newType returns a zeroed Type from the current chunk.
func (e *engine) newType() *Type { return fromChunk(&e.typeBuf) }

// pushResults returns n zeroed results from the results stack. The
// slice stays valid when a nested definition grows the stack: growing
// moves the stack, not the slices already handed out.
func (e *engine) pushResults(n int) []result {
	start := len(e.results)
	e.results = append(e.results, make([]result, n)...)
	return e.results[start : start+n : start+n]
}

// pushShapes returns an empty shape slice of capacity n from the shapes
// stack, like pushResults.
func (e *engine) pushShapes(n int) []shape {
	start := len(e.shapes)
	e.shapes = append(e.shapes, make([]shape, n)...)
	return e.shapes[start : start : start+n]
}

// newFields returns an empty field slice of capacity n cut from the
// current chunk (the capacity is exact, so appending beyond n copies).
func (e *engine) newFields(n int) []Field {
	if n > 64 {
		return make([]Field, 0, n)
	}
	if len(e.fieldBuf) < n {
		e.fieldBuf = make([]Field, 512)
	}
	f := e.fieldBuf[:0:n]
	e.fieldBuf = e.fieldBuf[n:]
	return f
}

func errAt(pos rustschema.Pos, format string, args ...any) *rustschema.Error {
	return &rustschema.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func pick(p, fallback rustschema.Pos) rustschema.Pos {
	if p.Line != 0 {
		return p
	}
	return fallback
}

// al caps an alignment for the 0.8 unaligned format.
func (e *engine) al(a uint64) uint64 {
	if e.unaligned {
		return 1
	}
	return a
}

// scalar is an archived integer-like value of size bytes (size == align,
// except under 0.8 unaligned).
func (e *engine) scalar(size uint64, n *niche) result {
	if !e.v07 {
		n = nil // rkyv 0.8 layouts are all repr(C): niches play no part
	}
	return result{shape: shape{Size: size, Align: e.al(size), Niche: n}}
}

func allButOne(size uint64) *niche { return &niche{Size: size, Avail: u128{0, 1}} }

// prim lays out a primitive by name.
func (e *engine) prim(name string) (result, bool) {
	switch name {
	case "u8", "i8":
		return e.scalar(1, nil), true
	case "bool":
		return e.scalar(1, e.boolNiche), true
	case "u16", "i16":
		return e.scalar(2, nil), true
	case "u32", "i32", "f32":
		return e.scalar(4, nil), true
	case "char":
		return e.scalar(4, e.charNicheV), true
	case "u64", "i64", "f64":
		return e.scalar(8, nil), true
	case "u128", "i128":
		return e.scalar(16, nil), true
	case "usize", "isize":
		return e.scalar(e.ptr, nil), true
	case "NonZeroU8", "NonZeroI8":
		return e.scalar(1, e.nonZero[0]), true
	case "NonZeroU16", "NonZeroI16":
		return e.scalar(2, e.nonZero[1]), true
	case "NonZeroU32", "NonZeroI32":
		return e.scalar(4, e.nonZero[2]), true
	case "NonZeroU64", "NonZeroI64":
		return e.scalar(8, e.nonZero[3]), true
	case "NonZeroU128", "NonZeroI128":
		return e.scalar(16, e.nonZero[4]), true
	case "NonZeroUsize", "NonZeroIsize":
		return e.scalar(e.ptr, e.nonZeroPtr), true
	}
	return result{}, false
}

// words is an archived container made of n pointer-sized integers
// (relative offsets, lengths, capacities): no niche.
func (e *engine) words(n uint64) result {
	return result{shape: shape{Size: n * e.ptr, Align: e.al(e.ptr)}}
}

var zst = result{shape: shape{Size: 0, Align: 1}}

// typ lays out a type expression. at is the position to report when t has
// none.
func (e *engine) typ(t *rustschema.Type, at rustschema.Pos) (result, *rustschema.Error) {
	if t == nil {
		return result{}, errAt(at, "missing type")
	}
	pos := pick(t.Pos, at)
	arg := func(i int) (*rustschema.Type, *rustschema.Error) {
		if i >= len(t.Args) || t.Args[i] == nil {
			return nil, errAt(pos, "%s is missing a type argument", t)
		}
		return t.Args[i], nil
	}
	switch t.Kind {
	case rustschema.Prim:
		r, ok := e.prim(t.Name)
		if !ok {
			return result{}, errAt(pos, "unknown primitive type %s", t.Name)
		}
		return r, nil
	case rustschema.UnitType, rustschema.PhantomData:
		return zst, nil
	case rustschema.String, rustschema.Vec, rustschema.BTreeMap, rustschema.BTreeSet:
		// String: 0.7 union of {len, offset bytes} and inline bytes;
		// 0.8 union of {len, offset} and inline bytes. Vec: {ptr, len}.
		// BTreeMap/Set: 0.7 {len, root}, 0.8 {root, len}.
		return e.words(2), nil
	case rustschema.HashMap, rustschema.HashSet:
		// 0.7 {index: {len, displace}, entries}; 0.8 {ptr, len, cap}.
		return e.words(3), nil
	case rustschema.Box:
		el, err := arg(0)
		if err != nil {
			return result{}, err
		}
		if el.Kind == rustschema.Str || el.Kind == rustschema.Slice {
			return e.words(2), nil // relative pointer + length
		}
		return e.words(1), nil
	case rustschema.Duration:
		// {secs: u64, nanos: u32}
		if e.unaligned {
			return result{shape: shape{Size: 12, Align: 1}}, nil
		}
		return result{shape: shape{Size: 16, Align: 8}}, nil
	case rustschema.Array:
		el, err := arg(0)
		if err != nil {
			return result{}, err
		}
		r, err := e.typ(el, pos)
		if err != nil {
			return result{}, err
		}
		hi, size := bits.Mul64(r.Size, t.Len)
		if hi != 0 || size >= maxObjectSize {
			return result{}, errAt(pos, "%s is too big to lay out", t)
		}
		out := result{shape: shape{Size: size, Align: r.Align}, predicted: r.predicted}
		if t.Len > 0 {
			out.Niche = r.Niche
		}
		return out, nil
	case rustschema.TupleType:
		return e.tuple(t, pos)
	case rustschema.Option, rustschema.Result:
		n := 1
		if t.Kind == rustschema.Result {
			n = 2
		}
		// ArchivedOption / ArchivedResult are #[repr(u8)] enums in both
		// versions: no niche optimisation, payload after the u8 tag.
		// (None, a field-less variant, changes neither size nor align.)
		var size uint64
		align := uint64(1)
		pred := false
		for i := 0; i < n; i++ {
			a, err := arg(i)
			if err != nil {
				return result{}, err
			}
			r, err := e.typ(a, pos)
			if err != nil {
				return result{}, err
			}
			pred = pred || r.predicted
			va := max(1, r.Align)
			size = max(size, alignUp(alignUp(1, r.Align)+r.Size, va))
			align = max(align, va)
		}
		size = alignUp(max(size, 1), align)
		out := result{shape: shape{Size: size, Align: align}, predicted: pred}
		if e.v07 {
			out.Niche = scalarNiche(1, u128{0, 2})
		}
		return out, nil
	case rustschema.Local:
		if t.Def == nil {
			return result{}, errAt(pos, "type %s is not defined in the schema", t.Name)
		}
		st := e.def(t.Def, pos)
		if st.err != nil {
			return result{}, st.err
		}
		return st.res, nil
	case rustschema.Str, rustschema.Slice:
		return result{}, errAt(pos, "%s is unsized; only Box<%s> can be archived", t, t)
	case rustschema.Std:
		return e.std(t, pos)
	case rustschema.Ref:
		return result{}, errAt(pos, "the reference %s is archived only through a with-wrapper", t)
	}
	return result{}, errAt(pos, "cannot lay out type %s", t)
}

func (e *engine) tuple(t *rustschema.Type, pos rustschema.Pos) (result, *rustschema.Error) {
	limit := 13 // ArchivedTuple1 ... ArchivedTuple13
	if e.v07 {
		if e.p.Strict {
			return result{}, errAt(pos, "tuple %s is not Archive under rkyv 0.7 with the strict feature (rkyv implements Archive for tuples only without strict)", t)
		}
		limit = 12
	}
	if len(t.Args) > limit {
		return result{}, errAt(pos, "tuple %s has %d elements; rkyv %s archives tuples of at most %d", t, len(t.Args), e.p.Rkyv, limit)
	}
	fields := make([]shape, len(t.Args))
	pred := false
	for i, a := range t.Args {
		r, err := e.typ(a, pos)
		if err != nil {
			return result{}, err
		}
		fields[i] = r.shape
		pred = pred || r.predicted
	}
	var agg aggregate
	if e.v07 {
		// The archived tuple is the Rust tuple of the archived elements:
		// repr(Rust), laid out by rustc with its last element in place
		// (StructKind::MaybeUnsized).
		agg = univariant(fields, reprOpts{reorder: true}, maybeUnsized)
		pred = pred || len(fields) > 1
	} else {
		agg = reprC(fields, reprOpts{}) // ArchivedTupleN is repr(C)
	}
	return result{shape: agg.shape, predicted: pred}, nil
}

// def lays out a local type definition, once.
func (e *engine) def(d *rustschema.TypeDef, at rustschema.Pos) *defState {
	st := e.defs[d]
	if st == nil {
		st = e.newDefState()
		e.defs[d] = st
	}
	if st.done {
		return st
	}
	if st.busy {
		// Not memoized: the error belongs to the reference that closes
		// the cycle; the definition's own computation reports it.
		return &defState{err: errAt(at, "type %s contains itself by value, so its archived size would be infinite; put the recursion behind Box or Vec", d.Name)}
	}
	st.busy = true
	var err *rustschema.Error
	rmark, smark := len(e.results), len(e.shapes)
	if d.Kind == rustschema.Enum {
		st.out, st.res, err = e.enum(d)
	} else {
		st.out, st.res, err = e.strct(d)
	}
	e.results, e.shapes = e.results[:rmark], e.shapes[:smark]
	st.busy = false
	st.done = true
	st.err = err
	return st
}

func notComputable(pos rustschema.Pos, what string) *rustschema.Error {
	return errAt(pos, "%s; its archived layout is not computable from the schema; measure it with cellvet add --binary", what)
}

// fields lays out the fields of a struct or variant. The results are on
// the results stack: they live until the definition being computed is
// done.
func (e *engine) fields(fs []*rustschema.Field) ([]result, *rustschema.Error) {
	out := e.pushResults(len(fs))
	for i, f := range fs {
		if f.Type == nil {
			return nil, errAt(f.Pos, "field %s has no type", f.Name)
		}
		t := f.Type
		if len(f.With) > 0 {
			at, err := f.ArchivedType(e.p.Rkyv)
			if err != nil {
				return nil, err.(*rustschema.Error)
			}
			t = at
		}
		if err := e.unarchived(t, f.Pos); err != nil {
			return nil, err
		}
		r, err := e.typ(t, f.Pos)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

func checkAlign(d *rustschema.TypeDef, r rustschema.Repr) *rustschema.Error {
	if r.Align != 0 && (r.Align&(r.Align-1) != 0 || r.Align > 1<<29) {
		return errAt(d.Pos, "type %s: invalid repr(align(%d)) on the archived type: not a power of two up to 2^29", d.Name, r.Align)
	}
	if r.Packed != 0 && (r.Packed&(r.Packed-1) != 0 || r.Packed > 1<<29) {
		return errAt(d.Pos, "type %s: invalid repr(packed(%d)) on the archived type: not a power of two up to 2^29", d.Name, r.Packed)
	}
	if r.Align != 0 && r.Packed != 0 {
		return errAt(d.Pos, "type %s: the archived type would be both packed and aligned, which rustc rejects (E0587)", d.Name)
	}
	return nil
}

func (e *engine) strct(d *rustschema.TypeDef) (*Type, result, *rustschema.Error) {
	if d.As != "" {
		return nil, result{}, notComputable(d.Pos, fmt.Sprintf("type %s uses as = %s", d.Name, d.As))
	}
	rs, err := e.fields(d.Fields)
	if err != nil {
		return nil, result{}, err
	}
	ar := d.ArchivedRepr
	if err := checkAlign(d, ar); err != nil {
		return nil, result{}, err
	}
	if ar.Int != "" {
		return nil, result{}, errAt(d.Pos, "type %s: repr(%s) on an archived struct is not valid (only enums take an integer repr)", d.Name, ar.Int)
	}
	shapes := e.pushShapes(len(rs))[:len(rs)]
	pred := false
	for i := range rs {
		shapes[i] = rs[i].shape
		pred = pred || rs[i].predicted
	}
	repr := reprOpts{align: ar.Align, pack: ar.Packed}
	var agg aggregate
	if e.v07 {
		if ar.Packed > 1 {
			// rkyv 0.7's repr parser only knows a bare `packed`; it
			// silently drops packed(N) (rkyv_derive/src/repr.rs).
			repr.pack = 0
		}
		transparent := ar.Transparent
		if ar.C || (e.p.Strict && !transparent) {
			agg = reprC(shapes, repr)
		} else {
			if transparent {
				if err := checkTransparent(d, shapes); err != nil {
					return nil, result{}, err
				}
			}
			// repr(Rust) (or transparent, which rustc lays out the
			// same way): rustc orders the fields.
			repr.reorder = true
			agg = univariant(shapes, repr, alwaysSized)
			pred = pred || len(shapes) > 1
		}
	} else {
		if ar.Transparent {
			return nil, result{}, errAt(d.Pos, "type %s: repr(transparent) cannot be combined with the repr(C) rkyv 0.8 puts on every archived struct (E0692)", d.Name)
		}
		agg = reprC(shapes, repr)
	}
	if agg.Size >= maxObjectSize {
		return nil, result{}, errAt(d.Pos, "type %s is too big to lay out", d.Name)
	}
	out := e.newType()
	*out = Type{Name: d.Name, Kind: "struct", Size: agg.Size, Align: agg.Align, Predicted: pred}
	if len(d.Fields) > 0 {
		out.Fields = e.newFields(len(d.Fields))
	}
	for i, f := range d.Fields {
		out.Fields = append(out.Fields, Field{
			Name: f.Name, Type: f.Type.String(),
			Offset: agg.Offsets[i], Size: rs[i].Size, Align: rs[i].Align,
		})
	}
	return out, result{shape: agg.shape, predicted: pred}, nil
}

func checkTransparent(d *rustschema.TypeDef, shapes []shape) *rustschema.Error {
	n := 0
	for _, s := range shapes {
		if s.Size != 0 || s.Align != 1 {
			n++
		}
	}
	if n > 1 {
		return errAt(d.Pos, "type %s: the archived type is repr(transparent) but has %d fields that are not 1-aligned zero-sized types (E0690)", d.Name, n)
	}
	return nil
}

// intTag is an integer tag type: its name, size and signedness.
type intTag struct {
	name   string
	size   uint64
	signed bool
}

func parseIntTag(name string) (intTag, bool) {
	if len(name) < 2 || (name[0] != 'u' && name[0] != 'i') {
		return intTag{}, false
	}
	n, err := strconv.Atoi(name[1:])
	if err != nil {
		return intTag{}, false
	}
	switch n {
	case 8, 16, 32, 64, 128:
		return intTag{name: name, size: uint64(n / 8), signed: name[0] == 'i'}, true
	}
	return intTag{}, false
}

func (e *engine) enum(d *rustschema.TypeDef) (*Type, result, *rustschema.Error) {
	if d.As != "" {
		return nil, result{}, notComputable(d.Pos, fmt.Sprintf("type %s uses as = %s", d.Name, d.As))
	}
	nv := len(d.Variants)
	if nv == 0 {
		return nil, result{}, errAt(d.Pos, "enum %s has no variants; its archived tag enum cannot be represented (E0084)", d.Name)
	}
	ar := d.ArchivedRepr
	if err := checkAlign(d, ar); err != nil {
		return nil, result{}, err
	}
	if ar.Packed != 0 {
		return nil, result{}, errAt(d.Pos, "enum %s: a packed archived enum is rejected by rustc", d.Name)
	}
	if ar.Transparent {
		return nil, result{}, errAt(d.Pos, "enum %s: repr(transparent) on an archived enum is not supported by rkyv", d.Name)
	}
	var tag intTag
	tags := make([]uint64, nv)
	cPrefix := false
	if e.v07 {
		if ar.C {
			return nil, result{}, errAt(d.Pos, "enum %s: rkyv 0.7 archived enums may only be repr(i*) or repr(u*), not repr(C)", d.Name)
		}
		if ar.Int != "" {
			t, ok := parseIntTag(ar.Int)
			if !ok {
				return nil, result{}, errAt(d.Pos, "enum %s: unknown integer repr %q", d.Name, ar.Int)
			}
			tag = t
		} else {
			// The smallest unsigned integer that holds the variant COUNT
			// (rkyv_derive 0.7 archive.rs): 256 variants need a u16.
			switch {
			case nv <= 255:
				tag = intTag{"u8", 1, false}
			case nv <= 65535:
				tag = intTag{"u16", 2, false}
			default:
				tag = intTag{"u32", 4, false}
			}
		}
		// Tags are the variant indices; explicit discriminants are dropped.
		bitsAvail := tag.size * 8
		if tag.signed {
			bitsAvail--
		}
		if bitsAvail < 64 && uint64(nv) > 1<<bitsAvail {
			return nil, result{}, errAt(d.Pos, "enum %s has %d variants; their indices do not fit the archived tag type %s", d.Name, nv, tag.name)
		}
		for i := range tags {
			tags[i] = uint64(i)
		}
		if e.p.Endian == "big" && tag.size > 1 && !d.Fieldless() {
			return nil, result{}, errAt(d.Pos, "enum %s has variant data and a %s tag; rkyv 0.7 rejects multibyte tags of enums with data under archive_be (without arbitrary_enum_discriminant)", d.Name, tag.name)
		}
	} else {
		if nv > 256 {
			return nil, result{}, errAt(d.Pos, "enum %s has %d variants; rkyv 0.8 archives enums of at most 256 variants", d.Name, nv)
		}
		if ar.Int != "" && ar.Int != "u8" {
			return nil, result{}, errAt(d.Pos, "enum %s: repr(%s) conflicts with the repr(u8) rkyv 0.8 puts on every archived enum", d.Name, ar.Int)
		}
		cPrefix = ar.C
		tag = intTag{"u8", 1, false}
		for i, v := range d.Variants {
			if v.Disc < 0 || v.Disc > 255 {
				return nil, result{}, errAt(v.Pos, "variant %s::%s has discriminant %d; rkyv 0.8 archives it as a u8 tag, which holds 0..=255", d.Name, v.Name, v.Disc)
			}
			tags[i] = uint64(v.Disc)
		}
	}

	payloads := make([][]shape, nv)
	vres := make([][]result, nv)
	nf := 0
	for _, v := range d.Variants {
		nf += len(v.Fields)
	}
	shapes := e.pushShapes(nf) // every variant's payload, cut into payloads
	pred := false
	for i, v := range d.Variants {
		rs, err := e.fields(v.Fields)
		if err != nil {
			return nil, result{}, err
		}
		vres[i] = rs
		if len(rs) == 0 {
			continue
		}
		start := len(shapes)
		for j := range rs {
			shapes = append(shapes, rs[j].shape)
			pred = pred || rs[j].predicted
		}
		payloads[i] = shapes[start:len(shapes):len(shapes)]
	}
	en := taggedEnum(tag.size, e.al(tag.size), payloads, reprOpts{align: ar.Align}, cPrefix)
	if en.Size >= maxObjectSize {
		return nil, result{}, errAt(d.Pos, "enum %s is too big to lay out", d.Name)
	}
	out := e.newType()
	*out = Type{Name: d.Name, Kind: "enum", Size: en.Size, Align: en.Align, Predicted: pred, Tag: tag.name}
	out.Variants = make([]Variant, 0, nv)
	for i, v := range d.Variants {
		ov := Variant{Name: v.Name, Tag: tags[i], Fields: []Field{}}
		if len(v.Fields) > 0 {
			ov.Fields = e.newFields(len(v.Fields))
		}
		for j, f := range v.Fields {
			ov.Fields = append(ov.Fields, Field{
				Name: f.Name, Type: f.Type.String(),
				Offset: en.Offsets[i][j], Size: vres[i][j].Size, Align: vres[i][j].Align,
			})
		}
		out.Variants = append(out.Variants, ov)
	}
	res := result{shape: shape{Size: en.Size, Align: en.Align}, predicted: pred}
	if e.v07 {
		res.Niche = scalarNiche(tag.size, u128{0, uint64(nv)})
	}
	return out, res, nil
}

// enumLayout is a laid-out tagged enum: offsets per variant, from the start
// of the enum.
type enumLayout struct {
	Size, Align uint64
	Offsets     [][]uint64
}

// taggedEnum lays out a repr(uN) enum (rustc's tagged layout with a fixed
// tag type: TagEncoding::Direct, no niche filling, no tag widening): each
// variant is the tag followed by its fields in declaration order with C
// padding (StructKind::Prefixed), the enum is as large as its largest
// variant rounded up to the largest alignment. With cPrefix (repr(C, uN))
// every variant's fields start after the tag aligned to the largest field
// alignment of all variants.
func taggedEnum(tagSize, tagAlign uint64, variants [][]shape, repr reprOpts, cPrefix bool) enumLayout {
	prefixAlign := tagAlign
	if cPrefix {
		for _, v := range variants {
			for _, f := range v {
				prefixAlign = max(prefixAlign, f.Align)
			}
		}
	}
	out := enumLayout{Align: 1, Offsets: make([][]uint64, len(variants))}
	nf := 0
	for _, v := range variants {
		nf += len(v)
	}
	all := make([]uint64, nf) // every variant's offsets, cut into Offsets
	var size uint64
	for i, v := range variants {
		align := prefixAlign
		off := alignUp(tagSize, prefixAlign)
		offs := all[:len(v):len(v)]
		all = all[len(v):]
		for j, f := range v {
			off = alignUp(off, f.Align)
			offs[j] = off
			off += f.Size
			align = max(align, f.Align)
		}
		if repr.align != 0 {
			align = max(align, repr.align)
		}
		size = max(size, alignUp(off, align))
		out.Align = max(out.Align, align)
		out.Offsets[i] = offs
	}
	out.Size = alignUp(size, out.Align)
	return out
}
