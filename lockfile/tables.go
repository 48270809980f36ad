package lockfile

import "strings"

// The tables keys bind to while parsing. Each is a one-pointer struct, so
// storing it in the table interface does not allocate.

func keyName(keys []string, idx int) string {
	if idx < len(keys) {
		return keys[idx]
	}
	return ""
}

func lookupIn(keys []string, name string, kinds func(int) keyKind) (keyKind, int) {
	i := index(keys, name)
	if i < 0 {
		return kUnknown, 0
	}
	return kinds(i), i
}

// root

type rootTable struct{ p *parser }

func (t rootTable) meta() *meta                  { return &t.p.rm }
func (t rootTable) at(_ *parser, idx int) *int32 { return &t.p.rat[idx] }
func (t rootTable) path() string                 { return "the top-level table" }
func (t rootTable) keyName(idx int) string       { return keyName(rootKeys[:], idx) }
func (t rootTable) sub(int) table                { return nil }
func (t rootTable) done(*parser, int)            {}

func (t rootTable) lookup(name string) (keyKind, int) {
	switch name {
	case "version":
		return kScalar, rkVersion
	case "cell":
		return kArray, rkCell
	}
	return kUnknown, 0
}

func (t rootTable) scalar(p *parser, idx int) {
	off := p.i
	v := p.wantInt()
	if v != Version {
		p.errorf(off, "unsupported lock version %d: this cellvet reads version %d; use the cellvet that wrote the lock, or re-create the lock with cellvet add", v, Version)
	}
	p.lock.Version = int(v)
}

func (t rootTable) add(p *parser, idx int, off int, inline bool) table {
	p.finishType()
	c := &Cell{Pos: p.pos(off)}
	c.m.off, c.m.from = int32(off)+1, true
	p.lock.Cells = append(p.lock.Cells, c)
	return cellTable{c}
}

func (t rootTable) last(int) table {
	if n := len(t.p.lock.Cells); n > 0 {
		return cellTable{t.p.lock.Cells[n-1]}
	}
	return nil
}

// [[cell]]

type cellTable struct{ c *Cell }

func (t cellTable) meta() *meta                  { return &t.c.m }
func (t cellTable) at(_ *parser, idx int) *int32 { return &t.c.at[idx] }
func (t cellTable) path() string                 { return "[[cell]]" }
func (t cellTable) keyName(idx int) string       { return keyName(cellKeys[:], idx) }
func (t cellTable) done(*parser, int)            {}

func (t cellTable) lookup(name string) (keyKind, int) {
	switch name {
	case "name":
		return kScalar, ckName
	case "source":
		return kTable, ckSource
	case "fingerprint":
		return kScalar, ckFingerprint
	case "digest":
		return kScalar, ckDigest
	case "layout_digest":
		return kScalar, ckLayoutDigest
	case "schema_version":
		return kScalar, ckSchemaVersion
	case "profile":
		return kTable, ckProfile
	case "canonical":
		return kScalar, ckCanonical
	case "type":
		return kArray, ckType
	}
	return kUnknown, 0
}

func (t cellTable) scalar(p *parser, idx int) {
	c := t.c
	switch idx {
	case ckName:
		c.Name = p.wantString()
	case ckFingerprint:
		c.Fingerprint = p.wantString()
	case ckDigest:
		c.Digest = p.wantString()
	case ckLayoutDigest:
		c.LayoutDigest = p.wantString()
	case ckSchemaVersion:
		c.SchemaVersion = p.wantInt()
	case ckCanonical:
		off, line := p.i, p.line
		s := p.wantString()
		// Lines inside the text have exact positions only in a
		// multi-line literal string.
		c.canonLine = 0
		if strings.HasPrefix(p.src[off:], "'''") {
			if off+3 < len(p.src) && (p.src[off+3] == '\n' || p.src[off+3] == '\r') {
				line++
			}
			c.canonLine = int32(line)
		}
		c.Canonical = s
	}
}

func (t cellTable) sub(idx int) table {
	if idx == ckSource {
		return sourceTable{t.c}
	}
	return profileTable{t.c}
}

func (t cellTable) add(p *parser, idx int, off int, inline bool) table {
	p.finishType()
	p.lastCell = t.c
	if len(p.types) == 0 {
		p.types = make([]Type, 256)
	}
	ty := &p.types[0]
	p.types = p.types[1:]
	ty.Pos = p.pos(off)
	ty.m.off, ty.m.from = int32(off)+1, true
	if t.c.Types == nil {
		// As many as the slab holds: a guess at the types to come.
		t.c.Types = make([]*Type, 0, len(p.types)+1)
	}
	t.c.Types = append(t.c.Types, ty)
	p.lastType = ty
	return typeTable{ty}
}

func (t cellTable) last(int) table {
	if n := len(t.c.Types); n > 0 {
		return typeTable{t.c.Types[n-1]}
	}
	return nil
}

