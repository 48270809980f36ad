package cell

import (
	"fmt"
	"reflect"
	"unsafe"
)

// The view types mirror the archived form of Rust containers, so that a Go
// type bound to a Rust type with a String, Vec, Box, Option or enum field
// has the same layout, which the cellvet vet pass checks. A view built by a
// Buffer is a handle into it; a received view is the archived bytes
// themselves (a relative pointer and a length), read in place through the
// view's own address (docs/runtime.md §4, §5).
//
// String, Vec and Box mirror rkyv's pointer width 32: a 32-bit relative
// offset and, for String and Vec, a 32-bit length.

// String is an archived Rust String: 8 bytes, aligned to 4. (A Box<str> is
// archived differently, as a relative pointer and a length.)
//
// Its read methods are correct only on a validated message (one received,
// reached by pointer); a built one is a handle into its Buffer.
type String struct{ raw [2]uint32 }

// Vec is an archived Rust Vec<T> (or Box<[T]>) of elements archived as T:
// 8 bytes, aligned to 4.
//
// Its read methods are correct only on a validated message (one received,
// reached by pointer); a built one is a handle into its Buffer.
type Vec[T any] struct{ raw [2]uint32 }

// Box is an archived Rust Box<T> of a sized T archived as T: 4 bytes,
// aligned to 4.
//
// Its read methods are correct only on a validated message (one received,
// reached by pointer); a built one is a handle into its Buffer.
type Box[T any] struct{ off int32 }

// Option is an archived Rust Option<T>: rkyv archives it as a repr(u8)
// enum, a tag byte (0 None, 1 Some) followed by T at T's alignment, which
// is exactly this struct's layout. Unlike the pointer views it holds its
// value inline, so a message may carry it.
type Option[T any] struct {
	Tag   uint8 // 0: None, 1: Some
	Value T
}

// Some returns an Option holding v.
func Some[T any](v T) Option[T] { return Option[T]{Tag: 1, Value: v} }

// Get returns the value and true when o holds one.
func (o Option[T]) Get() (T, bool) {
	if o.Tag == 1 {
		return o.Value, true
	}
	var zero T
	return zero, false
}

// Enum is an archived Rust enum with fields: S is a byte array of the
// archived enum's size, V a struct with one field per variant, in
// declaration order, each a variant struct whose first field is the tag
// (docs/runtime.md §5). Enum has S's size and the alignment of the largest
// variant.
//
// Enum is held inline: Tag and Variant read a built enum as well as a
// received one.
type Enum[V, S any] struct {
	_   [0]V
	raw S
}

// Char is an archived Rust char: a u32 that the validator checks is a
// Unicode scalar value.
type Char uint32

// The read methods below are only correct on memory the validator has
// accepted (a received message, or a part of one, reached by pointer): they
// follow relative offsets without checking them, as rkyv's archived types
// do after access. On a view built by a Buffer, or on a copy of a received
// view, they read garbage.

// String returns a copy of the string.
func (s *String) String() string { return string(s.Bytes()) }

// Bytes returns the string's bytes in the received buffer, without copying:
// they are valid while the message is.
func (s *String) Bytes() []byte {
	p, n := s.data()
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), n)
}

// Len returns the string's length in bytes.
func (s *String) Len() int {
	_, n := s.data()
	return n
}

// data decodes the 0.8 form (the validator rewrote a 0.7 string into it):
// inline up to 8 bytes ended by the first 0xff, or out of line with the
// "10" marker bits in the first length byte.
func (s *String) data() (unsafe.Pointer, int) {
	b := (*[8]byte)(unsafe.Pointer(s))
	if b[0]&0xc0 != 0x80 {
		n := 0
		for n < 8 && b[n] != 0xff {
			n++
		}
		return unsafe.Pointer(s), n
	}
	return unsafe.Add(unsafe.Pointer(s), int32(s.raw[1])), outOfLineLen(s.raw[0])
}

// outOfLineLen decodes rkyv 0.8's little-endian out-of-line string length:
// the low 6 bits, then the rest shifted above the 2 marker bits.
func outOfLineLen(stored uint32) int {
	return int(stored&0x3f | (stored&^0xff)>>2)
}

// Len returns the number of elements.
func (v *Vec[T]) Len() int { return int(v.raw[1]) }

// At returns the i-th element in the received buffer; it panics when i is
// out of range, as indexing a slice does.
func (v *Vec[T]) At(i int) *T {
	if uint(i) >= uint(v.raw[1]) {
		panic(fmt.Sprintf("cell.Vec.At: index %d out of range [0:%d]", i, v.raw[1]))
	}
	var zero T
	return (*T)(unsafe.Add(unsafe.Pointer(v), int(int32(v.raw[0]))+i*int(unsafe.Sizeof(zero))))
}

// Slice returns the elements in the received buffer, without copying.
func (v *Vec[T]) Slice() []T {
	if v.raw[1] == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Add(unsafe.Pointer(v), int32(v.raw[0]))), v.raw[1])
}

func (Vec[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

// Get returns the boxed value in the received buffer.
func (x *Box[T]) Get() *T { return (*T)(unsafe.Add(unsafe.Pointer(x), x.off)) }

func (Box[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

// Tag returns the enum's tag: the tag value of its variant (the field
// index in V, or the `cell:",tag=N"` value).
func (e *Enum[V, S]) Tag() int {
	ep := enumPlanFor(reflect.TypeFor[Enum[V, S]]())
	return int(readTag(unsafe.Pointer(e), ep.tagSize))
}

// Variant returns e's value as the variant T when e holds that variant.
// T must be the type of one of V's fields; any other type gives false.
func Variant[T, V, S any](e *Enum[V, S]) (*T, bool) {
	ep := enumPlanFor(reflect.TypeFor[Enum[V, S]]())
	v := ep.find(readTag(unsafe.Pointer(e), ep.tagSize))
	if v == nil || v.typ != reflect.TypeFor[T]() {
		return nil, false
	}
	return (*T)(unsafe.Pointer(e)), true
}

// enumPlanFor returns the enum plan of an Enum type; it panics when the
// type is not a valid enum (a programming error the vet pass reports).
func enumPlanFor(t reflect.Type) *enumPlan {
	p := planFor(t)
	if p.err != nil {
		panic(p.err.Error())
	}
	return p.steps[0].enum
}

// readTag reads a tag of size bytes at p (hosts are little-endian, as the
// archives the runtime carries).
func readTag(p unsafe.Pointer, size int) uint32 {
	switch size {
	case 1:
		return uint32(*(*uint8)(p))
	case 2:
		return uint32(*(*uint16)(p))
	}
	return *(*uint32)(p)
}
