package layout

import (
	"math/bits"
	"slices"
)

// This file re-implements the part of rustc's layout algorithm that decides
// where the fields of a repr(Rust) aggregate go: fn univariant and
// fn univariant_biased in compiler/rustc_abi/src/layout.rs. The code was
// written from a reading of that file (rust-lang/rust, 2025 sources; the
// algorithm below is unchanged from the NicheBias rework of 2023 through the
// rustc 1.9x sources read). It is an independent implementation, not a copy.
//
// Only what an rkyv 0.7 archived type can contain is modelled: integers,
// floats, bool, char, NonZero*, arrays, unions without niches, repr(Rust)
// structs and tuples, and repr(uN) enums (which never use niche filling).
// The target is x86_64: the aggregate alignment is 1 byte.

// u128 is an unsigned 128-bit integer, enough for the number of invalid
// values of any scalar (a niche's "available" count).
type u128 struct{ hi, lo uint64 }

func (a u128) less(b u128) bool {
	if a.hi != b.hi {
		return a.hi < b.hi
	}
	return a.lo < b.lo
}

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func (a u128) not() u128 { return u128{^a.hi, ^a.lo} }

func (a u128) sub(b u128) u128 {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, borrow)
	return u128{hi, lo}
}

// maskBits keeps the low n bits (n in 1..128).
func (a u128) maskBits(n uint) u128 {
	switch {
	case n >= 128:
		return a
	case n >= 64:
		return u128{a.hi & (1<<(n-64) - 1), a.lo}
	default:
		return u128{0, a.lo & (1<<n - 1)}
	}
}

// niche is rustc's Niche: a scalar at Offset, Size bytes wide, some of
// whose bit patterns are invalid. Avail is the number of invalid values
// (Niche::available). The valid range itself is not kept: archived enums
// are repr(uN), so rustc never reserves niche values for them.
type niche struct {
	Offset uint64
	Size   uint64
	Avail  u128
}

// scalarNiche is the niche of a Size-byte scalar with validCount valid
// values (a single wrapping range); nil when every value is valid.
func scalarNiche(size uint64, validCount u128) *niche {
	// available = 2^bits - validCount, computed modulo 2^bits.
	avail := u128{}.sub(validCount).maskBits(uint(size * 8))
	if avail.isZero() {
		return nil
	}
	return &niche{Size: size, Avail: avail}
}

func (n *niche) avail() u128 {
	if n == nil {
		return u128{}
	}
	return n.Avail
}

func (n *niche) shifted(off uint64) *niche {
	if n == nil {
		return nil
	}
	c := *n
	c.Offset += off
	return &c
}

// shape is the size, alignment and largest niche of a laid-out type.
type shape struct {
	Size  uint64
	Align uint64
	Niche *niche
}

// structKind mirrors rustc's StructKind for the cases that occur.
type structKind int

const (
	alwaysSized  structKind = iota // structs (and enum variants)
	maybeUnsized                   // tuples: the last element keeps its place
)

type nicheBias int

const (
	biasStart nicheBias = iota
	biasEnd
)

// reprOpts is the part of rustc's ReprOptions that matters here.
type reprOpts struct {
	reorder bool   // repr(Rust) or repr(transparent): fields may be reordered
	pack    uint64 // packed(N); 0 when absent
	align   uint64 // align(N); 0 when absent
}

// aggregate is a laid-out struct or tuple: offsets in declaration order.
type aggregate struct {
	shape
	Offsets []uint64
}

// univariant lays out a struct or tuple like rustc's LayoutCalculator::
// univariant: a niche-at-start layout first, and for sized structs whose
// largest niche is neither at the start nor at the end, a niche-at-end
// alternative that wins when it moves the niche further from both edges.
func univariant(fields []shape, repr reprOpts, kind structKind) aggregate {
	l := univariantBiased(fields, repr, kind, biasStart)
	if kind == maybeUnsized || l.Niche == nil {
		return l
	}
	head := l.Niche.Offset
	tail := l.Size - head - l.Niche.Size
	if len(fields) > 1 && head != 0 && tail > 0 {
		alt := univariantBiased(fields, repr, kind, biasEnd)
		if alt.Niche != nil {
			altHead := alt.Niche.Offset
			if altHead > head && altHead > tail {
				return alt
			}
		}
	}
	return l
}