// source

type sourceTable struct{ c *Cell }

func (t sourceTable) meta() *meta                       { return &t.c.sm }
func (t sourceTable) at(_ *parser, idx int) *int32      { return &t.c.sat[idx] }
func (t sourceTable) path() string                      { return "the source of [[cell]]" }
func (t sourceTable) keyName(idx int) string            { return keyName(sourceKeys[:], idx) }
func (t sourceTable) sub(int) table                     { return nil }
func (t sourceTable) add(*parser, int, int, bool) table { return nil }
func (t sourceTable) last(int) table                    { return nil }
func (t sourceTable) done(*parser, int)                 {}

func (t sourceTable) lookup(name string) (keyKind, int) {
	return lookupIn(sourceKeys[:], name, func(int) keyKind { return kScalar })
}

func (t sourceTable) scalar(p *parser, idx int) {
	s := &t.c.Source
	switch idx {
	case skKind:
		s.Kind = p.wantString()
	case skPath:
		s.Path = p.wantString()
	case skAddr:
		s.Addr = p.wantString()
	case skModule:
		s.Module = p.wantString()
	}
}

// profile

type profileTable struct{ c *Cell }

func (t profileTable) meta() *meta                       { return &t.c.pm }
func (t profileTable) at(_ *parser, idx int) *int32      { return &t.c.pat[idx] }
func (t profileTable) path() string                      { return "the profile of [[cell]]" }
func (t profileTable) keyName(idx int) string            { return keyName(profileKeys[:], idx) }
func (t profileTable) sub(int) table                     { return nil }
func (t profileTable) add(*parser, int, int, bool) table { return nil }
func (t profileTable) last(int) table                    { return nil }
func (t profileTable) done(*parser, int)                 {}

func (t profileTable) lookup(name string) (keyKind, int) {
	return lookupIn(profileKeys[:], name, func(int) keyKind { return kScalar })
}

func (t profileTable) scalar(p *parser, idx int) {
	pr := &t.c.Profile
	switch idx {
	case pkRkyv:
		pr.Rkyv = p.wantString()
	case pkPointerWidth:
		off := p.i
		v := p.wantInt()
		if v > 1<<16 {
			p.errorf(off, "pointer_width %d: want 16, 32 or 64", v)
		}
		pr.PointerWidth = int(v)
	case pkEndian:
		pr.Endian = p.wantString()
	case pkAligned:
		pr.Unaligned = !p.wantBool()
	case pkStrict:
		pr.Strict = p.wantBool()
	}
}

// [[cell.type]]

type typeTable struct{ t *Type }

func (t typeTable) meta() *meta                  { return &t.t.m }
func (t typeTable) at(p *parser, idx int) *int32 { return &p.typeAt(t.t)[idx] }
func (t typeTable) path() string                 { return "[[cell.type]]" }
func (t typeTable) keyName(idx int) string       { return keyName(typeKeys[:], idx) }
func (t typeTable) sub(int) table                { return nil }

func (t typeTable) lookup(name string) (keyKind, int) {
	switch name {
	case "name":
		return kScalar, tkName
	case "kind":
		return kScalar, tkKind
	case "fingerprint":
		return kScalar, tkFingerprint
	case "layout_digest":
		return kScalar, tkLayoutDigest
	case "origin":
		return kScalar, tkOrigin
	case "size":
		return kScalar, tkSize
	case "align":
		return kScalar, tkAlign
	case "tag":
		return kScalar, tkTag
	case "fields":
		return kArray, tkFields
	case "variant":
		return kArray, tkVariant
	}
	return kUnknown, 0
}

func (t typeTable) scalar(p *parser, idx int) {
	ty := t.t
	switch idx {
	case tkName:
		ty.Name = p.wantString()
	case tkKind:
		ty.Kind = p.wantString()
	case tkFingerprint:
		ty.Fingerprint = p.wantString()
	case tkLayoutDigest:
		ty.LayoutDigest = p.wantString()
	case tkOrigin:
		ty.Origin = Origin(p.wantString())
	case tkSize:
		ty.Size = p.wantInt()
	case tkAlign:
		ty.Align = p.wantInt()
	case tkTag:
		ty.Tag = p.wantString()
	}
}

func (t typeTable) add(p *parser, idx int, off int, inline bool) table {
	ty := t.t
	if idx == tkFields {
		return fieldTable{newField(p, &ty.Fields, off, inline)}
	}
	return variantTable{p.newVariant(ty, off)}
}

