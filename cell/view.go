package cell

// The view types mirror the archived form of Rust containers, so that a Go
// type bound to a Rust type with a String, Vec, Box or Option field can
// have the same layout, which the cellvet vet pass checks. They hold the
// archived bytes (a relative pointer and a length) and mean something only
// inside the received buffer: this version of the runtime sends and
// receives fixed-size messages only and refuses message types holding
// String, Vec or Box (docs/runtime.md); reading through them comes with
// the runtime's archived-buffer views.
//
// String, Vec and Box mirror rkyv's pointer width 32 (the default
// profile): a 32-bit relative offset and, for String and Vec, a 32-bit
// length.

// String is an archived Rust String (or Box<str>): 8 bytes, aligned to 4.
type String struct{ raw [2]uint32 }

// Vec is an archived Rust Vec<T> (or Box<[T]>) of elements archived as T:
// 8 bytes, aligned to 4.
type Vec[T any] struct{ raw [2]uint32 }

// Box is an archived Rust Box<T> of a sized T archived as T: 4 bytes,
// aligned to 4.
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
type Enum[V, S any] struct {
	_   [0]V
	raw S
}

// Char is an archived Rust char: a u32 that the validator checks is a
// Unicode scalar value.
type Char uint32
