package lockfile

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Load reads and validates the lock file at path. Errors are positioned
// "path:LINE:COL: ..." (an *Error or an ErrorList); a missing file is an
// error that wraps fs.ErrNotExist.
func Load(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads and validates a lock. filename is used in positions and
// error messages only. On any problem it returns no lock and an error: an
// *Error when the text is not a lock's TOML (a syntax error, an unknown
// key, a value of the wrong type: reading stops at the first), else an
// ErrorList of up to 10 validation problems in file order.
func Parse(filename string, data []byte) (*Lock, error) {
	l, k, err := decode(filename, data)
	if err != nil {
		return nil, err
	}
	k.checkLock(l)
	if err := k.err(); err != nil {
		return nil, err
	}
	return l, nil
}

// decode reads a lock's TOML into the model, sorted as Parse returns it,
// without the validation rules, which the returned checker applies.
func decode(filename string, data []byte) (*Lock, *checker, error) {
	if len(data) > maxLockSize {
		return nil, nil, &Error{Pos: Pos{File: filename}, Msg: fmt.Sprintf("lock is %d bytes, more than the %d this cellvet reads", len(data), maxLockSize)}
	}
	src := string(data)
	if err := checkBytes(filename, src); err != nil {
		return nil, nil, err
	}
	// TOML lets a reader normalize the newlines of multi-line strings;
	// with CRLF line endings the canonical text must still hash the same.
	// Only newlines have a CR before them here (checkBytes), so lines and
	// columns are those of the file.
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var raw rawLock
	md, err := toml.Decode(src, &raw)
	if err != nil {
		return nil, nil, syntaxError(filename, src, err)
	}
	if err := check10(filename, src); err != nil {
		return nil, nil, err
	}
	d := &decoder{md: &md, file: filename, from: &from{cells: map[*Cell]*cellFrom{}, types: map[*Type]*typeFrom{}}}
	l := d.lock(&raw)
	if len(d.stops) > 0 {
		return nil, nil, d.first(src)
	}
	sortCells(l.Cells)
	for _, c := range l.Cells {
		sortTypes(c.Types)
	}
	return l, &checker{file: filename, src: src, from: d.from}, nil
}

// maxLockSize bounds what Parse reads.
const maxLockSize = 1 << 30

// checkBytes finds what no TOML text holds: invalid UTF-8 and control
// characters (BurntSushi/toml reports these one byte early).
func checkBytes(filename, src string) error {
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && n == 1 {
				return &Error{Pos: posOf(filename, src, i), Msg: "invalid UTF-8: a lock is UTF-8 text; restore it from version control or rebuild it with cellvet add NAME ... --repair"}
			}
			i += n
			continue
		case c == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			return &Error{Pos: posOf(filename, src, i), Msg: "carriage return without a line feed"}
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f:
			return &Error{Pos: posOf(filename, src, i), Msg: fmt.Sprintf("control character %#02x; in a string, write it as an escape", c)}
		}
		i++
	}
	return nil
}

// syntaxError positions an error of BurntSushi/toml, in its words.
func syntaxError(filename, src string, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Pos: Pos{File: filename}, Msg: err.Error()}
	}
	// Position.Start is exact where Line and Col can be off by one.
	return &Error{Pos: posOf(filename, src, pe.Position.Start), Msg: pe.Message}
}

// The raw lock, as BurntSushi/toml decodes it. A leaf takes any value, so
// that a value of the wrong type is reported in the words of §3 at its
// position; a table or array of tables is decoded only once it is known to
// be one (decoder.table, decodeArray). Keys the library did not decode
// are unknown (MetaData.Undecoded).
type rawLock struct {
	Version leaf            `toml:"version"`
	Cell    *toml.Primitive `toml:"cell"`
}

type rawCell struct {
	Name          leaf            `toml:"name"`
	Source        *toml.Primitive `toml:"source"`
	Fingerprint   leaf            `toml:"fingerprint"`
	Digest        leaf            `toml:"digest"`
	LayoutDigest  leaf            `toml:"layout_digest"`
	SchemaVersion leaf            `toml:"schema_version"`
	Profile       *toml.Primitive `toml:"profile"`
	Canonical     leaf            `toml:"canonical"`
	Type          *toml.Primitive `toml:"type"`
	Protocol      leaf            `toml:"protocol"`
	Services      leaf            `toml:"services"`
}

