package lockfile

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Load reads and validates the lock file at path. Errors are positioned
// "path:LINE:COL: ..." (an *Error or an ErrorList); a missing file is an
// error that wraps fs.ErrNotExist.
func Load(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return parse(path, "")
	}
	// The buffer is ours: the lock's strings may share it.
	return parse(path, unsafe.String(&data[0], len(data)))
}

// Parse reads and validates a lock. filename is used in positions and
// error messages only. On any problem it returns no lock and an error: an
// *Error for a syntax problem (parsing stops at the first), else an
// ErrorList of up to 10 validation problems in file order.
func Parse(filename string, data []byte) (*Lock, error) {
	return parse(filename, string(data))
}

func parse(filename, src string) (*Lock, error) {
	if len(src) > maxLockSize {
		return nil, &Error{Pos: Pos{File: filename}, Msg: fmt.Sprintf("lock is %d bytes, more than the %d this cellvet reads", len(src), maxLockSize)}
	}
	l, err := parseCheck(filename, src, false)
	if err == errProblems {
		// Validation problems are reported at the values they are
		// about. Where each value is is recorded only now, parsing
		// again, so that a lock that loads does not pay for it.
		l, err = parseCheck(filename, src, true)
	}
	if err != nil {
		return nil, err
	}
	return l, nil
}

// errProblems says that a lock parsed without recording where its values
// are has validation problems.
var errProblems = errors.New("lockfile: the lock has problems")

// parseCheck parses and validates a lock. Syntax errors are positioned
// exactly either way; validation problems only when record is set, else
// they are errProblems.
func parseCheck(filename, src string, record bool) (*Lock, error) {
	p := newParser(filename, src, record)
	k := p.k
	if err := p.run(); err != nil {
		return nil, err
	}
	l := p.lock
	sortCells(l.Cells)
	for _, c := range l.Cells {
		sortTypes(c.Types)
	}
	k.checkLock(l, p.rm, p.rat)
	if len(k.errs) > 0 && !record {
		return nil, errProblems
	}
	if err := k.err(); err != nil {
		return nil, err
	}
	return l, nil
}

// keyOffsets records, per type, variant and field (by the offset+1 of its
// table, meta.off, which no other element of its kind shares), where the
// value of each of its keys is (+1), for messages.
type keyOffsets struct {
	types    map[int32]*[nTypeKeys]int32
	variants map[int32]*[nVariantKeys]int32
	fields   map[int32]*[nFieldKeys]int32
}

// offsetsFor returns the entry of m for the element at off, adding it.
func offsetsFor[A any](m map[int32]*A, off int32) *A {
	a := m[off]
	if a == nil {
		a = new(A)
		m[off] = a
	}
	return a
}

// typeAt returns where the value offsets of t's keys are recorded:
// scratch space unless p records them.
func (p *parser) typeAt(t *Type) []int32 {
	if p.k.offs.types == nil {
		return p.scratch[:nTypeKeys]
	}
	return offsetsFor(p.k.offs.types, t.m.off)[:]
}

// variantAt is typeAt for a variant.
func (p *parser) variantAt(v *Variant) []int32 {
	if p.k.offs.variants == nil {
		return p.scratch[:nVariantKeys]
	}
	return offsetsFor(p.k.offs.variants, v.m.off)[:]
}

// fieldAt is typeAt for a field.
func (p *parser) fieldAt(f *Field) []int32 {
	if p.k.offs.fields == nil {
		return p.scratch[:nFieldKeys]
	}
	return offsetsFor(p.k.offs.fields, f.m.off)[:]
}

func newParser(filename, src string, record bool) *parser {
	p := &parser{file: filename, src: src, line: 1, firstHeader: -1}
	p.k = &checker{file: filename, src: src}
	if record {
		p.k.offs = keyOffsets{
			types:    make(map[int32]*[nTypeKeys]int32),
			variants: make(map[int32]*[nVariantKeys]int32),
			fields:   make(map[int32]*[nFieldKeys]int32),
		}
	}
	// Size the arenas: fields are inline tables, so about one per '{';
	// a written lock takes about 700 bytes per type or variant. (Chunks
	// are added as needed.)
	p.fields = make([]Field, 0, min(strings.Count(src, "{"), 1<<16)+4)
	p.types = make([]Type, min(len(src)/700, 1<<14)+4)
	p.variants = make([]Variant, 0, min(len(src)/700, 1<<14)+4)
	return p
}

