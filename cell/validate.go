package cell

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/cellvet/cellvet/internal/celltag"
)

// ArchiveError reports a payload that is not a valid archive of the
// message type: where (the field path, with vector indices, and the byte
// offset in the payload) and why.
type ArchiveError struct {
	Path   string // e.g. "Legs[3].Venue"; "" for the root
	Offset int    // byte offset in the payload
	Reason string
	Size   bool // the payload's size is wrong for a fixed-size type
}

func (e *ArchiveError) Error() string { return "invalid archive:" + e.detail() }

// archiveDetail is err without the "invalid archive:" prefix, for callers
// whose message names the type already.
func archiveDetail(err error) string {
	if e, ok := err.(*ArchiveError); ok {
		return e.detail()
	}
	return err.Error()
}

// detail is the error without its prefix.
func (e *ArchiveError) detail() string {
	if e.Size {
		return e.Reason
	}
	return strings.TrimPrefix(fmt.Sprintf("%s at byte %d: %s", atField(e.Path, ""), e.Offset, e.Reason), " ")
}

// validator checks one payload the way rkyv's ArchiveValidator does: every
// object a relative pointer reaches is claimed inside the current subtree
// range [start, end); claiming an object moves end down to it while its own
// children are checked (they lie between the previous claim and it), then
// start up past it. Claims therefore go up the buffer in serialization
// order: no two objects overlap and no pointer cycle can be followed.
type validator struct {
	buf        []byte
	f          format
	start, end int
	depth      int
	// deferred, when not nil, receives the offsets of the 0.7 strings
	// instead of their rewriting (to08), which rewrite07 does later.
	deferred *[]int
}

// access validates payload as an archive whose root (of p.typ) is at
// len(payload)-p.size, and returns a pointer to the root inside payload.
// payload[0] must be 16-byte aligned in memory (alignedBuf): alignments are
// checked relative to it. In format07 it rewrites every string into the 0.8
// form in place (so a 0.7 payload cannot be accessed twice). Allocation-free
// unless it fails.
func (p *plan) access(payload []byte, f format) (unsafe.Pointer, error) {
	return p.accessDeferred(payload, f, nil)
}

// accessDeferred is access leaving the payload as it came when strs is not
// nil: the offsets of the 0.7 strings to rewrite are appended to *strs,
// for rewrite07 once the payload is known to be a p.typ (a Cell SDK reply
// is tried as more than one type).
func (p *plan) accessDeferred(payload []byte, f format, strs *[]int) (unsafe.Pointer, error) {
	if p.err != nil {
		return nil, p.err
	}
	n := len(payload)
	switch {
	case p.fixed && n != p.size:
		return nil, &ArchiveError{Size: true, Reason: fmt.Sprintf("a payload of %d bytes, but %v is %d bytes", n, p.typ, p.size)}
	case n < p.size:
		return nil, &ArchiveError{Reason: fmt.Sprintf("a payload of %d bytes is shorter than the %d-byte %v root", n, p.size, p.typ)}
	case (n-p.size)%p.align != 0:
		return nil, &ArchiveError{Offset: n - p.size, Reason: fmt.Sprintf("the root is not %d-byte aligned", p.align)}
	}
	if p.size == 0 {
		return unsafe.Pointer(&zeroBlock), nil
	}
	v := validator{buf: payload, f: f, end: n, deferred: strs}
	root := n - p.size
	if err := v.object(p, root, root, ""); err != nil {
		return nil, err
	}
	return unsafe.Pointer(&payload[root]), nil
}

// unitReason says why a fieldless enum's tag is refused, on send and on
// receive.
func unitReason(tag uint32, tags celltag.Set) string {
	return fmt.Sprintf("fieldless enum tag %d is none of its variants' (enum=%v)", tag, tags)
}

func archiveErr(path string, off int, msg string, args ...any) error {
	return &ArchiveError{Path: path, Offset: off, Reason: fmt.Sprintf(msg, args...)}
}