type rawSource struct {
	Kind   leaf `toml:"kind"`
	Path   leaf `toml:"path"`
	Addr   leaf `toml:"addr"`
	Module leaf `toml:"module"`
	Cfg    leaf `toml:"cfg"`
	Types  leaf `toml:"types"`
}

type rawProfile struct {
	Rkyv         leaf `toml:"rkyv"`
	PointerWidth leaf `toml:"pointer_width"`
	Endian       leaf `toml:"endian"`
	Aligned      leaf `toml:"aligned"`
	Strict       leaf `toml:"strict"`
}

type rawType struct {
	Name         leaf            `toml:"name"`
	Kind         leaf            `toml:"kind"`
	Fingerprint  leaf            `toml:"fingerprint"`
	LayoutDigest leaf            `toml:"layout_digest"`
	Origin       leaf            `toml:"origin"`
	Size         leaf            `toml:"size"`
	Align        leaf            `toml:"align"`
	Tag          leaf            `toml:"tag"`
	Fields       *toml.Primitive `toml:"fields"`
	Variant      *toml.Primitive `toml:"variant"`
}

type rawVariant struct {
	Name   leaf            `toml:"name"`
	Tag    leaf            `toml:"tag"`
	Fields *toml.Primitive `toml:"fields"`
}

type rawField struct {
	Name   leaf `toml:"name"`
	Type   leaf `toml:"type"`
	Offset leaf `toml:"offset"`
	Size   leaf `toml:"size"`
	Align  leaf `toml:"align"`
}

// A leaf is a key's value as the library decoded it (string, int64,
// bool, ...), nil when the key is absent.
type leaf struct{ v any }

func (l *leaf) UnmarshalTOML(v any) error {
	l.v = v
	return nil
}

// Key indices of the tables of a lock, in the order they are written.
const (
	rkVersion = iota
	rkCell
	nRootKeys
)

const (
	ckName = iota
	ckSource
	ckFingerprint
	ckDigest
	ckLayoutDigest
	ckSchemaVersion
	ckProfile
	ckCanonical
	ckType
	ckProtocol
	ckServices
	nCellKeys
)

const (
	skKind = iota
	skPath
	skAddr
	skModule
	skCfg
	skTypes
	nSourceKeys
)

const (
	pkRkyv = iota
	pkPointerWidth
	pkEndian
	pkAligned
	pkStrict
	nProfileKeys
)

const (
	tkName = iota
	tkKind
	tkFingerprint
	tkLayoutDigest
	tkOrigin
	tkSize
	tkAlign
	tkTag
	tkFields
	tkVariant
	nTypeKeys
)

const (
	vkName = iota
	vkTag
	vkFields
	nVariantKeys
)

const (
	fkName = iota
	fkType
	fkOffset
	fkSize
	fkAlign
	nFieldKeys
)

var (
	rootKeys    = []string{"version", "cell"}
	cellKeys    = []string{"name", "source", "fingerprint", "digest", "layout_digest", "schema_version", "profile", "canonical", "type", "protocol", "services"}
	sourceKeys  = []string{"kind", "path", "addr", "module", "cfg", "types"}
	profileKeys = []string{"rkyv", "pointer_width", "endian", "aligned", "strict"}
	typeKeys    = []string{"name", "kind", "fingerprint", "layout_digest", "origin", "size", "align", "tag", "fields", "variant"}
	variantKeys = []string{"name", "tag", "fields"}
	fieldKeys   = []string{"name", "type", "offset", "size", "align"}
)