type sortKey struct {
	group       uint64 // compared in reverse: larger groups first
	nicheKey    u128
	innerOffset uint64
}

func (a sortKey) less(b sortKey) bool {
	if a.group != b.group {
		return a.group > b.group
	}
	if a.nicheKey != b.nicheKey {
		return a.nicheKey.less(b.nicheKey)
	}
	return a.innerOffset < b.innerOffset
}

func univariantBiased(fields []shape, repr reprOpts, kind structKind, bias nicheBias) aggregate {
	n := len(fields)
	// order is the memory order, field indices by increasing offset; nil
	// for declaration order.
	var order []int
	end := n
	if kind == maybeUnsized && n > 0 {
		end = n - 1
	}
	if repr.reorder && n > 1 {
		order = make([]int, n)
		for i := range order {
			order[i] = i
		}
		maxFieldAlign := uint64(1)
		var largestNiche u128
		for _, f := range fields[:end] {
			maxFieldAlign = max(maxFieldAlign, f.Align)
			if a := f.Niche.avail(); largestNiche.less(a) {
				largestNiche = a
			}
		}
		group := func(f shape) uint64 {
			if repr.pack != 0 {
				return min(f.Align, repr.pack)
			}
			sizeAsAlign := uint64(bits.TrailingZeros64(max(f.Align, f.Size)))
			if largestNiche.isZero() {
				return sizeAsAlign
			}
			switch {
			case bias == biasStart:
				return min(uint64(bits.TrailingZeros64(maxFieldAlign)), sizeAsAlign)
			case f.Niche.avail() == largestNiche:
				return uint64(bits.TrailingZeros64(f.Align))
			default:
				return sizeAsAlign
			}
		}
		keys := make([]sortKey, n)
		for i, f := range fields[:end] {
			k := sortKey{group: group(f)}
			if bias == biasStart {
				k.nicheKey = f.Niche.avail().not()
				if f.Niche != nil {
					k.innerOffset = f.Niche.Offset
				}
			} else {
				k.nicheKey = f.Niche.avail()
				if f.Niche != nil {
					k.innerOffset = ^(f.Size - f.Niche.Size - f.Niche.Offset)
				}
			}
			keys[i] = k
		}
		slices.SortStableFunc(order[:end], func(a, b int) int {
			switch {
			case keys[a].less(keys[b]):
				return -1
			case keys[b].less(keys[a]):
				return 1
			}
			return 0
		})
	}

	var out aggregate
	out.Offsets = make([]uint64, n)
	align := uint64(1)
	var off uint64
	var largest u128
	for k := range n {
		i := k
		if order != nil {
			i = order[k]
		}
		f := fields[i]
		fa := f.Align
		if repr.pack != 0 {
			fa = min(fa, repr.pack)
		}
		off = alignUp(off, fa)
		align = max(align, fa)
		out.Offsets[i] = off
		if f.Niche != nil {
			a := f.Niche.Avail
			prefer := largest.less(a)
			if bias == biasEnd {
				prefer = !a.less(largest)
			}
			if prefer {
				largest = a
				out.Niche = f.Niche.shifted(off)
			}
		}
		off += f.Size
	}
	if repr.align != 0 {
		align = max(align, repr.align)
	}
	out.Size = alignUp(off, align)
	out.Align = align
	return out
}

// reprC lays out fields in declaration order with C padding (rustc's result
// for repr(C) structs and for the variants of repr(uN) enums). The largest
// niche is chosen like rustc does for any univariant layout, including the
// niche-at-end alternative (which keeps the order but may pick a later niche
// of the same size).
func reprC(fields []shape, repr reprOpts) aggregate {
	repr.reorder = false
	return univariant(fields, repr, alwaysSized)
}

func alignUp(off, align uint64) uint64 {
	if align <= 1 {
		return off
	}
	return (off + align - 1) &^ (align - 1)
}