// maxLockSize keeps every offset in an int32.
const maxLockSize = 1 << 30

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
	nCellKeys
)

const (
	skKind = iota
	skPath
	skAddr
	skModule
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
	rootKeys    = [nRootKeys]string{"version", "cell"}
	cellKeys    = [nCellKeys]string{"name", "source", "fingerprint", "digest", "layout_digest", "schema_version", "profile", "canonical", "type"}
	sourceKeys  = [nSourceKeys]string{"kind", "path", "addr", "module"}
	profileKeys = [nProfileKeys]string{"rkyv", "pointer_width", "endian", "aligned", "strict"}
	typeKeys    = [nTypeKeys]string{"name", "kind", "fingerprint", "layout_digest", "origin", "size", "align", "tag", "fields", "variant"}
	variantKeys = [nVariantKeys]string{"name", "tag", "fields"}
	fieldKeys   = [nFieldKeys]string{"name", "type", "offset", "size", "align"}
)

func index(keys []string, name string) int {
	for i, k := range keys {
		if k == name {
			return i
		}
	}
	return -1
}

type keyKind uint8

const (
	kUnknown keyKind = iota
	kScalar          // a string, integer or boolean
	kTable           // an inline table or [table]
	kArray           // an array of inline tables or [[array]]
)

// A table is what keys of one TOML table bind to: the root, a cell, its
// source or profile, a type, a variant or a field.
type table interface {
	meta() *meta
	// lookup returns the kind and index of a key, kUnknown if the table
	// has no such key.
	lookup(name string) (keyKind, int)
	// at returns where the offset (+1) of the key's value is kept.
	at(p *parser, idx int) *int32
	// scalar parses the value of a kScalar key at p.i.
	scalar(p *parser, idx int)
	// sub returns the table of a kTable key.
	sub(idx int) table
	// add appends a new element to a kArray key: from an inline table in
	// a static array (inline) or from an [[array]] header.
	add(p *parser, idx int, off int, inline bool) table
	// done is called after a static array ends.
	done(p *parser, idx int)
	// last returns the last element of a kArray key, or nil.
	last(idx int) table
	// path is the table's name in messages, e.g. "[[cell.type]]".
	path() string
	keyName(idx int) string
}

type parser struct {
	file string
	src  string
	i    int // offset of the next byte
	line int // line of offset i
	ls   int // offset where that line starts

	lock *Lock
	// k checks each type as soon as it is complete (at the next
	// [[cell.type]] or [[cell]] header, or the end), while its text and
	// values are still in the cache; the rest is checked after parsing.
	k           *checker
	lastCell    *Cell
	lastType    *Type
	firstHeader int // offset of the first table header, or -1
	rm          meta
	rat         [nRootKeys]int32

	path   []keyRef
	fields []Field // arena for static arrays of fields
	fstart int     // where the static array being read starts in fields

	variants []Variant // arena for variants
	vtype    *Type     // the type whose variants are at the arena's end
	vstart   int       // ... from this index
	types    []Type    // slab the types are allocated from
	key      string    // the key whose value is being parsed, for messages
	ktab     table     // ... and its table
	// scratch takes the value offsets the parser does not record.
	scratch [nTypeKeys]int32
}

type keyRef struct {
	name string
	off  int
}

// bail carries the first syntax error out of the parser.
type bail struct{ err *Error }

func (p *parser) run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bail)
			if !ok {
				panic(r)
			}
			err = b.err
		}
	}()
	p.parse()
	return nil
}

func (p *parser) errorf(off int, format string, args ...any) {
	panic(bail{&Error{Pos: p.pos(off), Msg: fmt.Sprintf(format, args...)}})
}

// pos returns the position of offset off.
func (p *parser) pos(off int) Pos {
	if off >= p.ls && off <= p.i {
		return Pos{File: p.file, Line: p.line, Col: off - p.ls + 1}
	}
	return posOf(p.file, p.src, off)
}