// tables names each table of a lock, by its bare path, and its keys.
var tables = map[string]struct {
	name string
	keys []string
}{
	"":                         {"the top-level table", rootKeys},
	"cell":                     {"[[cell]]", cellKeys},
	"cell.source":              {"the source of [[cell]]", sourceKeys},
	"cell.profile":             {"the profile of [[cell]]", profileKeys},
	"cell.type":                {"[[cell.type]]", typeKeys},
	"cell.type.variant":        {"[[cell.type.variant]]", variantKeys},
	"cell.type.fields":         {"a field", fieldKeys},
	"cell.type.variant.fields": {"a field", fieldKeys},
}

// from records what a lock read from a file says that its model does not
// keep: which keys each element has, and the file order of cells and
// types (the model sorts them by name). The checker needs both, for
// messages and positions.
type from struct {
	cells map[*Cell]*cellFrom
	types map[*Type]*typeFrom
}

type cellFrom struct {
	index                 int
	keys, source, profile uint16
}

type typeFrom struct {
	index    int
	keys     uint16
	fields   []uint16   // of each field (a struct)
	variants []uint16   // of each variant
	vfields  [][]uint16 // of each field of each variant
}

// decoder turns a raw lock into the model, collecting the problems that
// stop reading (stops).
type decoder struct {
	md    *toml.MetaData
	file  string
	from  *from
	stops []stop
}

// stop is a problem that makes the text not a lock. Its position and,
// for a value of the wrong type, its words depend on how the text spells
// what is at path, which the index tells.
type stop struct {
	path string // the value's path, or for an unknown key its bare path
	// For a value of the wrong type: the key, its table and what it
	// should be (want), and what the library found (got).
	key, table, want string
	got              any
	element          bool // got is an element of the array at path
	unknown          bool // msg is about the key at path
	last             bool // reported only when nothing else is (no version)
	msg              string
}

func (d *decoder) lock(r *rawLock) *Lock {
	l := &Lock{File: d.file}
	if r.Version.v == nil {
		d.stops = append(d.stops, stop{last: true, msg: fmt.Sprintf("no version key before the first table: a lock starts with version = %d; restore it from version control or rebuild it with cellvet add NAME ... --repair", Version)})
	} else if v, ok := d.int(r.Version, "", "version", ""); ok {
		l.Version = int(v)
		if v != Version {
			d.stops = append(d.stops, stop{path: "version", msg: fmt.Sprintf("unsupported lock version %d: this cellvet reads version %d; use the cellvet that wrote the lock, or rebuild the lock with cellvet add NAME ... --repair", v, Version)})
		}
	}
	for i, rc := range decodeArray[rawCell](d, r.Cell, "", "cell", "") {
		c := d.cell(&rc, "cell["+strconv.Itoa(i)+"]", i)
		l.Cells = append(l.Cells, c)
	}
	d.unknownKeys()
	return l
}

func (d *decoder) cell(r *rawCell, path string, i int) *Cell {
	const t = "cell"
	c := &Cell{
		Name:         d.str(r.Name, path, "name", t),
		Fingerprint:  d.str(r.Fingerprint, path, "fingerprint", t),
		Digest:       d.str(r.Digest, path, "digest", t),
		LayoutDigest: d.str(r.LayoutDigest, path, "layout_digest", t),
		Canonical:    d.str(r.Canonical, path, "canonical", t),
	}
	c.SchemaVersion, _ = d.int(r.SchemaVersion, path, "schema_version", t)
	c.Protocol = d.str(r.Protocol, path, "protocol", t)
	c.Services = d.services(r.Services, path)
	f := &cellFrom{index: i, keys: given(r.Name, r.Source, r.Fingerprint, r.Digest, r.LayoutDigest, r.SchemaVersion, r.Profile, r.Canonical, r.Type, r.Protocol, r.Services)}
	var src rawSource
	if d.table(r.Source, path, "source", t, &src) {
		p, t := path+".source", "cell.source"
		c.Source = Source{Kind: d.str(src.Kind, p, "kind", t), Path: d.str(src.Path, p, "path", t), Addr: d.str(src.Addr, p, "addr", t), Module: d.str(src.Module, p, "module", t),
			Cfg: d.strs(src.Cfg, p, "cfg", t), Types: d.strs(src.Types, p, "types", t)}
		f.source = given(src.Kind, src.Path, src.Addr, src.Module, src.Cfg, src.Types)
	}
	var prof rawProfile
	if d.table(r.Profile, path, "profile", t, &prof) {
		p, t := path+".profile", "cell.profile"
		c.Profile.Rkyv = d.str(prof.Rkyv, p, "rkyv", t)
		if w, ok := d.int(prof.PointerWidth, p, "pointer_width", t); ok {
			if w > 1<<16 {
				d.stops = append(d.stops, stop{path: p + ".pointer_width", msg: fmt.Sprintf("pointer_width %d: want 16, 32 or 64", w)})
			}
			c.Profile.PointerWidth = int(w)
		}
		c.Profile.Endian = d.str(prof.Endian, p, "endian", t)
		c.Profile.Unaligned = !d.bool(prof.Aligned, p, "aligned", t)
		c.Profile.Strict = d.bool(prof.Strict, p, "strict", t)
		f.profile = given(prof.Rkyv, prof.PointerWidth, prof.Endian, prof.Aligned, prof.Strict)
	}
	d.from.cells[c] = f
	for j, rt := range decodeArray[rawType](d, r.Type, path, "type", t) {
		c.Types = append(c.Types, d.typ(&rt, path+".type["+strconv.Itoa(j)+"]", j))
	}
	return c
}