// newVariant appends a variant to ty. Variants come from an arena: the
// variants of a type are contiguous in a lock, so only those of the type
// being read move when a chunk is full.
func (p *parser) newVariant(ty *Type, off int) *Variant {
	if ty != p.vtype {
		p.vtype, p.vstart = ty, len(p.variants)
	}
	if len(p.variants) == cap(p.variants) {
		chunk := make([]Variant, 0, max(2*cap(p.variants), 64))
		p.variants = append(chunk, p.variants[p.vstart:]...)
		p.vstart = 0
	}
	n := len(p.variants) + 1
	p.variants = p.variants[:n]
	ty.Variants = p.variants[p.vstart:n:n]
	v := &p.variants[n-1]
	v.Pos = p.pos(off)
	v.m.off, v.m.from = int32(off)+1, true
	return v
}

func (t typeTable) done(p *parser, idx int) {
	if idx == tkFields {
		t.t.Fields = fieldsFrom(p)
	}
}

func (t typeTable) last(idx int) table {
	ty := t.t
	if idx == tkFields {
		if n := len(ty.Fields); n > 0 {
			return fieldTable{&ty.Fields[n-1]}
		}
		return nil
	}
	if n := len(ty.Variants); n > 0 {
		return variantTable{&ty.Variants[n-1]}
	}
	return nil
}

// newField appends a field: to the parser's arena for a static array (the
// array's done takes its slice), to *fs for an [[array]] header.
func newField(p *parser, fs *[]Field, off int, inline bool) *Field {
	var f *Field
	if inline {
		if len(p.fields) == cap(p.fields) {
			// A new chunk, taking along the array being read, which
			// must stay contiguous.
			chunk := make([]Field, 0, max(2*cap(p.fields), 256))
			p.fields = append(chunk, p.fields[p.fstart:]...)
			p.fstart = 0
		}
		p.fields = p.fields[:len(p.fields)+1]
		f = &p.fields[len(p.fields)-1]
	} else {
		*fs = append(*fs, Field{})
		f = &(*fs)[len(*fs)-1]
	}
	f.Pos = p.pos(off)
	f.m.off, f.m.from = int32(off)+1, true
	return f
}

// fieldsFrom returns the static array of fields just read.
func fieldsFrom(p *parser) []Field {
	n := len(p.fields)
	if n == p.fstart {
		return nil
	}
	return p.fields[p.fstart:n:n]
}

// [[cell.type.variant]]

type variantTable struct{ v *Variant }

func (t variantTable) meta() *meta                  { return &t.v.m }
func (t variantTable) at(p *parser, idx int) *int32 { return &p.variantAt(t.v)[idx] }
func (t variantTable) path() string                 { return "[[cell.type.variant]]" }
func (t variantTable) keyName(idx int) string       { return keyName(variantKeys[:], idx) }
func (t variantTable) sub(int) table                { return nil }

func (t variantTable) lookup(name string) (keyKind, int) {
	switch name {
	case "name":
		return kScalar, vkName
	case "tag":
		return kScalar, vkTag
	case "fields":
		return kArray, vkFields
	}
	return kUnknown, 0
}

func (t variantTable) scalar(p *parser, idx int) {
	switch idx {
	case vkName:
		t.v.Name = p.wantString()
	case vkTag:
		t.v.Tag = p.wantInt()
	}
}

func (t variantTable) add(p *parser, idx int, off int, inline bool) table {
	return fieldTable{newField(p, &t.v.Fields, off, inline)}
}

func (t variantTable) done(p *parser, idx int) { t.v.Fields = fieldsFrom(p) }

func (t variantTable) last(int) table {
	if n := len(t.v.Fields); n > 0 {
		return fieldTable{&t.v.Fields[n-1]}
	}
	return nil
}

// fields

type fieldTable struct{ f *Field }

func (t fieldTable) meta() *meta                       { return &t.f.m }
func (t fieldTable) at(p *parser, idx int) *int32      { return &p.fieldAt(t.f)[idx] }
func (t fieldTable) path() string                      { return "a field" }
func (t fieldTable) keyName(idx int) string            { return keyName(fieldKeys[:], idx) }
func (t fieldTable) sub(int) table                     { return nil }
func (t fieldTable) add(*parser, int, int, bool) table { return nil }
func (t fieldTable) last(int) table                    { return nil }
func (t fieldTable) done(*parser, int)                 {}

func (t fieldTable) lookup(name string) (keyKind, int) {
	switch name {
	case "name":
		return kScalar, fkName
	case "type":
		return kScalar, fkType
	case "offset":
		return kScalar, fkOffset
	case "size":
		return kScalar, fkSize
	case "align":
		return kScalar, fkAlign
	}
	return kUnknown, 0
}

func (t fieldTable) scalar(p *parser, idx int) {
	f := t.f
	switch idx {
	case fkName:
		f.Name = p.wantString()
	case fkType:
		f.Type = p.wantString()
	case fkOffset:
		f.Offset = p.wantInt()
	case fkSize:
		f.Size = p.wantInt()
	case fkAlign:
		f.Align = p.wantInt()
	}
}

// normalizeNewlines turns the CRLF newlines of a multi-line string into
// LF, as TOML allows: a lock checked out with CRLF line endings reads the
// same.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}