// posOf computes the position of offset off in src.
func posOf(file, src string, off int) Pos {
	off = min(max(off, 0), len(src))
	line := 1 + strings.Count(src[:off], "\n")
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	if ls == 0 && strings.HasPrefix(src, "\ufeff") && off >= 3 {
		ls = 3
	}
	return Pos{File: file, Line: line, Col: off - ls + 1}
}

func (p *parser) peek() byte {
	if p.i < len(p.src) {
		return p.src[p.i]
	}
	return 0
}

func (p *parser) parse() {
	if !utf8.ValidString(p.src) {
		off := 0
		for off < len(p.src) {
			r, n := utf8.DecodeRuneInString(p.src[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		p.errorf(off, "invalid UTF-8: a lock is UTF-8 text; restore it from version control or re-create it with cellvet add")
	}
	if strings.HasPrefix(p.src, "\ufeff") {
		p.i, p.ls = 3, 3
	}
	p.lock = &Lock{File: p.file}
	var cur table = rootTable{p}
	for {
		p.skipTrivia()
		if p.i >= len(p.src) {
			break
		}
		if p.src[p.i] == '[' {
			if p.firstHeader < 0 {
				p.firstHeader = p.i
			}
			if cur = p.fastHeader(); cur == nil {
				cur = p.header()
			}
			p.eol()
			if p.i < len(p.src) && p.src[p.i] != '[' {
				p.fastKeys(cur)
			}
			continue
		}
		p.keyValue(cur)
		p.eol()
	}
	p.finishType()
	if p.firstHeader < 0 {
		p.firstHeader = len(p.src)
	}
	if p.rm.set&(1<<rkVersion) == 0 {
		p.errorf(p.firstHeader, "no version key before the first table: a lock starts with version = %d; restore it from version control or re-create it with cellvet add", Version)
	}
}

// finishType checks the type read last, which is complete.
func (p *parser) finishType() {
	if p.lastType != nil && p.lastType.checked == 0 {
		p.k.checkTypeOnce(p.lastCell, p.lastType)
	}
	p.lastType = nil
}

// skipWS skips spaces and tabs.
func (p *parser) skipWS() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

// newline consumes a newline at p.i, if any.
func (p *parser) newline() bool {
	switch p.peek() {
	case '\n':
		p.i++
	case '\r':
		if p.i+1 < len(p.src) && p.src[p.i+1] == '\n' {
			p.i += 2
		} else {
			p.errorf(p.i, "carriage return without a line feed")
		}
	default:
		return false
	}
	p.line++
	p.ls = p.i
	return true
}

// comment skips a comment at p.i, if any, up to the end of the line.
func (p *parser) comment() {
	if p.peek() != '#' {
		return
	}
	for p.i++; p.i < len(p.src); p.i++ {
		c := p.src[p.i]
		if c == '\n' || c == '\r' {
			return
		}
		if c < 0x20 && c != '\t' || c == 0x7f {
			p.errorf(p.i, "control character %#02x in a comment", c)
		}
	}
}

// skipTrivia skips whitespace, comments and newlines.
func (p *parser) skipTrivia() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t':
			p.i++
		case '\n':
			p.i++
			p.line++
			p.ls = p.i
		case '\r':
			p.newline()
		case '#':
			p.comment()
		default:
			return
		}
	}
}

// eol ends a key/value or header line.
func (p *parser) eol() {
	if p.i < len(p.src) && p.src[p.i] == '\n' {
		p.i++
		p.line++
		p.ls = p.i
		return
	}
	p.skipWS()
	p.comment()
	if p.i >= len(p.src) || p.newline() {
		return
	}
	p.errorf(p.i, "want a new line after %s, found %s", p.what(), p.describe())
}