func (d *decoder) typ(r *rawType, path string, i int) *Type {
	const t = "cell.type"
	ty := &Type{
		Name:         d.str(r.Name, path, "name", t),
		Kind:         d.str(r.Kind, path, "kind", t),
		Fingerprint:  d.str(r.Fingerprint, path, "fingerprint", t),
		LayoutDigest: d.str(r.LayoutDigest, path, "layout_digest", t),
		Origin:       Origin(d.str(r.Origin, path, "origin", t)),
		Tag:          d.str(r.Tag, path, "tag", t),
	}
	ty.Size, _ = d.int(r.Size, path, "size", t)
	ty.Align, _ = d.int(r.Align, path, "align", t)
	f := &typeFrom{index: i, keys: given(r.Name, r.Kind, r.Fingerprint, r.LayoutDigest, r.Origin, r.Size, r.Align, r.Tag, r.Fields, r.Variant)}
	ty.Fields, f.fields = d.fields(r.Fields, path, t)
	for j, rv := range decodeArray[rawVariant](d, r.Variant, path, "variant", t) {
		p, t := path+".variant["+strconv.Itoa(j)+"]", "cell.type.variant"
		v := Variant{Name: d.str(rv.Name, p, "name", t)}
		v.Tag, _ = d.int(rv.Tag, p, "tag", t)
		fs, keys := d.fields(rv.Fields, p, t)
		v.Fields = fs
		ty.Variants = append(ty.Variants, v)
		f.variants = append(f.variants, given(rv.Name, rv.Tag, rv.Fields))
		f.vfields = append(f.vfields, keys)
	}
	d.from.types[ty] = f
	return ty
}

func (d *decoder) fields(p *toml.Primitive, path, table string) ([]Field, []uint16) {
	raw := decodeArray[rawField](d, p, path, "fields", table)
	if len(raw) == 0 {
		return nil, nil
	}
	fs := make([]Field, len(raw))
	keys := make([]uint16, len(raw))
	for i, r := range raw {
		p, t := path+".fields["+strconv.Itoa(i)+"]", table+".fields"
		f := Field{Name: d.str(r.Name, p, "name", t), Type: d.str(r.Type, p, "type", t)}
		f.Offset, _ = d.int(r.Offset, p, "offset", t)
		f.Size, _ = d.int(r.Size, p, "size", t)
		f.Align, _ = d.int(r.Align, p, "align", t)
		fs[i], keys[i] = f, given(r.Name, r.Type, r.Offset, r.Size, r.Align)
	}
	return fs, keys
}

// given returns the bits of the keys that have a value, in the order of
// their table's keys: each a leaf or a *toml.Primitive.
func given(keys ...any) uint16 {
	var bits uint16
	for i, k := range keys {
		switch k := k.(type) {
		case leaf:
			if k.v != nil {
				bits |= 1 << i
			}
		case *toml.Primitive:
			if k != nil {
				bits |= 1 << i
			}
		}
	}
	return bits
}