// prefixArchive adds a path prefix to an error from a nested object.
func prefixArchive(err error, prefix string) error {
	if ae, ok := err.(*ArchiveError); ok {
		ae.Path = joinPath(prefix, ae.Path)
	}
	return err
}

// claim checks that [at, at+size) lies in the current subtree range and is
// aligned; from is the pointer's offset, for errors.
func (v *validator) claim(at, size, align, from int, path string) error {
	switch {
	case at < v.start || at+size > v.end || size == 0 && at > v.end:
		return archiveErr(path, from, "relative pointer to byte %d (%d bytes) outside the range [%d, %d) it may claim (out of bounds, overlapping or out of order)", at, size, v.start, v.end)
	case at%align != 0:
		return archiveErr(path, from, "relative pointer to byte %d not %d-byte aligned", at, align)
	}
	return nil
}

// object claims the object of plan p at at (from: the pointer's offset)
// and validates it with its children inside [start, at).
func (v *validator) object(p *plan, at, from int, path string) error {
	if err := v.claim(at, p.size, p.align, from, path); err != nil {
		return err
	}
	if v.depth++; v.depth > maxDepth {
		return archiveErr(path, from, "out-of-line objects nested deeper than %d levels", maxDepth)
	}
	end := v.end
	v.end = at
	if err := v.steps(p, at); err != nil {
		return prefixArchive(err, path)
	}
	v.depth--
	v.start, v.end = at+p.size, end
	return nil
}