func (p *parser) what() string {
	if p.key != "" {
		return "the value of " + quoteKey(p.key)
	}
	return "the line"
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// simpleKey reads a bare or quoted key.
func (p *parser) simpleKey() keyRef {
	off := p.i
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		if strings.HasPrefix(p.src[p.i:], `"""`) || strings.HasPrefix(p.src[p.i:], `'''`) {
			p.errorf(off, "a multi-line string cannot be a key")
		}
		s, _ := p.str()
		return keyRef{s, off}
	case isBare(c):
		for p.i < len(p.src) && isBare(p.src[p.i]) {
			p.i++
		}
		return keyRef{p.src[off:p.i], off}
	}
	p.errorf(off, "expected a key, found %s", p.describe())
	return keyRef{}
}

// dottedKey reads a key of one or more dot-separated parts into p.path.
func (p *parser) dottedKey() []keyRef {
	p.path = p.path[:0]
	for {
		p.path = append(p.path, p.simpleKey())
		if len(p.path) > 8 {
			p.errorf(p.path[8].off, "key has too many parts")
		}
		p.skipWS()
		if p.peek() != '.' {
			return p.path
		}
		p.i++
		p.skipWS()
	}
}

func keyText(ks []keyRef) string {
	var b strings.Builder
	for i, k := range ks {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quoteKey(k.name))
	}
	return b.String()
}

func quoteKey(s string) string {
	if s == "" {
		return `""`
	}
	for i := 0; i < len(s); i++ {
		if !isBare(s[i]) {
			return strconv.Quote(s)
		}
	}
	return s
}

func (p *parser) unknownKey(t table, k keyRef) {
	var known []string
	for i := 0; t.keyName(i) != ""; i++ {
		known = append(known, t.keyName(i))
	}
	p.errorf(k.off, "unknown key %s in %s (known keys: %s); cell.lock is written by cellvet add: remove the key or re-create the lock", quoteKey(k.name), t.path(), strings.Join(known, ", "))
}

// header reads a [table] or [[array]] header and returns the table that
// the following keys belong to.
func (p *parser) header() table {
	off := p.i
	arr := strings.HasPrefix(p.src[p.i:], "[[")
	if arr {
		p.i += 2
	} else {
		p.i++
	}
	p.skipWS()
	// Key offsets are from base: the header for a known one, else the
	// file.
	path, base := p.knownHeader(off), off
	if path == nil {
		path, base = p.dottedKey(), 0
	}
	p.skipWS()
	if arr {
		if !strings.HasPrefix(p.src[p.i:], "]]") {
			p.errorf(p.i, "expected ]] to end the header, found %s", p.describe())
		}
		p.i += 2
	} else {
		if p.peek() != ']' {
			p.errorf(p.i, "expected ] to end the header, found %s", p.describe())
		}
		p.i++
	}
	p.key = ""
	var t table = rootTable{p}
	for j, k := range path {
		k.off += base
		kind, idx := t.lookup(k.name)
		m := t.meta()
		bit := uint16(1) << idx
		if kind == kUnknown {
			p.unknownKey(t, k)
		}
		if j == len(path)-1 {
			break
		}
		switch kind {
		case kScalar:
			p.errorf(k.off, "%s is a value, not a table", keyText(path[:j+1]))
		case kTable:
			if m.set&bit != 0 {
				p.errorf(k.off, "%s was defined by an inline table, which cannot be extended", keyText(path[:j+1]))
			}
			t = t.sub(idx)
		case kArray:
			if m.set&bit != 0 {
				p.errorf(k.off, "%s is a static array, which cannot be extended", keyText(path[:j+1]))
			}
			el := t.last(idx)
			if el == nil {
				p.errorf(k.off, "%s: no [[%s]] table before it", keyText(path), keyText(path[:j+1]))
			}
			t = el
		}
	}
	k := path[len(path)-1]
	kind, idx := t.lookup(k.name)
	m := t.meta()
	bit := uint16(1) << idx
	if arr {
		if kind != kArray {
			p.errorf(off, "[[%s]]: %s is not an array of tables", keyText(path), keyText(path))
		}
		if m.set&bit != 0 {
			p.errorf(off, "[[%s]]: %s was already given as a static array", keyText(path), keyText(path))
		}
		m.hdr |= bit
		return t.add(p, idx, off, false)
	}
	if kind != kTable {
		if kind == kArray {
			p.errorf(off, "[%s]: %s is an array of tables; write [[%s]]", keyText(path), keyText(path), keyText(path))
		}
		p.errorf(off, "[%s]: %s is not a table", keyText(path), keyText(path))
	}
	if (m.set|m.hdr|m.dot)&bit != 0 {
		p.errorf(off, "table [%s] is defined twice", keyText(path))
	}
	m.hdr |= bit
	*t.at(p, idx) = int32(off) + 1
	s := t.sub(idx)
	s.meta().off = int32(off) + 1
	s.meta().from = true
	return s
}

