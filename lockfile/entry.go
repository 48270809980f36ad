package lockfile

import (
	"encoding/binary"
	"errors"

	"github.com/cellvet/cellvet/rustschema"
)

// The cache's entries hold a cell, or the index of a lock's cell names,
// in a plain encoding: unsigned varints, and strings as a varint length
// and their bytes, field by field in the order of the model's
// declarations. A vet process decodes one or two cells; encoding/gob,
// which decodes through reflection, cost it more than half a millisecond
// for a cell of 100 types (docs/BENCHMARKS.md). Entries are checksummed
// (see Cells.read), so decoding only has to be safe on any input, never
// to recover from one. Any change to the model changes cacheFormat
// (TestEntryCoversModel fails until the encoding covers every field).

type entryEncoder struct{ b []byte }

func (e *entryEncoder) uint(u uint64) { e.b = binary.AppendUvarint(e.b, u) }
func (e *entryEncoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *entryEncoder) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

var errEntry = errors.New("malformed cache entry")

// entryDecoder reads an entry held in one string, so that every string
// it returns shares that one allocation.
type entryDecoder struct {
	s   string
	err error
}

func (d *entryDecoder) uint() uint64 {
	var u uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		u |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.s = d.s[i+1:]
			return u
		}
	}
	d.err, d.s = errEntry, ""
	return 0
}

func (d *entryDecoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.err, d.s = errEntry, ""
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *entryDecoder) bool() bool { return d.uint() != 0 }

// count reads the length of a list whose elements take at least one byte
// each, so that a corrupt length cannot make a large allocation.
func (d *entryDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.err, d.s = errEntry, ""
		return 0
	}
	return int(n)
}

// list returns a list of n elements, nil when empty (as Parse leaves
// empty lists).
func list[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, n)
}

func encodeNames(names []string) []byte {
	var e entryEncoder
	e.uint(uint64(len(names)))
	for _, n := range names {
		e.str(n)
	}
	return e.b
}

func decodeNames(data []byte) ([]string, error) {
	d := entryDecoder{s: string(data)}
	names := list[string](d.count())
	for i := range names {
		names[i] = d.str()
	}
	return names, d.end()
}

// strs encodes a list of strings, keeping nil apart from empty.
func (e *entryEncoder) strs(list []string) {
	if list == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(list)) + 1)
	for _, s := range list {
		e.str(s)
	}
}

// strs decodes what entryEncoder.strs wrote.
func (d *entryDecoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	list := make([]string, n-1)
	for i := range list {
		list[i] = d.str()
	}
	return list
}

func (d *entryDecoder) end() error {
	if d.err == nil && len(d.s) != 0 {
		d.err = errEntry
	}
	return d.err
}

func encodeCell(c *Cell) []byte {
	var e entryEncoder
	e.str(c.Name)
	e.str(c.Source.Kind)
	e.str(c.Source.Path)
	e.str(c.Source.Addr)
	e.str(c.Source.Module)
	e.strs(c.Source.Cfg)
	e.strs(c.Source.Types)
	e.str(c.Fingerprint)
	e.str(c.Digest)
	e.str(c.LayoutDigest)
	e.str(c.Profile.Rkyv)
	e.uint(uint64(c.Profile.PointerWidth))
	e.str(c.Profile.Endian)
	e.bool(c.Profile.Unaligned)
	e.bool(c.Profile.Strict)
	e.uint(c.SchemaVersion)
	e.str(c.Canonical)
	e.str(c.Protocol)
	e.uint(uint64(len(c.Services)))
	for _, s := range c.Services {
		e.str(s.Name)
		e.str(s.Request)
		e.str(s.Response)
	}
	e.uint(uint64(len(c.Types)))
	for _, t := range c.Types {
		e.str(t.Name)
		e.str(t.Kind)
		e.str(t.Fingerprint)
		e.str(t.LayoutDigest)
		e.str(string(t.Origin))
		e.uint(t.Size)
		e.uint(t.Align)
		e.fields(t.Fields)
		e.str(t.Tag)
		e.uint(uint64(len(t.Variants)))
		for _, v := range t.Variants {
			e.str(v.Name)
			e.uint(v.Tag)
			e.fields(v.Fields)
		}
	}
	return e.b
}

func (e *entryEncoder) fields(fs []Field) {
	e.uint(uint64(len(fs)))
	for _, f := range fs {
		e.str(f.Name)
		e.str(f.Type)
		e.uint(f.Offset)
		e.uint(f.Size)
		e.uint(f.Align)
	}
}

func decodeCell(data []byte) (*Cell, error) {
	d := entryDecoder{s: string(data)}
	c := &Cell{
		Name:         d.str(),
		Source:       Source{Kind: d.str(), Path: d.str(), Addr: d.str(), Module: d.str(), Cfg: d.strs(), Types: d.strs()},
		Fingerprint:  d.str(),
		Digest:       d.str(),
		LayoutDigest: d.str(),
		Profile: rustschema.Profile{Rkyv: d.str(), PointerWidth: int(d.uint()), Endian: d.str(),
			Unaligned: d.bool(), Strict: d.bool()},
		SchemaVersion: d.uint(),
		Canonical:     d.str(),
		Protocol:      d.str(),
	}
	c.Services = list[Service](d.count())
	for i := range c.Services {
		c.Services[i] = Service{Name: d.str(), Request: d.str(), Response: d.str()}
	}
	c.Types = list[*Type](d.count())
	for i := range c.Types {
		t := &Type{Name: d.str(), Kind: d.str(), Fingerprint: d.str(), LayoutDigest: d.str(),
			Origin: Origin(d.str()), Size: d.uint(), Align: d.uint()}
		t.Fields = d.fields()
		t.Tag = d.str()
		t.Variants = list[Variant](d.count())
		for j := range t.Variants {
			t.Variants[j] = Variant{Name: d.str(), Tag: d.uint(), Fields: d.fields()}
		}
		c.Types[i] = t
	}
	return c, d.end()
}

func (d *entryDecoder) fields() []Field {
	fs := list[Field](d.count())
	for i := range fs {
		fs[i] = Field{Name: d.str(), Type: d.str(), Offset: d.uint(), Size: d.uint(), Align: d.uint()}
	}
	return fs
}