// wrong records a value of the wrong type.
func (d *decoder) wrong(path, key, table, want string, got any) {
	d.stops = append(d.stops, stop{path: join(path, key), key: key, table: table, want: want, got: got})
}

func (d *decoder) str(l leaf, path, key, table string) string {
	s, ok := l.v.(string)
	if !ok && l.v != nil {
		d.wrong(path, key, table, "a string", l.v)
	}
	return s
}

// strs returns an array of strings; an empty array is a non-nil empty
// slice, so that it is told from an absent key.
func (d *decoder) strs(l leaf, path, key, table string) []string {
	if l.v == nil {
		return nil
	}
	list, ok := l.v.([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, isStr := v.(string)
		ok = ok && isStr
		out = append(out, s)
	}
	if !ok {
		d.wrong(path, key, table, "an array of strings", l.v)
		return nil
	}
	return out
}

// services returns the services of a cell: an array of inline tables
// with the string keys name, request and response.
func (d *decoder) services(l leaf, path string) []Service {
	const want = "an array of { name, request, response } tables of strings"
	if l.v == nil {
		return nil
	}
	list, ok := l.v.([]any)
	out := make([]Service, 0, len(list))
	for _, v := range list {
		m, isMap := v.(map[string]any)
		s := Service{}
		n := 0
		for key, val := range m {
			str, isStr := val.(string)
			switch {
			case !isStr:
				isMap = false
			case key == "name":
				s.Name, n = str, n+1
			case key == "request":
				s.Request, n = str, n+1
			case key == "response":
				s.Response, n = str, n+1
			}
		}
		ok = ok && isMap && n == 3 && len(m) == 3
		out = append(out, s)
	}
	if !ok {
		d.wrong(path, "services", "cell", want, l.v)
		return nil
	}
	return out
}

// int returns a non-negative integer.
func (d *decoder) int(l leaf, path, key, table string) (uint64, bool) {
	n, ok := l.v.(int64)
	switch {
	case l.v == nil:
	case !ok:
		d.wrong(path, key, table, "an integer", l.v)
	case n < 0:
		d.stops = append(d.stops, stop{path: join(path, key), msg: fmt.Sprintf("%s: %d is negative", key, n)})
		ok = false
	}
	return uint64(n), ok
}

func (d *decoder) bool(l leaf, path, key, table string) bool {
	b, ok := l.v.(bool)
	if !ok && l.v != nil {
		d.wrong(path, key, table, "a boolean", l.v)
	}
	return b
}

// table decodes p, the value of key in the table at path, into dst when
// it is a table.
func (d *decoder) table(p *toml.Primitive, path, key, table string, dst any) bool {
	if p == nil {
		return false
	}
	var v any
	d.md.PrimitiveDecode(*p, &v)
	if _, ok := v.(map[string]any); !ok {
		d.wrong(path, key, table, "an inline table { ... }", v)
		return false
	}
	if err := d.md.PrimitiveDecode(*p, dst); err != nil {
		d.stops = append(d.stops, stop{path: join(path, key), msg: err.Error()})
		return false
	}
	return true
}

// decodeArray decodes p, the value of key in the table at path, when it
// is an array of tables: [[headers]] or an array of inline tables.
func decodeArray[T any](d *decoder, p *toml.Primitive, path, key, table string) []T {
	if p == nil {
		return nil
	}
	var v any
	d.md.PrimitiveDecode(*p, &v)
	switch v := v.(type) {
	case []map[string]any:
	case []any:
		for i, e := range v {
			if _, ok := e.(map[string]any); !ok {
				d.stops = append(d.stops, stop{path: join(path, key) + "[" + strconv.Itoa(i) + "]", key: key, want: "an inline table { ... } as array element", got: e, element: true})
				return nil
			}
		}
	default:
		d.wrong(path, key, table, "an array of inline tables", v)
		return nil
	}
	var out []T
	if err := d.md.PrimitiveDecode(*p, &out); err != nil {
		d.stops = append(d.stops, stop{path: join(path, key), msg: err.Error()})
		return nil
	}
	return out
}

// unknownKeys records the keys no table of a lock has: those the library
// did not decode, and those it matched only case-insensitively (a lock's
// keys are lower-case ASCII).
func (d *decoder) unknownKeys() {
	for _, k := range d.md.Undecoded() {
		d.unknownKey(k)
	}
	for _, k := range d.md.Keys() {
		for _, part := range k {
			if strings.ContainsFunc(part, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '_') }) {
				d.unknownKey(k)
				break
			}
		}
	}
}