// fastHeader reads a [[cell.type]] or [[cell.type.variant]] header as
// Marshal writes it, when it extends the last cell (and type) without any
// problem, exactly as header would; else it reads nothing and returns nil.
func (p *parser) fastHeader() table {
	s, off := p.src, p.i
	variant := false
	switch {
	case hasKey(s, off, "[[cell.type]]"):
	case hasKey(s, off, "[[cell.type.variant]]"):
		variant = true
	default:
		return nil
	}
	n := len(p.lock.Cells)
	if p.rm.set&(1<<rkCell) != 0 || n == 0 {
		return nil
	}
	c := p.lock.Cells[n-1]
	if c.m.set&(1<<ckType) != 0 {
		return nil
	}
	p.key = ""
	if !variant {
		p.i += len("[[cell.type]]")
		c.m.hdr |= 1 << ckType
		return cellTable{c}.add(p, ckType, off, false)
	}
	nt := len(c.Types)
	if nt == 0 {
		return nil
	}
	ty := c.Types[nt-1]
	if ty.m.set&(1<<tkVariant) != 0 {
		return nil
	}
	p.i += len("[[cell.type.variant]]")
	ty.m.hdr |= 1 << tkVariant
	return typeTable{ty}.add(p, tkVariant, off, false)
}

// Known headers, as Marshal writes them; key offsets are from the '['.
var (
	cellPath        = []keyRef{{"cell", 2}}
	cellTypePath    = []keyRef{{"cell", 2}, {"type", 7}}
	cellVariantPath = []keyRef{{"cell", 2}, {"type", 7}, {"variant", 12}}
)

// knownHeader reads the key of a header as Marshal writes it,
// [[cell]], [[cell.type]] or [[cell.type.variant]], if it is one.
func (p *parser) knownHeader(off int) []keyRef {
	s := p.src[off:]
	var path []keyRef
	switch {
	case strings.HasPrefix(s, "[[cell]]"):
		path = cellPath
	case strings.HasPrefix(s, "[[cell.type]]"):
		path = cellTypePath
	case strings.HasPrefix(s, "[[cell.type.variant]]"):
		path = cellVariantPath
	default:
		return nil
	}
	last := path[len(path)-1]
	p.i = off + last.off + len(last.name)
	return path
}

// keyValue reads key = value into t.
func (p *parser) keyValue(t table) {
	path := p.dottedKey()
	p.skipWS()
	if p.peek() != '=' {
		p.errorf(p.i, "expected = after key %s, found %s", keyText(path), p.describe())
	}
	p.i++
	p.skipWS()
	for j, k := range path[:len(path)-1] {
		kind, idx := t.lookup(k.name)
		m := t.meta()
		bit := uint16(1) << idx
		switch kind {
		case kUnknown:
			p.unknownKey(t, k)
		case kTable:
			if (m.set|m.hdr)&bit != 0 {
				p.errorf(k.off, "key %s is already defined", keyText(path[:j+1]))
			}
			if m.dot&bit == 0 {
				*t.at(p, idx) = int32(k.off) + 1
			}
			m.dot |= bit
			t = t.sub(idx)
			t.meta().off = int32(k.off) + 1
			t.meta().from = true
		default:
			p.errorf(k.off, "%s is not a table; a dotted key cannot go through it", keyText(path[:j+1]))
		}
	}
	k := path[len(path)-1]
	kind, idx := t.lookup(k.name)
	if kind == kUnknown {
		p.unknownKey(t, k)
	}
	m := t.meta()
	bit := uint16(1) << idx
	if (m.set|m.hdr|m.dot)&bit != 0 {
		p.errorf(k.off, "key %s is set twice in %s", quoteKey(k.name), t.path())
	}
	m.set |= bit
	*t.at(p, idx) = int32(p.i) + 1
	p.key, p.ktab = k.name, t
	switch kind {
	case kScalar:
		t.scalar(p, idx)
	case kTable:
		if p.peek() != '{' {
			p.typeError("an inline table { ... }")
		}
		s := t.sub(idx)
		s.meta().off = int32(p.i) + 1
		s.meta().from = true
		p.inlineTable(s)
	case kArray:
		if p.peek() != '[' {
			p.typeError("an array of inline tables")
		}
		p.array(t, idx)
	}
	p.key, p.ktab = k.name, t
}

