package lockfile

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// header is the comment a written lock starts with.
const header = `# cell.lock: the cells this module talks to, pinned by "cellvet add".
# Do not edit by hand; commit it like go.sum. Format: cellvet docs/lockfile.md.
`

// Marshal writes the lock in its one canonical form: cells and their types
// sorted by name, fields and variants in declaration order, keys in a fixed
// order, the canonical schema text as a multi-line literal string. Equal
// locks marshal to identical bytes; Marshal does not change l.
//
// Marshal writes whatever l holds; Check it first (Update does) so that the
// result loads.
func (l *Lock) Marshal() []byte {
	cells := slices.Clone(l.Cells)
	sortCells(cells)
	n := 256
	for _, c := range cells {
		if c != nil {
			n += 1024 + 2*len(c.Canonical) + 600*len(c.Types)
		}
	}
	w := writer{b: make([]byte, 0, n)}
	w.str(header)
	w.str("version = ")
	w.int(uint64(l.Version))
	w.nl()
	for _, c := range cells {
		if c != nil {
			w.cell(c)
		}
	}
	return w.b
}

type writer struct{ b []byte }

func (w *writer) str(s string)   { w.b = append(w.b, s...) }
func (w *writer) nl()            { w.b = append(w.b, '\n') }
func (w *writer) int(v uint64)   { w.b = strconv.AppendUint(w.b, v, 10) }
func (w *writer) quote(s string) { w.b = appendQuoted(w.b, s) }

// strs writes a TOML array of strings on one line.
func (w *writer) strs(list []string) {
	w.str("[")
	for i, s := range list {
		if i > 0 {
			w.str(", ")
		}
		w.quote(s)
	}
	w.str("]")
}

func (w *writer) kv(key, val string) {
	w.str(key)
	w.str(" = ")
	w.quote(val)
	w.nl()
}

func (w *writer) kvInt(key string, v uint64) {
	w.str(key)
	w.str(" = ")
	w.int(v)
	w.nl()
}

func (w *writer) cell(c *Cell) {
	w.str("\n[[cell]]\n")
	w.kv("name", c.Name)
	w.str("source = { kind = ")
	w.quote(c.Source.Kind)
	if c.Source.Kind == SourceTCP {
		w.str(", addr = ")
		w.quote(c.Source.Addr)
	} else {
		w.str(", path = ")
		w.quote(c.Source.Path)
	}
	if c.Source.Module != "" {
		w.str(", module = ")
		w.quote(c.Source.Module)
	}
	if c.Source.Cfg != nil {
		w.str(", cfg = ")
		w.strs(c.Source.Cfg)
	}
	if c.Source.Types != nil {
		w.str(", types = ")
		w.strs(c.Source.Types)
	}
	w.str(" }\n")
	w.kv("fingerprint", c.Fingerprint)
	w.kv("digest", c.Digest)
	w.kv("layout_digest", c.LayoutDigest)
	w.kvInt("schema_version", c.SchemaVersion)
	p := c.Profile
	w.str("profile = { rkyv = ")
	w.quote(p.Rkyv)
	w.str(", pointer_width = ")
	w.int(uint64(max(p.PointerWidth, 0)))
	w.str(", endian = ")
	w.quote(p.Endian)
	w.str(", aligned = " + strconv.FormatBool(!p.Unaligned))
	w.str(", strict = " + strconv.FormatBool(p.Strict))
	w.str(" }\n")
	if c.Protocol != "" {
		w.kv("protocol", c.Protocol)
	}
	if c.Services != nil {
		w.str("services = [")
		for i, s := range c.Services {
			if i > 0 {
				w.str(",")
			}
			w.str("\n  { name = ")
			w.quote(s.Name)
			w.str(", request = ")
			w.quote(s.Request)
			w.str(", response = ")
			w.quote(s.Response)
			w.str(" }")
		}
		w.str("\n]\n")
	}
	w.str("canonical = ")
	if literalOK(c.Canonical) {
		w.str("'''\n")
		w.str(c.Canonical)
		w.str("'''\n")
	} else {
		w.b = appendMultiline(w.b, c.Canonical)
		w.nl()
	}
	types := slices.Clone(c.Types)
	sortTypes(types)
	for _, t := range types {
		if t != nil {
			w.typ(t)
		}
	}
}

func (w *writer) typ(t *Type) {
	w.str("\n[[cell.type]]\n")
	w.kv("name", t.Name)
	w.kv("kind", t.Kind)
	w.kv("fingerprint", t.Fingerprint)
	w.kv("layout_digest", t.LayoutDigest)
	w.kv("origin", string(t.Origin))
	w.kvInt("size", t.Size)
	w.kvInt("align", t.Align)
	if t.Kind == "enum" {
		w.kv("tag", t.Tag)
		for i := range t.Variants {
			v := &t.Variants[i]
			w.str("\n[[cell.type.variant]]\n")
			w.kv("name", v.Name)
			w.kvInt("tag", v.Tag)
			w.fields(v.Fields)
		}
		return
	}
	w.fields(t.Fields)
}

func (w *writer) fields(fs []Field) {
	if len(fs) == 0 {
		w.str("fields = []\n")
		return
	}
	w.str("fields = [\n")
	for i := range fs {
		f := &fs[i]
		w.str("  { name = ")
		w.quote(f.Name)
		w.str(", type = ")
		w.quote(f.Type)
		w.str(", offset = ")
		w.int(f.Offset)
		w.str(", size = ")
		w.int(f.Size)
		w.str(", align = ")
		w.int(f.Align)
		w.str(" },\n")
	}
	w.str("]\n")
}

// literalOK reports whether s can be written as a multi-line literal
// string ”'\n...”' that reads back as s: valid UTF-8 without ”' , a
// trailing quote, carriage returns or control characters other than tab
// and newline.
func literalOK(s string) bool {
	if !utf8.ValidString(s) || strings.Contains(s, "'''") || strings.HasSuffix(s, "'") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
			return false
		}
	}
	return true
}

// appendQuoted appends s as a TOML basic string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s, false)
	return append(b, '"')
}

// appendMultiline appends s as a TOML multi-line basic string, newlines
// kept as they are.
func appendMultiline(b []byte, s string) []byte {
	b = append(b, `"""`+"\n"...)
	b = appendEscaped(b, s, true)
	return append(b, `"""`...)
}

func appendEscaped(b []byte, s string, multiline bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			b = append(b, c)
			i++
			continue
		}
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			if multiline {
				b = append(b, '\n')
			} else {
				b = append(b, '\\', 'n')
			}
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			if c < 0x80 {
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				// Not representable in TOML; Check rejects such
				// strings before anything is written.
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return b
}
