package cell

// TEMPORARY (deleted by the lead at merge, when the archive branch's
// plan.go, encode.go, validate.go, buffer.go and profile.go arrive): the
// internal archive API of /work/wt/CONTRACT.md for fixed-size types only,
// over the old codec, so that the client and server compile and run
// against the contract's names. Nothing else lives here.

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"
)

// MaxFrameSize is the largest message payload: 16 MiB.
const MaxFrameSize = 16 << 20

type format uint8

const (
	format08 format = iota
	format07
)

// ProfileError reports a profile the runtime does not carry.
type ProfileError struct{ Profile, Reason string }

func (e *ProfileError) Error() string {
	return fmt.Sprintf("profile %q is not carried by the Go runtime: %s (it carries rkyv0.8 le aligned p32 and rkyv0.7 le p32)", e.Profile, e.Reason)
}

func profileFormat(profile string) (format, error) {
	switch profile {
	case "rkyv0.8 le aligned p32":
		return format08, nil
	case "rkyv0.7 le p32 strict", "rkyv0.7 le p32 nonstrict":
		return format07, nil
	}
	reason := "malformed profile"
	switch f := strings.Fields(profile); {
	case len(f) == 4 && f[1] == "be":
		reason = "big-endian archives"
	case len(f) == 4 && f[0] == "rkyv0.8" && f[2] == "unaligned":
		reason = "the unaligned format"
	case len(f) == 4 && (f[3] == "p16" || f[3] == "p64" || f[2] == "p16" || f[2] == "p64"):
		reason = "pointer widths other than 32"
	}
	return 0, &ProfileError{Profile: profile, Reason: reason}
}

// ArchiveError reports an invalid received payload.
type ArchiveError struct {
	Path   string
	Offset int
	Reason string
	Size   bool
}

func (e *ArchiveError) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("at byte %d: %s", e.Offset, e.Reason)
	}
	return fmt.Sprintf("field %s (byte %d): %s", e.Path, e.Offset, e.Reason)
}

type plan struct {
	typ   reflect.Type
	size  int
	align int
	fixed bool
	err   error
	c     *codec
}

var plans sync.Map // reflect.Type -> *plan

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	c := codecFor(t)
	p := &plan{typ: t, err: c.err}
	if c.err == nil {
		p.size, p.align, p.fixed, p.c = c.size, t.Align(), true, c
	}
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*plan)
}

func (p *plan) encode(dst []byte, v unsafe.Pointer, b *Buffer, f format, max int) ([]byte, error) {
	if p.size > max {
		return dst, &TypeError{Type: p.typ, Reason: fmt.Sprintf("its %d bytes exceed the %d-byte limit", p.size, max)}
	}
	start := len(dst)
	dst = append(dst, make([]byte, p.size)...)
	out := dst[start:]
	clear(out)
	p.c.encode(v, out)
	return dst, nil
}

func (p *plan) access(payload []byte, f format) (unsafe.Pointer, error) {
	if len(payload) != p.size {
		return nil, &ArchiveError{Size: true, Reason: fmt.Sprintf("payload of %d bytes, but %v is %d bytes", len(payload), p.typ, p.size)}
	}
	if err := checkOps(p.c.ops, payload, 0); err != nil {
		return nil, err
	}
	if p.size == 0 {
		return unsafe.Pointer(&zeroSized), nil
	}
	return unsafe.Pointer(&payload[0]), nil
}

var zeroSized [16]byte

func checkOps(ops []op, b []byte, base uintptr) error {
	for i := range ops {
		o := &ops[i]
		for k := range o.n {
			off := o.off + uintptr(k)*o.stride
			switch o.kind {
			case opBool:
				if v := b[base+off]; v > 1 {
					return &ArchiveError{Path: o.path, Offset: int(base + off), Reason: fmt.Sprintf("bool byte 0x%02x is neither 0 nor 1", v)}
				}
			case opStruct:
				if err := checkOps(o.sub, b, base+off); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func alignedBuf(buf []byte, n int) []byte {
	if cap(buf) >= n && (cap(buf) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%16 == 0) {
		return buf[:n]
	}
	b := make([]byte, n+15)
	off := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & 15)
	return b[off : off+n]
}

// Buffer: the shim keeps only the fields the client uses.
type Buffer struct {
	recv []byte
	send []byte
}

func (b *Buffer) Reset() {}
