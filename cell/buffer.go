package cell

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Buffer builds the variable data of messages: the strings, vectors and
// boxes their views refer to. A view it returns is a handle (the object's
// index and the Buffer's nonce), resolved when the message is encoded; the
// zero Buffer is ready to use. A Buffer is not safe for concurrent use.
type Buffer struct {
	nonce uint32   // this Buffer's generation; 0 until the first object
	arena []byte   // the objects' bytes (strings, copies of elements)
	objs  []object // what each handle refers to
	stack []int    // the encoder's resolver positions, kept for reuse

	recv []byte // the receive area of CallInto (aligned via alignedBuf)
	send []byte // the frame being sent by CallInto
}

// object is one built string, vector or boxed value. It holds no Go
// pointer (a type is named by its typeID), so that recording one is plain
// stores: with a reflect.Type here, building a string cost twice as much.
type object struct {
	off, n int    // arena offset; elements (bytes for a string)
	typ    uint32 // the element type's typeID; 0 for a string
	bad    bool   // a string that is not UTF-8, refused when encoded
}

var (
	typeIDs  sync.Map // reflect.Type -> uint32
	typeIDMu sync.Mutex
	lastID   uint32
)

// typeID returns t's number: never 0, the same for every call with t.
func typeID(t reflect.Type) uint32 {
	if id, ok := typeIDs.Load(t); ok {
		return id.(uint32)
	}
	typeIDMu.Lock()
	defer typeIDMu.Unlock()
	if id, ok := typeIDs.Load(t); ok {
		return id.(uint32)
	}
	lastID++
	typeIDs.Store(t, lastID)
	return lastID
}

// Handle markers. A received String's first byte is never 0xc1 (not UTF-8,
// nor an out-of-line marker); a received Vec's or Box's offset, under the
// 16 MiB frame limit, has a top byte 0x00 or 0xff.
const (
	markString = 0xc1       // String.raw[0] low byte; nonce above, raw[1] = index
	markVec    = 0xc1 << 24 // Vec.raw[0] top byte; nonce below, raw[1] = index
	markBox    = 0x80       // Box.off top byte base (plus nonce%127); index below
	maxBoxObjs = 1 << 24
)

var nonces atomic.Uint32

// gen returns the Buffer's nonce (24 bits, never 0), giving it one first.
func (b *Buffer) gen() uint32 {
	for b.nonce == 0 {
		b.nonce = nonces.Add(1) & 0xffffff
	}
	return b.nonce
}

// Reset drops the built objects (not the memory): views built before are
// refused if they are encoded afterwards (the Buffer takes a new nonce).
func (b *Buffer) Reset() {
	b.arena, b.objs, b.nonce = b.arena[:0], b.objs[:0], 0
}

// add copies n elements of t (at p; nil: zero values) into the arena and
// returns the object's index.
func (b *Buffer) add(p unsafe.Pointer, n int, t reflect.Type) uint32 {
	size := n * int(t.Size())
	off := alignUp(len(b.arena), t.Align())
	b.arena = append(b.arena, make([]byte, off-len(b.arena))...)
	if p == nil { // MakeBox(b, nil): a box of the zero value
		b.arena = append(b.arena, make([]byte, size)...)
	} else {
		b.arena = append(b.arena, unsafe.Slice((*byte)(p), size)...)
	}
	b.objs = append(b.objs, object{off: off, n: n, typ: typeID(t)})
	return uint32(len(b.objs) - 1)
}

// addString records the arena's bytes from off on as a string.
func (b *Buffer) addString(off int) String {
	data := b.arena[off:]
	b.objs = append(b.objs, object{off: off, n: len(data), bad: !validUTF8(data)})
	return String{raw: [2]uint32{markString | b.gen()<<8, uint32(len(b.objs) - 1)}}
}

// String returns a String holding a copy of s.
func (b *Buffer) String(s string) String {
	if s == "" {
		return String{}
	}
	off := len(b.arena)
	b.arena = append(b.arena, s...)
	return b.addString(off)
}

// Concat returns a String holding a copy of the concatenation of parts.
// Given the bytes of received views (String.Bytes), it builds a reply's
// strings from a request's without a Go allocation:
//
//	b.Concat(req.Account.Bytes(), []byte("/ack"))
func (b *Buffer) Concat(parts ...[]byte) String {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return String{}
	}
	off := len(b.arena)
	for _, p := range parts {
		b.arena = append(b.arena, p...)
	}
	return b.addString(off)
}

// MakeVec returns a Vec holding a copy of elems (views among them are
// handles into b, resolved when the message is encoded).
func MakeVec[T any](b *Buffer, elems []T) Vec[T] {
	if len(elems) == 0 {
		return Vec[T]{}
	}
	i := b.add(unsafe.Pointer(unsafe.SliceData(elems)), len(elems), reflect.TypeFor[T]())
	return Vec[T]{raw: [2]uint32{markVec | b.gen(), i}}
}

// MakeBox returns a Box holding a copy of *v.
func MakeBox[T any](b *Buffer, v *T) Box[T] {
	if len(b.objs) >= maxBoxObjs {
		panic(fmt.Sprintf("cell.MakeBox: more than %d objects in one Buffer", maxBoxObjs))
	}
	i := b.add(unsafe.Pointer(v), 1, reflect.TypeFor[T]())
	return Box[T]{off: int32(uint32(markBox+b.gen()%127)<<24 | i)}
}

