package cell

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"
)

// opKind is how one leaf of a message is copied.
type opKind uint8

const (
	opU8 opKind = iota + 1
	opU16
	opU32
	opU64
	opBool
	opStruct
)

// op copies n values, stride bytes apart, starting at off (relative to the
// enclosing struct or array element). A struct op recurses into sub.
type op struct {
	kind   opKind
	off    uintptr
	n      int
	stride uintptr
	sub    []op
	path   string // field path, for decoding errors
}

// codec is the compiled plan of one fixed-size message type.
type codec struct {
	typ  reflect.Type
	size int
	ops  []op
	err  error // *TypeError when the type is not fixed-size
}

var codecs sync.Map // reflect.Type -> *codec

// codecFor returns the (cached) codec of t. Its err is set when t is not a
// fixed-size message type.
func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	c := &codec{typ: t, size: int(t.Size())}
	ops, err := compile(t, 0, "")
	switch {
	case err != nil:
		err.Type = t
		c.err = err
	case t.Size() > MaxFrameSize:
		c.err = &TypeError{Type: t, Reason: fmt.Sprintf("its %d bytes exceed the %d-byte (16 MiB) frame limit", t.Size(), MaxFrameSize)}
	default:
		c.ops = ops
	}
	actual, _ := codecs.LoadOrStore(t, c)
	return actual.(*codec)
}

// compile returns the ops that copy a value of type t placed at off.
func compile(t reflect.Type, off uintptr, path string) ([]op, *TypeError) {
	leaf := func(k opKind) []op {
		return []op{{kind: k, off: off, n: 1, stride: t.Size(), path: path}}
	}
	switch t.Kind() {
	case reflect.Bool:
		return leaf(opBool), nil
	case reflect.Int8, reflect.Uint8:
		return leaf(opU8), nil
	case reflect.Int16, reflect.Uint16:
		return leaf(opU16), nil
	case reflect.Int32, reflect.Uint32, reflect.Float32:
		return leaf(opU32), nil
	case reflect.Int64, reflect.Uint64, reflect.Float64:
		return leaf(opU64), nil
	case reflect.Int, reflect.Uint, reflect.Uintptr:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v has no fixed archived width (use a sized type such as %s32 or %s64)", t, strings.TrimSuffix(t.Kind().String(), "ptr"), strings.TrimSuffix(t.Kind().String(), "ptr"))}
	case reflect.String:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v is not fixed-size (archived strings need the runtime's string view, not yet implemented)", t)}
	case reflect.Slice:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v is not fixed-size (archived vectors need the runtime's vector view, not yet implemented)", t)}
	case reflect.Pointer, reflect.UnsafePointer:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("pointer %v has no archived form (boxes need the runtime's box view, not yet implemented)", t)}
	case reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.Complex64, reflect.Complex128:
		return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v (%s) has no fixed archived form", t, t.Kind())}
	case reflect.Array:
		elemPath := path + "[]"
		sub, err := compile(t.Elem(), 0, elemPath)
		if err != nil {
			return nil, err
		}
		if t.Len() == 0 || t.Elem().Size() == 0 {
			return nil, nil
		}
		if len(sub) == 1 && sub[0].kind != opStruct && sub[0].n == 1 {
			// An array of scalars: one op repeated.
			o := sub[0]
			o.off, o.n, o.stride = off, t.Len(), t.Elem().Size()
			return []op{o}, nil
		}
		return []op{{kind: opStruct, off: off, n: t.Len(), stride: t.Elem().Size(), sub: sub, path: elemPath}}, nil
	case reflect.Struct:
		if v := pointerView(t); v != "" {
			return nil, &TypeError{Path: path, Reason: fmt.Sprintf("cell.%s points into the archived buffer, which this runtime does not keep (fixed-size messages only; docs/runtime.md)", v)}
		}
		var ops []op
		for i := range t.NumField() {
			f := t.Field(i)
			fpath := f.Name
			if path != "" {
				fpath = path + "." + f.Name
			}
			sub, err := compile(f.Type, f.Offset, fpath)
			if err != nil {
				return nil, err
			}
			if isOption(t) && f.Name == "Tag" {
				sub[0].kind = opBool // 0 or 1, checked like a bool
			}
			if f.Name == "_" {
				continue // padding: checked, sent as zeros, never decoded
			}
			ops = append(ops, sub...)
		}
		if off == 0 {
			return ops, nil
		}
		return []op{{kind: opStruct, off: off, n: 1, stride: t.Size(), sub: ops, path: path}}, nil
	}
	return nil, &TypeError{Path: path, Reason: fmt.Sprintf("%v (%s) is not supported", t, t.Kind())}
}

// encode writes the little-endian archived form of the value at p into b,
// which is c.size bytes long and zeroed (padding stays zero).
func (c *codec) encode(p unsafe.Pointer, b []byte) {
	encodeOps(c.ops, p, b)
}

func encodeOps(ops []op, p unsafe.Pointer, b []byte) {
	for i := range ops {
		o := &ops[i]
		for k := range o.n {
			off := o.off + uintptr(k)*o.stride
			q := unsafe.Add(p, off)
			switch o.kind {
			case opU8:
				b[off] = *(*uint8)(q)
			case opBool:
				if *(*uint8)(q) != 0 {
					b[off] = 1
				}
			case opU16:
				binary.LittleEndian.PutUint16(b[off:], *(*uint16)(q))
			case opU32:
				binary.LittleEndian.PutUint32(b[off:], *(*uint32)(q))
			case opU64:
				binary.LittleEndian.PutUint64(b[off:], *(*uint64)(q))
			case opStruct:
				encodeOps(o.sub, q, b[off:])
			}
		}
	}
}

// decode fills the value at p (a zero value of c.typ) from b, which is
// exactly c.size bytes. A bool byte other than 0 or 1 is an error, as in
// rkyv's validation.
func (c *codec) decode(b []byte, p unsafe.Pointer) error {
	if len(b) != c.size {
		return fmt.Errorf("%d bytes for a %d-byte %v", len(b), c.size, c.typ)
	}
	return decodeOps(c.ops, b, p, 0)
}

func decodeOps(ops []op, b []byte, p unsafe.Pointer, base uintptr) error {
	for i := range ops {
		o := &ops[i]
		for k := range o.n {
			off := o.off + uintptr(k)*o.stride
			q := unsafe.Add(p, off)
			switch o.kind {
			case opU8:
				*(*uint8)(q) = b[off]
			case opBool:
				v := b[off]
				if v > 1 {
					return fmt.Errorf("field %s (byte %d): bool byte 0x%02x is neither 0 nor 1", o.path, base+off, v)
				}
				*(*uint8)(q) = v
			case opU16:
				*(*uint16)(q) = binary.LittleEndian.Uint16(b[off:])
			case opU32:
				*(*uint32)(q) = binary.LittleEndian.Uint32(b[off:])
			case opU64:
				*(*uint64)(q) = binary.LittleEndian.Uint64(b[off:])
			case opStruct:
				if err := decodeOps(o.sub, b[off:], q, base+off); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pointerView returns the name of the view type t is when it is String,
// Vec or Box, else "".
func pointerView(t reflect.Type) string {
	if t.PkgPath() != viewPkg {
		return ""
	}
	name, _, _ := strings.Cut(t.Name(), "[")
	switch name {
	case "String", "Vec", "Box":
		return name
	}
	return ""
}

func isOption(t reflect.Type) bool {
	return t.PkgPath() == viewPkg && strings.HasPrefix(t.Name(), "Option[")
}