func (d *decoder) unknownKey(k toml.Key) {
	// A dotted key's first unknown part is the unknown key.
	for j := 1; j <= len(k); j++ {
		t, ok := tables[keyPath(k[:j-1])]
		if !ok {
			return // inside a value, which is reported
		}
		if !slices.Contains(t.keys, k[j-1]) {
			d.stops = append(d.stops, stop{path: keyPath(k[:j]), unknown: true,
				msg: fmt.Sprintf("unknown key %s in %s (known keys: %s); cell.lock is written by cellvet add: remove the key or rebuild the lock with cellvet add NAME ... --repair", keyPart(k[j-1]), t.name, strings.Join(t.keys, ", "))})
			return
		}
	}
}

// first returns the problem that comes first in src.
func (d *decoder) first(src string) error {
	x := newIndex(d.file, src)
	var best *Error
	for i := range d.stops {
		s := &d.stops[i]
		if s.last {
			continue
		}
		// A value under a key the library matched ignoring case is not
		// in the index: the unknown key, which is, wins.
		e := s.locate(x)
		if best == nil || e.Pos.Line > 0 && (best.Pos.Line == 0 || e.Pos.Line < best.Pos.Line || e.Pos.Line == best.Pos.Line && e.Pos.Col < best.Pos.Col) {
			best = e
		}
	}
	if best != nil {
		return best
	}
	off := x.first
	if off < 0 {
		off = len(src)
	}
	return &Error{Pos: x.pos(off), Msg: d.stops[0].msg}
}

// locate positions a stop and words it.
func (s *stop) locate(x *index) *Error {
	if s.unknown {
		if e := x.bare[s.path]; e != nil {
			return &Error{Pos: x.pos(e.off), Msg: s.msg}
		}
		return &Error{Pos: Pos{File: x.file}, Msg: s.msg}
	}
	pos, msg := Pos{File: x.file}, s.msg
	e := x.paths[s.path]
	if e != nil {
		pos = x.pos(e.val)
	}
	if s.want == "" {
		return &Error{Pos: pos, Msg: msg}
	}
	how := byte(byValue)
	if e != nil {
		how = e.how
	}
	aot := s.want == "an array of inline tables"
	switch {
	case s.element:
		msg = fmt.Sprintf("%s: want %s, found %s", keyPart(s.key), s.want, describe(s.got))
	case how == byTable && aot:
		msg = fmt.Sprintf("[%s]: %s is an array of tables; write [[%s]]", e.text, e.text, e.text)
	case how == byTable:
		msg = fmt.Sprintf("[%s]: %s is not a table", e.text, e.text)
	case how == byArray:
		msg = fmt.Sprintf("[[%s]]: %s is not an array of tables", e.text, e.text)
	case how == byDotted:
		msg = fmt.Sprintf("%s is not a table; a dotted key cannot go through it", e.text)
	case how == byHeader && aot:
		msg = fmt.Sprintf("%s: no [[%s]] table before it", e.header, e.text)
	case how == byHeader:
		msg = fmt.Sprintf("%s is a value, not a table", e.text)
	default:
		msg = fmt.Sprintf("%s in %s: want %s, found %s", keyPart(s.key), tables[s.table].name, s.want, describe(s.got))
	}
	return &Error{Pos: pos, Msg: msg}
}

// describe names the type of a value the library decoded.
func describe(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "an inline table"
	}
	return fmt.Sprintf("a %T", v)
}
