package cell

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"unsafe"
)

// BuildError reports a message that cannot be encoded: a view made by
// another Buffer or taken from a received message, an invalid Option or
// Enum tag, fieldless enum tag (enum=SET) or Char, or a payload over the
// size limit.
type BuildError struct {
	Type   reflect.Type // the message type
	Path   string       // the field, with vector indices, e.g. "Legs[3].Venue"
	Reason string
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("cannot encode %v:%s %s", e.Type, atField(e.Path, ":"), e.Reason)
}

// encoder writes one payload. Positions are relative to base, the payload
// start in dst. stack holds the positions of out-of-line data between the
// pass over an object's children and the writing of the object (rkyv's
// resolvers), in step order.
type encoder struct {
	dst   []byte
	base  int
	b     *Buffer
	f     format
	max   int
	stack []int
}

// encode appends the payload of the value at v (a *T of p.typ) to dst and
// returns the extended slice (docs/runtime.md §4). The root
// comes last, at its alignment, so that it ends the payload as rkyv's
// access expects.
func (p *plan) encode(dst []byte, v unsafe.Pointer, b *Buffer, f format, max int) ([]byte, error) {
	if p.err != nil {
		return dst, p.err
	}
	e := encoder{dst: dst, base: len(dst), b: b, f: f, max: max}
	if b != nil {
		e.stack = b.stack[:0]
	}
	_, err := e.serialize(p, v)
	if b != nil {
		b.stack = e.stack[:0]
	}
	if err != nil {
		if be, ok := err.(*BuildError); ok {
			be.Type = p.typ
		}
		return dst, err
	}
	return e.dst, nil
}

// serialize writes the value at v (its children, then itself) and returns
// its position.
func (e *encoder) serialize(p *plan, v unsafe.Pointer) (int, error) {
	mark := len(e.stack)
	if !p.fixed { // a fixed object has no out-of-line data
		if err := e.children(p, v); err != nil {
			return 0, err
		}
	}
	cur := mark
	pos, err := e.object(p, v, &cur)
	e.stack = e.stack[:mark]
	return pos, err
}

// pad appends zeros up to a multiple of align and returns the position.
func (e *encoder) pad(align int) (int, error) {
	pos := alignUp(len(e.dst)-e.base, align)
	if err := e.limit(pos); err != nil {
		return 0, err
	}
	for len(e.dst)-e.base < pos {
		e.dst = append(e.dst, 0)
	}
	return pos, nil
}

// put appends data and returns its position.
func (e *encoder) put(data []byte) (int, error) {
	pos := len(e.dst) - e.base
	if err := e.limit(pos + len(data)); err != nil {
		return 0, err
	}
	e.dst = append(e.dst, data...)
	return pos, nil
}

func (e *encoder) limit(n int) error {
	if n > e.max {
		return &BuildError{Reason: fmt.Sprintf("the payload exceeds the %d-byte limit", e.max)}
	}
	return nil
}

func buildErr(path string, why viewError) error {
	return &BuildError{Path: path, Reason: "the view " + string(why)}
}

// prefixBuild adds a path prefix to an error from a nested object.
func prefixBuild(err error, prefix string) error {
	if be, ok := err.(*BuildError); ok {
		be.Path = joinPath(prefix, be.Path)
	}
	return err
}

