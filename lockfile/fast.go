package lockfile

import "strings"

// Fast paths for the text Marshal writes. Each recognizes one kind of line
// exactly as Marshal spells it and reads it without the general key
// machinery; on anything else it consumes nothing and the general parser
// reads the line, so the fast paths change speed, never meaning. Most of a
// lock is field lines and type keys: these paths are why a 1,000-type lock
// loads within its budget (docs/lockfile.md §6).

// hasControl reports whether s holds a control character other than tab
// and newline, or DEL.
func hasControl(s string) bool { return hasControlLines(s, strings.Count(s, "\n")) }

// hasControlLines is hasControl for an s of newlines newlines. A text
// holds no byte below 0x20 but tabs and newlines, and no DEL: it counts
// the bytes below 0x20 in one cheap pass and compares, leaving tabs,
// newlines and DEL to strings.Count and IndexByte, which are vectorized.
func hasControlLines(s string, newlines int) bool {
	return below20(s) != newlines+strings.Count(s, "\t") || strings.IndexByte(s, 0x7f) >= 0
}

// below20 counts the bytes of s below 0x20, 16 at a time.
func below20(s string) int {
	const ones = 0x0101010101010101
	// b < 0x20 iff bit 7 of (b&0x7f + 0x60 | b) is clear (no carry
	// leaves the byte); that bit is moved to bit 0 and added per byte
	// into acc, whose bytes stay below 256 for 30 words.
	flags := func(w uint64) uint64 { return ^((w & (0x7f * ones)) + 0x60*ones | w) >> 7 & ones }
	n, i := 0, 0
	for i+16 <= len(s) {
		var acc uint64
		for k := 0; k < 15 && i+16 <= len(s); k++ {
			acc += flags(word(s[i:i+8])) + flags(word(s[i+8:i+16]))
			i += 16
		}
		n += int(acc * ones >> 56)
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 {
			n++
		}
	}
	return n
}

// word returns the first 8 bytes of s as a little-endian integer (one
// load: the compiler combines the byte loads).
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// fastKeys reads, after a [[cell.type]] or [[cell.type.variant]] header,
// the scalar key lines Marshal writes there, in its order.
func (p *parser) fastKeys(t table) {
	s := p.src
	switch t := t.(type) {
	case typeTable:
		ty := t.t
		m, at := &ty.m, p.typeAt(ty)
		_ = hasKey(s, p.i, "name = ") && p.fastStr(7, &ty.Name, m, at, tkName) &&
			hasKey(s, p.i, "kind = ") && p.fastStr(7, &ty.Kind, m, at, tkKind) &&
			hasKey(s, p.i, "fingerprint = ") && p.fastHex(14, 16, &ty.Fingerprint, m, at, tkFingerprint, validFingerprint) &&
			hasKey(s, p.i, "layout_digest = ") && p.fastHex(16, 64, &ty.LayoutDigest, m, at, tkLayoutDigest, validLayout) &&
			hasKey(s, p.i, "origin = ") && p.fastStr(9, (*string)(&ty.Origin), m, at, tkOrigin) &&
			hasKey(s, p.i, "size = ") && p.fastInt(7, &ty.Size, m, at, tkSize) &&
			hasKey(s, p.i, "align = ") && p.fastInt(8, &ty.Align, m, at, tkAlign) &&
			hasKey(s, p.i, "tag = ") && p.fastStr(6, &ty.Tag, m, at, tkTag)
		p.fastFields(t, m, at, tkFields)
	case variantTable:
		v := t.v
		at := p.variantAt(v)
		_ = hasKey(s, p.i, "name = ") && p.fastStr(7, &v.Name, &v.m, at, vkName) &&
			hasKey(s, p.i, "tag = ") && p.fastInt(6, &v.Tag, &v.m, at, vkTag)
		p.fastFields(t, &v.m, at, vkFields)
	}
}

// fastFields reads a line "fields = [" and the static array it opens, up
// to the end of its last line, as keyValue and eol would.
func (p *parser) fastFields(t table, m *meta, at []int32, idx int) {
	if !hasKey(p.src, p.i, "fields = [") || (m.set|m.hdr|m.dot)&(1<<idx) != 0 {
		return
	}
	p.i += len("fields = ")
	m.set |= 1 << idx
	at[idx] = int32(p.i) + 1
	p.key, p.ktab = "fields", t
	p.array(t, idx)
	p.eol()
}

// hasKey reports whether s[i:] starts with key; small enough to inline,
// so that the comparison is with a constant.
func hasKey(s string, i int, key string) bool {
	if len(key) > 8 && len(key) <= 16 {
		// Two constant comparisons of up to 8 bytes, not a call.
		return len(s)-i >= len(key) && s[i:i+8] == key[:8] && s[i+8:i+len(key)] == key[8:]
	}
	return len(s)-i >= len(key) && s[i:i+len(key)] == key
}

// fastStr reads a value "plain string"\n after a key of n bytes (with its
// " = ") into *dst, as key idx of a table with meta m and value offsets
// at.
func (p *parser) fastStr(n int, dst *string, m *meta, at []int32, idx int) bool {
	j := p.i + n
	if m.set&(1<<idx) != 0 {
		return false
	}
	v, k, ok := plainString(p.src, j)
	if !ok || k >= len(p.src) || p.src[k] != '\n' {
		return false
	}
	*dst = v
	p.took(m, at, idx, j, k+1)
	return true
}

