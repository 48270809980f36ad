package lockfile

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// style is one way to spell a lock in TOML other than Marshal's.
type style struct {
	name string
	// tables: source and profile as [cell.source] tables; dotted: as
	// dotted keys; else inline tables.
	tables, dotted bool
	// headerFields: fields as [[...fields]] tables.
	headerFields bool
	// inlineVariants: variants as an array of inline tables.
	inlineVariants bool
	quotedKeys     bool // "name" = ... and 'kind' = ...
	literalStrings bool // 'value'
	hexInts        bool // 0x28, 1_0
	basicCanonical bool // canonical as an escaped """ string
	reorder        bool // type keys in another order
	comments       bool // comments and blank lines everywhere, indentation
	crlf           bool
}

func (st style) key(k string) string {
	if st.quotedKeys {
		if len(k)%2 == 0 {
			return `"` + k + `"`
		}
		return "'" + k + "'"
	}
	return k
}

func (st style) str(s string) string {
	if st.literalStrings && !strings.ContainsAny(s, "'\n\r\t\\\"") {
		return "'" + s + "'"
	}
	return string(appendQuoted(nil, s))
}

func (st style) int(v uint64) string {
	if st.hexInts {
		if v%2 == 0 {
			return fmt.Sprintf("0x%x", v)
		}
		if v >= 10 {
			s := fmt.Sprint(v)
			return s[:1] + "_" + s[1:]
		}
	}
	return fmt.Sprint(v)
}

func (st style) write(l *Lock) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		s := fmt.Sprintf(format, args...)
		if st.comments && s != "" {
			b.WriteString("  ")
		}
		b.WriteString(s)
		if st.comments && s != "" && !strings.HasSuffix(s, "'''") && !strings.HasSuffix(s, `"""`) && !strings.HasSuffix(s, "[") {
			b.WriteString("  # comment [[cell]] = \"x\"")
		}
		b.WriteString("\n")
		if st.comments {
			b.WriteString("\n# a whole-line comment\n")
		}
	}
	kv := func(k, v string) { line("%s = %s", st.key(k), v) }
	fieldTable := func(f Field) string {
		return fmt.Sprintf("{%s=%s,%s = %s,  %s = %s, %s = %s, %s = %s}", st.key("name"), st.str(f.Name), st.key("type"), st.str(f.Type),
			st.key("offset"), st.int(f.Offset), st.key("size"), st.int(f.Size), st.key("align"), st.int(f.Align))
	}
	fields := func(prefix string, fs []Field) {
		if st.headerFields {
			for _, f := range fs {
				line("[[%s.fields]]", prefix)
				kv("name", st.str(f.Name))
				kv("type", st.str(f.Type))
				kv("offset", st.int(f.Offset))
				kv("size", st.int(f.Size))
				kv("align", st.int(f.Align))
			}
			if len(fs) == 0 {
				kv("fields", "[]")
			}
			return
		}
		if len(fs) == 0 {
			kv("fields", "[ ]")
			return
		}
		b.WriteString(st.key("fields") + " = [ # fields\n")
		for _, f := range fs {
			b.WriteString("    " + fieldTable(f) + " ,\n  # between\n")
		}
		b.WriteString("]\n")
	}
	kv("version", st.int(uint64(l.Version)))
	for _, c := range l.Cells {
		line("[[cell]]")
		kv("name", st.str(c.Name))
		src := []string{"kind", st.str(c.Source.Kind)}
		if c.Source.Kind == SourceTCP {
			src = append(src, "addr", st.str(c.Source.Addr))
		} else {
			src = append(src, "path", st.str(c.Source.Path))
		}
		p := c.Profile
		prof := []string{"rkyv", st.str(p.Rkyv), "pointer_width", st.int(uint64(p.PointerWidth)), "endian", st.str(p.Endian),
			"aligned", fmt.Sprint(!p.Unaligned), "strict", fmt.Sprint(p.Strict)}
		sub := func(name string, kvs []string) {
			switch {
			case st.dotted:
				for i := 0; i < len(kvs); i += 2 {
					line("%s . %s = %s", name, st.key(kvs[i]), kvs[i+1])
				}
			case !st.tables:
				var parts []string
				for i := 0; i < len(kvs); i += 2 {
					parts = append(parts, st.key(kvs[i])+" = "+kvs[i+1])
				}
				line("%s = { %s }", name, strings.Join(parts, ", "))
			}
		}
		sub("source", src)
		kv("fingerprint", st.str(c.Fingerprint))
		kv("digest", st.str(c.Digest))
		kv("layout_digest", st.str(c.LayoutDigest))
		kv("schema_version", st.int(c.SchemaVersion))
		sub("profile", prof)
		if st.basicCanonical {
			b.WriteString(st.key("canonical") + " = " + string(appendMultiline(nil, c.Canonical)) + "\n")
		} else {
			b.WriteString(st.key("canonical") + " = '''\n" + c.Canonical + "'''\n")
		}
		if st.tables {
			for _, t := range []struct {
				name string
				kvs  []string
			}{{"source", src}, {"profile", prof}} {
				line("[ cell . %s ]", t.name)
				for i := 0; i < len(t.kvs); i += 2 {
					kv(t.kvs[i], t.kvs[i+1])
				}
			}
		}
		for _, t := range c.Types {
			line("[[cell.type]]")
			keys := [][2]string{{"name", st.str(t.Name)}, {"kind", st.str(t.Kind)}, {"fingerprint", st.str(t.Fingerprint)},
				{"layout_digest", st.str(t.LayoutDigest)}, {"origin", st.str(string(t.Origin))}, {"size", st.int(t.Size)}, {"align", st.int(t.Align)}}
			if t.Kind == "enum" {
				keys = append(keys, [2]string{"tag", st.str(t.Tag)})
			}
			if st.reorder {
				for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
					keys[i], keys[j] = keys[j], keys[i]
				}
			}
			if st.inlineVariants && t.Kind == "enum" {
				var vs []string
				for _, v := range t.Variants {
					var fs []string
					for _, f := range v.Fields {
						fs = append(fs, fieldTable(f))
					}
					vs = append(vs, fmt.Sprintf("{ name = %s, tag = %s, fields = [%s] }", st.str(v.Name), st.int(v.Tag), strings.Join(fs, ", ")))
				}
				keys = append(keys, [2]string{"variant", "[\n  " + strings.Join(vs, ",\n  ") + ",\n]"})
			}
			for _, k := range keys {
				kv(k[0], k[1])
			}
			if t.Kind == "struct" {
				fields("cell.type", t.Fields)
				continue
			}
			if st.inlineVariants {
				continue
			}
			for _, v := range t.Variants {
				line("[[ cell.type.variant ]]")
				kv("tag", st.int(v.Tag))
				kv("name", st.str(v.Name))
				fields("cell.type.variant", v.Fields)
			}
		}
	}
	s := b.String()
	if st.crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s
}