// children writes the out-of-line data of the value at v, in step order,
// pushing one position per String, Vec and Box.
func (e *encoder) children(p *plan, v unsafe.Pointer) error {
	for i := range p.steps {
		s := &p.steps[i]
		q := unsafe.Add(v, s.off)
		var err error
		switch s.kind {
		case kString:
			err = e.stringData((*String)(q), s.path)
		case kVec:
			err = e.vecData((*[2]uint32)(q), s)
		case kBox:
			err = e.boxData(*(*int32)(q), s)
		case kOption:
			if *(*uint8)(q) == 1 { // fix refuses a tag other than 0 and 1
				err = prefixBuild(e.children(s.sub, unsafe.Add(q, s.stride)), s.path)
			}
		case kEnum:
			va, verr := variantAt(s, q)
			if verr != nil {
				return verr
			}
			if err = e.children(va.plan, q); err != nil {
				err = prefixBuild(err, joinPath(s.path, va.name))
			}
		case kArray:
			for k := range s.n {
				if err = e.children(s.sub, unsafe.Add(q, k*s.stride)); err != nil {
					return prefixBuild(err, fmt.Sprintf("%s[%d]", s.path, k))
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func variantAt(s *step, q unsafe.Pointer) (*variant, error) {
	tag := readTag(q, s.enum.tagSize)
	if va := s.enum.find(tag); va != nil {
		return va, nil
	}
	return nil, &BuildError{Path: s.path, Reason: fmt.Sprintf("enum tag %d is none of its variants' (set it with cell.SetVariant)", tag)}
}

// inlineCap is the longest string stored in the String itself.
func (e *encoder) inlineCap() int {
	if e.f == format07 {
		return 7
	}
	return 8
}

// stringData writes a string's out-of-line bytes, if any, and pushes its
// position and its bytes' place in the arena (three entries), so that fix
// does not resolve the view again.
func (e *encoder) stringData(s *String, path string) error {
	o, why := e.b.stringOf(s)
	if why != "" {
		return buildErr(path, why)
	}
	if o == nil { // the zero String: ""
		e.stack = append(e.stack, 0, 0, 0)
		return nil
	}
	if o.bad {
		return &BuildError{Path: path, Reason: "the string is not valid UTF-8 (a Rust String must be)"}
	}
	pos := 0
	if o.n > e.inlineCap() {
		var err error
		if pos, err = e.put(e.b.arena[o.off : o.off+o.n]); err != nil {
			return err
		}
	}
	e.stack = append(e.stack, pos, o.off, o.n)
	return nil
}

// vecData writes a vector's elements: their children first, then the
// elements themselves, contiguous at the element alignment (an empty
// vector points at that aligned position).
func (e *encoder) vecData(raw *[2]uint32, s *step) error {
	elems, n, why := e.b.vecOf(*raw, s.sub)
	if why != "" {
		return buildErr(s.path, why)
	}
	size := s.sub.size
	mark := len(e.stack)
	for k := range n {
		if err := e.children(s.sub, unsafe.Add(elems, k*size)); err != nil {
			return prefixBuild(err, fmt.Sprintf("%s[%d]", s.path, k))
		}
	}
	// The elements are one block (a Go element's size is a multiple of its
	// alignment, as an archived one's is): one copy, then each is fixed.
	if _, err := e.pad(s.sub.align); err != nil {
		return err
	}
	start, err := e.put(unsafe.Slice((*byte)(elems), n*size))
	if err != nil {
		return err
	}
	cur := mark
	for k := 0; k < n && len(s.sub.steps) > 0; k++ {
		if err := e.fix(s.sub, unsafe.Add(elems, k*size), start+k*size, &cur); err != nil {
			return prefixBuild(err, fmt.Sprintf("%s[%d]", s.path, k))
		}
	}
	e.stack = append(e.stack[:mark], start)
	return nil
}

func (e *encoder) boxData(off int32, s *step) error {
	target, why := e.b.boxOf(off, s.sub)
	if why != "" {
		return buildErr(s.path, why)
	}
	if target == nil { // the zero Box: a box of the zero value
		if s.sub.size <= int(unsafe.Sizeof(zeroBlock)) {
			target = unsafe.Pointer(&zeroBlock)
		} else {
			target = unsafe.Pointer(unsafe.SliceData(make([]uint64, s.sub.size/8+1)))
		}
	}
	pos, err := e.serialize(s.sub, target)
	if err != nil {
		return prefixBuild(err, s.path)
	}
	e.stack = append(e.stack, pos)
	return nil
}

// object writes the value at v at its alignment, resolving its views with
// the positions at stack[*cur:], and returns its position.
func (e *encoder) object(p *plan, v unsafe.Pointer, cur *int) (int, error) {
	if _, err := e.pad(p.align); err != nil {
		return 0, err
	}
	pos, err := e.put(unsafe.Slice((*byte)(v), p.size))
	if err != nil {
		return 0, err
	}
	return pos, e.fix(p, v, pos, cur)
}

// fix rewrites what a plain copy got wrong in the object at pos: padding,
// bools, and every view, which becomes a relative pointer.
func (e *encoder) fix(p *plan, v unsafe.Pointer, pos int, cur *int) error {
	for i := range p.steps {
		s := &p.steps[i]
		at := e.dst[e.base+pos+s.off:]
		q := unsafe.Add(v, s.off)
		switch s.kind {
		case kPad:
			clear(at[:s.n])
		case kBool:
			if at[0] != 0 {
				at[0] = 1
			}
		case kChar:
			if c := binary.LittleEndian.Uint32(at); !validChar(c) {
				return &BuildError{Path: s.path, Reason: fmt.Sprintf("char %#x is not a Unicode scalar value", c)}
			}
		case kUnit:
			if tag := readTag(q, s.n); !s.tags.Has(tag) {
				return &BuildError{Path: s.path, Reason: unitReason(tag, s.tags)}
			}
		case kString:
			var data []byte
			if n := e.stack[*cur+2]; n > 0 {
				off := e.stack[*cur+1]
				data = e.b.arena[off : off+n]
			}
			e.putString(at, data, e.stack[*cur]-(pos+s.off))
			*cur += 3
		case kVec:
			_, n, _ := e.b.vecOf(*(*[2]uint32)(q), s.sub)
			binary.LittleEndian.PutUint32(at, uint32(int32(e.stack[*cur]-(pos+s.off))))
			binary.LittleEndian.PutUint32(at[4:], uint32(n))
			*cur++
		case kBox:
			binary.LittleEndian.PutUint32(at, uint32(int32(e.stack[*cur]-(pos+s.off))))
			*cur++
		default:
			if err := e.fixInline(s, q, pos+s.off, cur); err != nil {
				return err
			}
		}
	}
	return nil
}

// fixInline fixes an Option, an Enum or an array held inline at pos.
func (e *encoder) fixInline(s *step, q unsafe.Pointer, pos int, cur *int) error {
	switch s.kind {
	case kOption:
		switch tag := *(*uint8)(q); {
		case tag == 0:
			clear(e.dst[e.base+pos+1 : e.base+pos+s.n])
			return nil
		case tag > 1:
			return &BuildError{Path: s.path, Reason: fmt.Sprintf("Option tag %d is neither 0 (None) nor 1 (Some)", tag)}
		}
		at := e.dst[e.base+pos : e.base+pos+s.n]
		clear(at[1:s.stride]) // the padding around the value, which Go may leave dirty
		clear(at[s.stride+s.sub.size:])
		return prefixBuild(e.fix(s.sub, unsafe.Add(q, s.stride), pos+s.stride, cur), s.path)
	case kEnum:
		va, err := variantAt(s, q)
		if err != nil {
			return err
		}
		clear(e.dst[e.base+pos+va.plan.size : e.base+pos+s.n])
		if err := e.fix(va.plan, q, pos, cur); err != nil {
			return prefixBuild(err, joinPath(s.path, va.name))
		}
	case kArray:
		for k := range s.n {
			if err := e.fix(s.sub, unsafe.Add(q, k*s.stride), pos+k*s.stride, cur); err != nil {
				return prefixBuild(err, fmt.Sprintf("%s[%d]", s.path, k))
			}
		}
	}
	return nil
}

// putString writes a String's archived form at at; off is the relative
// offset of its out-of-line bytes.
func (e *encoder) putString(at, data []byte, off int) {
	n := len(data)
	le := binary.LittleEndian
	switch {
	case e.f == format07 && n <= 7:
		clear(at[:8])
		copy(at, data)
		at[7] = byte(n)
	case e.f == format07:
		le.PutUint32(at, uint32(n))
		le.PutUint32(at[4:], uint32(int32(off)))
	case n <= 8:
		copy(at, data)
		for k := n; k < 8; k++ {
			at[k] = 0xff
		}
	default:
		le.PutUint32(at, uint32(n&0x3f|0x80|(n&^0x3f)<<2))
		le.PutUint32(at[4:], uint32(int32(off)))
	}
}

// validChar reports whether c is a Unicode scalar value (a Rust char).
func validChar(c uint32) bool { return c < 0xd800 || c >= 0xe000 && c <= 0x10ffff }