// steps validates the inline contents of an object of plan p at pos.
func (v *validator) steps(p *plan, pos int) error {
	for i := range p.steps {
		s := &p.steps[i]
		q := pos + s.off
		var err error
		switch s.kind {
		case kBool:
			if b := v.buf[q]; b > 1 {
				err = archiveErr(s.path, q, "bool byte %#02x is neither 0 nor 1", b)
			}
		case kChar:
			if c := binary.LittleEndian.Uint32(v.buf[q:]); !validChar(c) {
				err = archiveErr(s.path, q, "char %#x is not a Unicode scalar value", c)
			}
		case kUnit:
			if tag := readTag(unsafe.Pointer(&v.buf[q]), s.n); !s.tags.Has(tag) {
				err = archiveErr(s.path, q, "%s", unitReason(tag, s.tags))
			}
		case kString:
			err = v.str(q, s.path)
		case kVec:
			err = v.vec(s, q)
		case kBox:
			at := q + int(int32(binary.LittleEndian.Uint32(v.buf[q:])))
			err = v.object(s.sub, at, q, s.path)
		case kOption:
			switch tag := v.buf[q]; {
			case tag == 1:
				err = prefixArchive(v.steps(s.sub, q+s.stride), s.path)
			case tag > 1:
				err = archiveErr(s.path, q, "Option tag %d is neither 0 (None) nor 1 (Some)", tag)
			}
		case kEnum:
			tag := readTag(unsafe.Pointer(&v.buf[q]), s.enum.tagSize)
			va := s.enum.find(tag)
			if va == nil {
				return archiveErr(s.path, q, "enum tag %d is none of its variants'", tag)
			}
			if err = v.steps(va.plan, q); err != nil {
				err = prefixArchive(err, joinPath(s.path, va.name))
			}
		case kArray:
			for k := range s.n {
				if err = v.steps(s.sub, q+k*s.stride); err != nil {
					return prefixArchive(err, fmt.Sprintf("%s[%d]", s.path, k))
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// vec validates a Vec at q: the element array is one claimed object, whose
// elements' children lie before it.
func (v *validator) vec(s *step, q int) error {
	off := int(int32(binary.LittleEndian.Uint32(v.buf[q:])))
	n := binary.LittleEndian.Uint32(v.buf[q+4:])
	total := uint64(n) * uint64(s.sub.size)
	if total > uint64(len(v.buf)) {
		return archiveErr(s.path, q, "%d elements of %d bytes exceed the %d-byte payload", n, s.sub.size, len(v.buf))
	}
	at, size := q+off, int(total)
	if err := v.claim(at, size, s.sub.align, q, s.path); err != nil {
		return err
	}
	if v.depth++; v.depth > maxDepth {
		return archiveErr(s.path, q, "out-of-line objects nested deeper than %d levels", maxDepth)
	}
	end := v.end
	v.end = at
	if len(s.sub.steps) > 0 {
		for k := range int(n) {
			if err := v.steps(s.sub, at+k*s.sub.size); err != nil {
				return prefixArchive(err, fmt.Sprintf("%s[%d]", s.path, k))
			}
		}
	}
	v.depth--
	v.start, v.end = at+size, end
	return nil
}

// str validates a String at q and, in format07, rewrites it into the 0.8
// form the views read.
func (v *validator) str(q int, path string) error {
	r := v.buf[q : q+8]
	le := binary.LittleEndian
	var at, n int
	switch {
	case v.f == format07 && r[7]&0x80 == 0:
		if n = int(r[7]); n > 7 {
			return archiveErr(path, q, "inline string length %d exceeds 7", n)
		}
		if !validUTF8(r[:n]) {
			return archiveErr(path, q, "string is not valid UTF-8")
		}
		v.to08(q)
		return nil
	case v.f == format07:
		n = int(le.Uint32(r))
	case r[0]&0xc0 != 0x80:
		for n < 8 && r[n] != 0xff {
			n++
		}
		if !validUTF8(r[:n]) {
			return archiveErr(path, q, "string is not valid UTF-8")
		}
		return nil
	default:
		if n = outOfLineLen(le.Uint32(r)); n <= 8 {
			return archiveErr(path, q, "out-of-line string of %d bytes (at most 8 are inline)", n)
		}
	}
	if n > len(v.buf) {
		return archiveErr(path, q, "string of %d bytes exceeds the %d-byte payload", n, len(v.buf))
	}
	at = q + int(int32(le.Uint32(r[4:])))
	if err := v.claim(at, n, 1, q, path); err != nil {
		return err
	}
	if !validUTF8(v.buf[at : at+n]) {
		return archiveErr(path, q, "string is not valid UTF-8")
	}
	v.start = at + n
	if v.f == format07 {
		v.to08(q)
	}
	return nil
}

// to08 rewrites the valid 0.7 string at q into the 0.8 form, or defers it.
func (v *validator) to08(q int) {
	if v.deferred != nil {
		*v.deferred = append(*v.deferred, q)
		return
	}
	string07To08(v.buf[q : q+8])
}

// rewrite07 does the rewrites accessDeferred deferred.
func rewrite07(payload []byte, strs []int) {
	for _, q := range strs {
		string07To08(payload[q : q+8])
	}
}

// string07To08 rewrites a valid archived 0.7 string r into the 0.8 form:
// an inline string's unused bytes become 0xff, an out-of-line string's
// length takes 0.8's out-of-line marker.
func string07To08(r []byte) {
	if n := int(r[7]); n&0x80 == 0 {
		for k := n; k < 8; k++ {
			r[k] = 0xff
		}
		return
	}
	n := binary.LittleEndian.Uint32(r)
	binary.LittleEndian.PutUint32(r, n&0x3f|0x80|(n&^0x3f)<<2)
}

// validUTF8 is utf8.Valid with a word-at-a-time path for ASCII: messages'
// strings are short and mostly ASCII, where utf8.Valid's setup and its
// byte loop over the tail cost more than the bytes (a third of building a
// 17-byte string).
func validUTF8(b []byte) bool {
	var high uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		high |= binary.LittleEndian.Uint64(b[i:])
	}
	for ; i < len(b); i++ {
		high |= uint64(b[i])
	}
	return high&0x8080808080808080 == 0 || utf8.Valid(b)
}