func (p *parser) inlineTable(t table) {
	p.i++ // {
	p.skipWS()
	if p.peek() == '}' {
		p.i++
		return
	}
	for {
		p.keyValue(t)
		p.skipWS()
		switch p.peek() {
		case ',':
			p.i++
			p.skipWS()
		case '}':
			p.i++
			return
		case '\n', '\r':
			p.errorf(p.i, "an inline table must be on one line: want , or } after the value of %s", quoteKey(p.key))
		default:
			p.errorf(p.i, "want , or } after the value of %s in the inline table, found %s", quoteKey(p.key), p.describe())
		}
	}
}

// array reads a static array of inline tables for key idx of t.
func (p *parser) array(t table, idx int) {
	key := p.key
	p.i++ // [
	p.fstart = len(p.fields)
	for {
		p.skipTrivia()
		switch p.peek() {
		case ']':
			p.i++
			t.done(p, idx)
			return
		case '{':
		default:
			p.errorf(p.i, "%s: want an inline table { ... } as array element, found %s", quoteKey(key), p.describe())
		}
		fast := p.fastField(t, idx)
		for fast && hasKey(p.src, p.i, ",\n  {") {
			// The next element, as Marshal writes it.
			p.i += 2
			p.line++
			p.ls = p.i
			p.i += 2
			fast = p.fastField(t, idx)
		}
		if !fast {
			el := t.add(p, idx, p.i, true)
			el.meta().off = int32(p.i) + 1
			p.inlineTable(el)
		}
		p.skipTrivia()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			t.done(p, idx)
			return
		default:
			p.errorf(p.i, "%s: want , or ] after an array element, found %s", quoteKey(key), p.describe())
		}
	}
}

// describe names what is at p.i, for messages.
func (p *parser) describe() string {
	if p.i >= len(p.src) {
		return "the end of the file"
	}
	switch c := p.src[p.i]; c {
	case '"', '\'':
		return "a string"
	case '[':
		return "an array"
	case '{':
		return "an inline table"
	case '\n', '\r':
		return "the end of the line"
	case '#':
		return "a comment"
	case ' ', '\t':
		return "white space"
	}
	tok := p.token()
	switch {
	case tok == "true" || tok == "false":
		return "a boolean"
	case tok == "":
		r, _ := utf8.DecodeRuneInString(p.src[p.i:])
		return strconv.QuoteRune(r)
	}
	switch classify(tok) {
	case 'i':
		return "an integer"
	case 'f':
		return "a float"
	case 'd':
		return "a date-time"
	}
	return strconv.Quote(tok)
}

// token returns the run of value characters at p.i.
func (p *parser) token() string {
	j := p.i
	for j < len(p.src) {
		c := p.src[j]
		if !(isBare(c) || c == '+' || c == '.' || c == ':') {
			break
		}
		j++
	}
	return p.src[p.i:j]
}

// classify tells an integer ('i'), float ('f'), date-time ('d') or
// anything else (0) by the look of a token.
func classify(tok string) byte {
	t := tok
	if t == "" {
		return 0
	}
	if len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b') {
		return 'i'
	}
	if strings.ContainsRune(t, ':') || len(t) > 4 && t[4] == '-' && isDigits(t[:4]) {
		return 'd'
	}
	if t[0] == '+' || t[0] == '-' {
		t = t[1:]
	}
	if t == "inf" || t == "nan" {
		return 'f'
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0
	}
	if strings.ContainsAny(t, ".eE") {
		return 'f'
	}
	return 'i'
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (p *parser) typeError(want string) {
	p.errorf(p.i, "%s in %s: want %s, found %s", quoteKey(p.key), p.ktab.path(), want, p.describe())
}