var styles = []style{
	{name: "plain"},
	{name: "crlf", crlf: true},
	{name: "comments", comments: true},
	{name: "tables", tables: true},
	{name: "dotted", dotted: true},
	{name: "header-fields", headerFields: true},
	{name: "inline-variants", inlineVariants: true},
	{name: "quoted-keys", quotedKeys: true},
	{name: "literal-strings", literalStrings: true},
	{name: "hex-ints", hexInts: true},
	{name: "basic-canonical", basicCanonical: true},
	{name: "reorder", reorder: true},
	{name: "everything", tables: true, headerFields: true, quotedKeys: true, literalStrings: true, hexInts: true, reorder: true, comments: true, crlf: true},
	{name: "everything-else", dotted: true, inlineVariants: true, basicCanonical: true, comments: true},
}

// TestSpellings reads the example spelled in other ways TOML allows: the
// lock must be the same, and Marshal must give the canonical spelling.
func TestSpellings(t *testing.T) {
	want, err := Load(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range styles {
		t.Run(st.name, func(t *testing.T) {
			text := st.write(want)
			got, err := Parse("cell.lock", []byte(text))
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if !reflect.DeepEqual(strip(got), strip(want)) {
				t.Fatalf("different lock:\n%s", text)
			}
			if out, example := got.Marshal(), want.Marshal(); !bytes.Equal(out, example) {
				t.Fatalf("Marshal does not give the canonical spelling:\n%s", firstDiff(out, example))
			}
		})
	}
}