// fastHex reads a value of digits lowercase hex digits like fastStr and
// records in m.valid, as flag, that checkType need not check them again;
// any other string is left to fastStr.
func (p *parser) fastHex(n, digits int, dst *string, m *meta, at []int32, idx int, flag uint8) bool {
	s, j := p.src, p.i+n
	if m.set&(1<<idx) != 0 || len(s)-j < digits+3 || s[j] != '"' ||
		s[j+1+digits] != '"' || s[j+2+digits] != '\n' || !isHex(s[j+1:j+1+digits]) {
		return p.fastStr(n, dst, m, at, idx)
	}
	*dst = s[j+1 : j+1+digits]
	m.valid |= flag
	p.took(m, at, idx, j, j+digits+3)
	return true
}

// fastInt reads a value 123\n like fastStr.
func (p *parser) fastInt(n int, dst *uint64, m *meta, at []int32, idx int) bool {
	j := p.i + n
	if m.set&(1<<idx) != 0 {
		return false
	}
	v, k, ok := plainUint(p.src, j)
	if !ok || k >= len(p.src) || p.src[k] != '\n' {
		return false
	}
	*dst = v
	p.took(m, at, idx, j, k+1)
	return true
}

// took records a key read by a fast path: its value at offset val, the
// next line at next.
func (p *parser) took(m *meta, at []int32, idx, val, next int) {
	m.set |= 1 << idx
	at[idx] = int32(val) + 1
	p.i = next
	p.line++
	p.ls = next
}

// fastField reads an element of a static array of fields if it has
// exactly the form Marshal writes,
//
//	{ name = "N", type = "T", offset = 1, size = 2, align = 3 }
//
// with plain strings and decimal integers, and reports whether it did.
func (p *parser) fastField(t table, idx int) bool {
	switch t.(type) {
	case typeTable:
		if idx != tkFields {
			return false
		}
	case variantTable:
		if idx != vkFields {
			return false
		}
	default:
		return false
	}
	// The literal pieces are compared 8 bytes at a time (constant
	// comparisons of up to 8 bytes compile to one load and compare).
	s, i := p.src, p.i
	var at [nFieldKeys]int32
	var name, typ string
	var off, size, align uint64
	var ok bool
	var valid uint8
	if len(s)-i < 9 || s[i:i+8] != "{ name =" || s[i+8] != ' ' {
		return false
	}
	i += 9
	at[fkName] = int32(i) + 1
	// Names and types are almost always plain ASCII: scanning them by
	// byte class finds the end of the string and validates it for
	// checkFields in one pass.
	if name, i, ok = classString(s, i, notIdent); ok {
		valid |= validName
	} else if name, i, ok = plainString(s, i); !ok {
		return false
	}
	if len(s)-i < 9 || s[i:i+8] != ", type =" || s[i+8] != ' ' {
		return false
	}
	i += 9
	at[fkType] = int32(i) + 1
	if typ, i, ok = classString(s, i, notASCIIType); ok {
		valid |= validType
	} else if typ, i, ok = plainString(s, i); !ok {
		return false
	}
	if len(s)-i < 11 || s[i:i+8] != ", offset" || s[i+8:i+11] != " = " {
		return false
	}
	i += 11
	at[fkOffset] = int32(i) + 1
	if off, i, ok = plainUint(s, i); !ok {
		return false
	}
	if len(s)-i < 9 || s[i:i+8] != ", size =" || s[i+8] != ' ' {
		return false
	}
	i += 9
	at[fkSize] = int32(i) + 1
	if size, i, ok = plainUint(s, i); !ok {
		return false
	}
	if len(s)-i < 10 || s[i:i+8] != ", align " || s[i+8:i+10] != "= " {
		return false
	}
	i += 10
	at[fkAlign] = int32(i) + 1
	if align, i, ok = plainUint(s, i); !ok {
		return false
	}
	if len(s)-i < 2 || s[i:i+2] != " }" {
		return false
	}
	f := newField(p, nil, p.i, true)
	f.Name, f.Type, f.Offset, f.Size, f.Align = name, typ, off, size, align
	if p.k.offs.fields != nil {
		copy(p.fieldAt(f), at[:])
	}
	f.m.set = 1<<nFieldKeys - 1
	f.m.valid = valid
	p.i = i + 2
	return true
}

// lit reads prefix at s[i:].
func lit(s string, i int, prefix string) (int, bool) {
	if len(s)-i >= len(prefix) && s[i:i+len(prefix)] == prefix {
		return i + len(prefix), true
	}
	return i, false
}

// plainString reads a basic string at s[i:] without escapes or control
// characters (a tab is fine). The strings the fast paths read are short:
// a loop over bytes beats word-at-a-time tricks.
func plainString(s string, i int) (string, int, bool) { return classString(s, i, notPlain) }

// classString reads a basic string at s[i:] none of whose bytes is in
// class (a byteClass bit that includes '"', so that the scan stops at the
// closing quote); it fails on anything else, which plainString may still
// read.
func classString(s string, i int, class byte) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	j := i + 1
	for j < len(s) && byteClass[s[j]]&class == 0 {
		j++
	}
	if j >= len(s) || s[j] != '"' {
		return "", i, false
	}
	return s[i+1 : j], j + 1, true
}

// plainUint reads a decimal integer of at most 18 digits without a sign,
// underscores or leading zeros.
func plainUint(s string, i int) (uint64, int, bool) {
	j := i
	var v uint64
	for j < len(s) {
		d := s[j] - '0'
		if d > 9 {
			break
		}
		v = v*10 + uint64(d) // may wrap: more than 18 digits fail below
		j++
	}
	n := j - i
	if n == 0 || n > 18 || n > 1 && s[i] == '0' {
		return 0, i, false
	}
	return v, j, true
}