// Typed values.

func (p *parser) wantString() string {
	s, ok := p.str()
	if !ok {
		p.typeError("a string")
	}
	return s
}

func (p *parser) wantBool() bool {
	tok := p.token()
	switch tok {
	case "true":
		p.i += 4
		return true
	case "false":
		p.i += 5
		return false
	}
	p.typeError("a boolean")
	return false
}

// wantInt reads a non-negative integer.
func (p *parser) wantInt() uint64 {
	off := p.i
	tok := p.token()
	if classify(tok) != 'i' {
		p.typeError("an integer")
	}
	v, ok := parseInt(tok)
	if !ok {
		p.errorf(off, "%s: malformed integer %s", quoteKey(p.key), tok)
	}
	if v < 0 {
		p.errorf(off, "%s: %d is negative", quoteKey(p.key), v)
	}
	p.i += len(tok)
	return uint64(v)
}

// parseInt parses a TOML integer: decimal with optional sign and no
// leading zeros, or 0x, 0o, 0b; underscores only between digits.
func parseInt(tok string) (int64, bool) {
	s := tok
	neg := false
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		base, s = 16, s[2:]
	case strings.HasPrefix(s, "0o"):
		base, s = 8, s[2:]
	case strings.HasPrefix(s, "0b"):
		base, s = 2, s[2:]
	default:
		if s != "" && (s[0] == '+' || s[0] == '-') {
			neg = s[0] == '-'
			s = s[1:]
		}
		if len(s) > 1 && s[0] == '0' {
			return 0, false
		}
	}
	if s == "" {
		return 0, false
	}
	var v uint64
	prevDigit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			if !prevDigit || i == len(s)-1 {
				return 0, false
			}
			prevDigit = false
			continue
		}
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		prevDigit = true
		if v > (1<<64-1)/uint64(base) {
			return 0, false
		}
		v = v*uint64(base) + uint64(d)
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > 1<<63-1 {
		return 0, false
	}
	return int64(v), true
}

// str reads a string of any of TOML's four kinds; ok is false if there is
// no string at p.i.
func (p *parser) str() (s string, ok bool) {
	switch p.peek() {
	case '"':
		if strings.HasPrefix(p.src[p.i:], `"""`) {
			return p.multiline('"'), true
		}
		return p.basic(), true
	case '\'':
		if strings.HasPrefix(p.src[p.i:], `'''`) {
			return p.multiline('\''), true
		}
		return p.literal(), true
	}
	return "", false
}

func (p *parser) badChar(off int, c byte) {
	if c == '\n' || c == '\r' {
		p.errorf(p.i, "unterminated string: a quoted string ends on its line")
	}
	p.errorf(off, "control character %#02x in a string; write it as an escape", c)
}

func (p *parser) literal() string {
	start := p.i + 1
	for j := start; j < len(p.src); j++ {
		c := p.src[j]
		if c == '\'' {
			p.i = j + 1
			return p.src[start:j]
		}
		if c < 0x20 && c != '\t' || c == 0x7f {
			p.badChar(j, c)
		}
	}
	p.errorf(p.i, "unterminated string")
	return ""
}

func (p *parser) basic() string {
	start := p.i + 1
	for j := start; j < len(p.src); j++ {
		c := p.src[j]
		if c == '"' {
			p.i = j + 1
			return p.src[start:j]
		}
		if c == '\\' {
			var b strings.Builder
			b.WriteString(p.src[start:j])
			p.i = j
			return p.escaped(&b, false)
		}
		if c < 0x20 && c != '\t' || c == 0x7f {
			p.badChar(j, c)
		}
	}
	p.errorf(p.i, "unterminated string")
	return ""
}