// SetVariant stores a copy of *v in e and sets e's tag to T's. T must be
// the type of one of V's fields; any other T panics (a programming error).
func SetVariant[V, S, T any](e *Enum[V, S], v *T) {
	t := reflect.TypeFor[Enum[V, S]]()
	ep := enumPlanFor(t)
	vt := reflect.TypeFor[T]()
	if va := ep.byType(vt); va != nil {
		dst := unsafe.Slice((*byte)(unsafe.Pointer(e)), unsafe.Sizeof(*e))
		clear(dst)
		copy(dst, unsafe.Slice((*byte)(unsafe.Pointer(v)), vt.Size()))
		writeTag(unsafe.Pointer(e), ep.tagSize, va.tag)
		return
	}
	panic(fmt.Sprintf("cell.SetVariant: %v is not a variant of %v (the variants are the fields of %v)", vt, t, t.Field(0).Type.Elem()))
}

func writeTag(p unsafe.Pointer, size int, tag uint32) {
	switch size {
	case 1:
		*(*uint8)(p) = uint8(tag)
	case 2:
		*(*uint16)(p) = uint16(tag)
	default:
		*(*uint32)(p) = tag
	}
}

// viewError is why a view cannot be encoded; the encoder adds the path.
type viewError string

const (
	errForeign  viewError = "was made by another Buffer (or before its Reset): build it in the Buffer passed with the message"
	errReceived viewError = "was taken from a received message: copy its contents into the Buffer instead (e.g. b.String(v.String()))"
	errNoBuffer viewError = "was made by a Buffer, but no Buffer was passed with the message (WithBuffer)"
)

// lookup resolves a handle's nonce and index to its object, checking that
// it is of element type t (0 for strings).
func (b *Buffer) lookup(nonce, index uint32, t uint32) (*object, viewError) {
	switch {
	case b == nil:
		return nil, errNoBuffer
	case b.nonce == 0 || nonce != b.nonce || int(index) >= len(b.objs) || b.objs[index].typ != t:
		return nil, errForeign
	}
	return &b.objs[index], ""
}

// stringOf resolves a String view: its object (nil for the zero String).
func (b *Buffer) stringOf(s *String) (*object, viewError) {
	if s.raw == [2]uint32{} {
		return nil, ""
	}
	if s.raw[0]&0xff != markString {
		return nil, errReceived
	}
	return b.lookup(s.raw[0]>>8, s.raw[1], 0)
}

// vecOf resolves the raw words of a Vec of elements of plan t: a pointer
// to its first element and the count (0 for the zero Vec).
func (b *Buffer) vecOf(raw [2]uint32, t *plan) (unsafe.Pointer, int, viewError) {
	if raw == [2]uint32{} {
		return nil, 0, ""
	}
	if raw[0]&0xff000000 != markVec {
		return nil, 0, errReceived
	}
	o, err := b.lookup(raw[0]&0xffffff, raw[1], t.id)
	if err != "" {
		return nil, 0, err
	}
	if t.size == 0 {
		return unsafe.Pointer(&zeroBlock), o.n, ""
	}
	return unsafe.Pointer(&b.arena[o.off]), o.n, ""
}

// boxOf resolves a Box's offset word of a target of plan t: the target,
// or nil for the zero Box (which encodes a zero value).
func (b *Buffer) boxOf(off int32, t *plan) (unsafe.Pointer, viewError) {
	if off == 0 {
		return nil, ""
	}
	top := uint32(off) >> 24
	if top < markBox || top == 0xff {
		return nil, errReceived
	}
	if b == nil {
		return nil, errNoBuffer
	}
	o, err := b.lookup(b.nonce, uint32(off)&0xffffff, t.id)
	if err == "" && top != markBox+b.nonce%127 {
		err = errForeign
	}
	if err != "" {
		return nil, err
	}
	if t.size == 0 {
		return unsafe.Pointer(&zeroBlock), ""
	}
	return unsafe.Pointer(&b.arena[o.off]), ""
}

// zeroBlock backs zero values the encoder reads (the target of a zero Box).
var zeroBlock [512]uint64

// alignUp rounds n up to a multiple of align (a power of two).
func alignUp(n, align int) int { return (n + align - 1) &^ (align - 1) }

// alignedBuf returns a slice of length n whose first element is 16-byte
// aligned in memory, reusing buf's memory when possible (cap check), else
// allocating one block.
func alignedBuf(buf []byte, n int) []byte {
	if cap(buf) >= n && n > 0 && uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%16 == 0 {
		return buf[:n]
	}
	if n == 0 {
		return buf[:0]
	}
	blk := make([]uint64, (n+15)/8+1) // 8-aligned; at most 8 bytes lost to align to 16
	p := unsafe.Pointer(unsafe.SliceData(blk))
	skip := int(-uintptr(p) & 15)
	return unsafe.Slice((*byte)(p), len(blk)*8)[skip : skip+n : len(blk)*8]
}