// escaped continues a basic string (multi-line or not) at p.i, which is
// inside the string, writing its value to b; it returns the value.
func (p *parser) escaped(b *strings.Builder, multi bool) string {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			if !multi {
				p.i++
				return b.String()
			}
			if n := quotes(p.src[p.i:], '"'); n >= 3 {
				if n > 5 {
					p.errorf(p.i+5, "too many quotes at the end of a multi-line string")
				}
				b.WriteString(strings.Repeat(`"`, n-3))
				p.i += n
				return b.String()
			}
			b.WriteByte(c)
			p.i++
		case c == '\\':
			p.escape(b, multi)
		case c == '\n' || c == '\r':
			if !multi {
				p.errorf(p.i, "unterminated string: a quoted string ends on its line")
			}
			p.newline()
			b.WriteByte('\n')
		case c < 0x20 && c != '\t' || c == 0x7f:
			p.badChar(p.i, c)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	p.errorf(p.i, "unterminated string")
	return ""
}

func quotes(s string, q byte) int {
	n := 0
	for n < len(s) && s[n] == q {
		n++
	}
	return n
}

// escape reads one escape sequence at p.i.
func (p *parser) escape(b *strings.Builder, multi bool) {
	off := p.i
	p.i++
	if p.i >= len(p.src) {
		p.errorf(off, "unterminated string")
	}
	c := p.src[p.i]
	p.i++
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if p.i+n > len(p.src) {
			p.errorf(off, "short \\%c escape", c)
		}
		v, err := strconv.ParseUint(p.src[p.i:p.i+n], 16, 32)
		if err != nil || strings.ContainsAny(p.src[p.i:p.i+n], "+-_") {
			p.errorf(off, "malformed \\%c escape", c)
		}
		if v > utf8.MaxRune || v >= 0xd800 && v < 0xe000 {
			p.errorf(off, "\\%c%s is not a Unicode scalar value", c, p.src[p.i:p.i+n])
		}
		b.WriteRune(rune(v))
		p.i += n
	case ' ', '\t', '\n', '\r':
		if !multi {
			p.errorf(off, "invalid escape \\%c", c)
		}
		// A line-ending backslash: trim white space and newlines up to
		// the next other character.
		p.i--
		p.skipWS()
		if !p.newline() {
			p.errorf(off, "a backslash followed by white space must end the line")
		}
		for {
			p.skipWS()
			if !p.newline() {
				break
			}
		}
	default:
		p.errorf(off, "invalid escape \\%s", p.src[p.i-1:p.i-1+utf8RuneLen(p.src[p.i-1:])])
	}
}

func utf8RuneLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return max(n, 1)
}

// multiline reads a multi-line string opened by three quotes q.
func (p *parser) multiline(q byte) string {
	open := p.i
	p.i += 3
	// A newline right after the opening quotes is trimmed.
	p.newline()
	start := p.i
	delim := `'''`
	if q == '"' {
		delim = `"""`
	}
	n := strings.Index(p.src[start:], delim)
	if n < 0 {
		n = len(p.src) - start
	}
	body := p.src[start : start+n]
	if q == '"' && strings.IndexByte(body, '\\') >= 0 {
		var b strings.Builder
		return p.escaped(&b, true)
	}
	lines := strings.Count(body, "\n")
	if hasControlLines(body, lines) {
		for i := 0; i < len(body); i++ {
			c := body[i]
			if c == '\r' && i+1 < len(body) && body[i+1] == '\n' || byteClass[c]&notMultiline == 0 {
				continue
			}
			p.i = start + i
			if c == '\r' {
				p.errorf(p.i, "carriage return without a line feed")
			}
			p.badChar(p.i, c)
		}
	}
	if lines > 0 {
		p.line += lines
		p.ls = start + strings.LastIndexByte(body, '\n') + 1
	}
	p.i = start + n
	if p.i >= len(p.src) {
		p.errorf(open, "unterminated multi-line string")
	}
	// Up to two more quotes before the closing three belong to the body.
	k := quotes(p.src[p.i:], q)
	if k > 5 {
		p.errorf(p.i+5, "too many quotes at the end of a multi-line string")
	}
	p.i += k
	return normalizeNewlines(p.src[start : start+n+k-3])
}
