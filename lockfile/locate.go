package lockfile

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Positions are found in a lock's text only when something is reported:
// BurntSushi/toml decodes values, not where they are, and a lock that
// loads needs no positions. The scanner below walks text the library has
// accepted and says where each key, table and array element is. It
// follows the TOML grammar only as far as that needs; on other text it
// gives some answer and stops, never panics (FuzzLocate).
//
// It also finds what TOML 1.1 allows and a lock, TOML 1.0, does not: the
// library reads 1.1 (docs/lockfile.md §3).

// An event is one place where the scanner saw a path defined.
type event struct {
	// path names the key from the root, with the index of each array
	// element: cell[0].type[2].fields[1].name. bare is the same without
	// indices: cell.type.fields.name.
	path, bare string
	how        byte // byValue, ...
	off        int  // offset of the key (of an array element: the element)
	// val is the offset of the value: after "=", a header's '[', an
	// array element; for a part of a dotted key or of a header, the part.
	val int
	// text is the key as written: a header's whole key for byTable and
	// byArray, the key up to this part for byDotted and byHeader.
	text, header string
	str          string // the value, when it is a string
	isStr        bool
}

// How a path is defined.
const (
	byValue   = 'v' // key = value
	byTable   = 'h' // [table]
	byArray   = 'a' // [[array]]
	byDotted  = 'd' // a part of a dotted key, before its last
	byHeader  = 'p' // a part of a header's key, before its last
	byElement = 'e' // an element of an array value
)

type scanner struct {
	src    string
	i      int
	emit   func(*event)   // nil: only check TOML 1.0
	arrays map[string]int // the elements so far of each array of tables, by path
	first  int            // offset of the first table header, or -1
	errOff int            // the first TOML 1.1 construct, or -1
	errMsg string
}

func newScanner(src string, emit func(*event)) *scanner {
	return &scanner{src: src, emit: emit, arrays: map[string]int{}, first: -1, errOff: -1}
}

// check10 reports the first construct of src that TOML 1.1 allows and
// TOML 1.0 does not, for text BurntSushi/toml accepted.
func check10(filename, src string) error {
	s := newScanner(src, nil)
	s.run()
	if s.errOff >= 0 {
		return &Error{Pos: posOf(filename, src, s.errOff), Msg: s.errMsg}
	}
	return nil
}

func (s *scanner) more() bool { return s.i < len(s.src) }

func (s *scanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

// fail records a TOML 1.0 problem at off and stops the scan.
func (s *scanner) fail(off int, msg string) {
	if s.errOff < 0 {
		s.errOff, s.errMsg = off, msg
	}
	s.i = len(s.src)
}

func (s *scanner) add(e *event) {
	if s.emit != nil {
		s.emit(e)
	}
}

func (s *scanner) run() {
	if strings.HasPrefix(s.src, "\ufeff") {
		s.i = 3
	}
	table, bare := "", ""
	for s.more() {
		start := s.i
		s.trivia()
		if !s.more() {
			break
		}
		if s.src[s.i] == '[' {
			if s.first < 0 {
				s.first = s.i
			}
			table, bare = s.header()
		} else {
			s.keyValue(table, bare)
		}
		if s.i == start {
			s.i++ // not TOML: make progress
		}
	}
}

// ws skips spaces and tabs.
func (s *scanner) ws() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// trivia skips white space, newlines and comments.
func (s *scanner) trivia() {
	for s.more() {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		case '#':
			for s.more() && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}

// join appends a key part to a path.
func join(path, part string) string {
	if path == "" {
		return part
	}
	return path + "." + part
}

// keyPart is a key part as paths spell it: bare when it can be, else
// quoted.
func keyPart(name string) string {
	if name == "" {
		return `""`
	}
	for i := 0; i < len(name); i++ {
		if !isBare(name[i]) {
			return strconv.Quote(name)
		}
	}
	return name
}

// keyPath is the bare path of a key given as its parts.
func keyPath(parts []string) string {
	var p string
	for _, k := range parts {
		p = join(p, keyPart(k))
	}
	return p
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// key reads a dotted key: its parts and their offsets.
func (s *scanner) key() (parts []string, offs []int) {
	for {
		s.ws()
		offs = append(offs, s.i)
		if c := s.peek(); c == '"' || c == '\'' {
			parts = append(parts, s.str())
		} else {
			j := s.i
			for s.i < len(s.src) && isBare(s.src[s.i]) {
				s.i++
			}
			parts = append(parts, s.src[j:s.i])
		}
		s.ws()
		if s.peek() != '.' || len(parts) > 64 {
			return parts, offs
		}
		s.i++
	}
}

// header reads a [table] or [[array]] header and returns the path of the
// table it opens.
func (s *scanner) header() (path, bare string) {
	start := s.i
	arr := strings.HasPrefix(s.src[s.i:], "[[")
	s.i++
	if arr {
		s.i++
	}
	parts, offs := s.key()
	s.ws()
	if s.peek() == ']' {
		s.i++
		if arr && s.peek() == ']' {
			s.i++
		}
	}
	var text string
	for _, k := range parts {
		text = join(text, keyPart(k))
	}
	var prefix string
	for j, k := range parts {
		path, bare = join(path, keyPart(k)), join(bare, keyPart(k))
		prefix = join(prefix, keyPart(k))
		if j == len(parts)-1 {
			break
		}
		if n, ok := s.arrays[path]; ok {
			path += "[" + strconv.Itoa(n-1) + "]"
			continue
		}
		s.add(&event{path: path, bare: bare, how: byHeader, off: offs[j], val: offs[j], text: prefix, header: text})
	}
	off := offs[len(offs)-1]
	if !arr {
		s.add(&event{path: path, bare: bare, how: byTable, off: off, val: start, text: text})
		return path, bare
	}
	n := s.arrays[path]
	s.arrays[path] = n + 1
	if n == 0 {
		s.add(&event{path: path, bare: bare, how: byArray, off: off, val: start, text: text})
	}
	path += "[" + strconv.Itoa(n) + "]"
	s.add(&event{path: path, bare: bare, how: byArray, off: off, val: start, text: text})
	return path, bare
}

// keyValue reads key = value in the table at path; it returns the key's
// last part.
func (s *scanner) keyValue(path, bare string) string {
	parts, offs := s.key()
	var text string
	for j, k := range parts {
		path, bare = join(path, keyPart(k)), join(bare, keyPart(k))
		text = join(text, keyPart(k))
		if j < len(parts)-1 {
			s.add(&event{path: path, bare: bare, how: byDotted, off: offs[j], val: offs[j], text: text})
		}
	}
	s.ws()
	if s.peek() == '=' {
		s.i++
	}
	s.ws()
	e := &event{path: path, bare: bare, how: byValue, off: offs[len(offs)-1], val: s.i}
	e.str, e.isStr = s.value(path, bare)
	s.add(e)
	return parts[len(parts)-1]
}

// value reads a value; it returns a string value.
func (s *scanner) value(path, bare string) (string, bool) {
	switch s.peek() {
	case '"', '\'':
		return s.str(), true
	case '{':
		s.inline(path, bare)
	case '[':
		s.array(path, bare)
	default:
		j := s.i
		for s.i < len(s.src) && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.i])) {
			s.i++
		}
		// A date and a time may be separated by a space.
		if s.i-j == 10 && s.src[j+4] == '-' && s.i+1 < len(s.src) && s.src[s.i] == ' ' && s.src[s.i+1] >= '0' && s.src[s.i+1] <= '9' {
			for s.i++; s.i < len(s.src) && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.i])); s.i++ {
			}
		}
	}
	return "", false
}

// inline reads an inline table, which TOML 1.0 keeps on one line without
// a trailing comma or comments.
func (s *scanner) inline(path, bare string) {
	s.i++ // {
	const oneLine = "an inline table must be on one line"
	for s.more() {
		s.ws()
		switch s.peek() {
		case '}':
			s.i++
			return
		case '\r', '\n', '#':
			s.fail(s.i, oneLine)
			return
		}
		key := s.keyValue(path, bare)
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
			s.ws()
			if s.peek() == '}' {
				s.fail(s.i, "expected a key, found '}'")
				return
			}
		case '}':
			s.i++
			return
		case '\r', '\n', '#':
			s.fail(s.i, oneLine+": want , or } after the value of "+keyPart(key))
			return
		default:
			return // not TOML
		}
	}
}

// array reads an array value.
func (s *scanner) array(path, bare string) {
	s.i++ // [
	for n := 0; s.more(); n++ {
		s.trivia()
		if s.peek() == ']' {
			s.i++
			return
		}
		e := &event{path: path + "[" + strconv.Itoa(n) + "]", bare: bare, how: byElement, off: s.i, val: s.i}
		start := s.i
		e.str, e.isStr = s.value(e.path, bare)
		s.add(e)
		s.trivia()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
		default:
			if s.i == start {
				return // not TOML
			}
		}
	}
}

// str reads a string of any of TOML's four kinds and returns its value.
func (s *scanner) str() string {
	q := s.src[s.i]
	delim := string([]byte{q, q, q})
	multi := strings.HasPrefix(s.src[s.i:], delim)
	if multi {
		s.i += 3
		if strings.HasPrefix(s.src[s.i:], "\r\n") {
			s.i += 2
		} else if s.peek() == '\n' {
			s.i++
		}
	} else {
		s.i++
		delim = delim[:1]
	}
	var b strings.Builder
	for s.more() {
		// The common case: no escape before the end.
		end := strings.Index(s.src[s.i:], delim)
		if end < 0 {
			end = len(s.src) - s.i
		}
		if !multi {
			if nl := strings.IndexByte(s.src[s.i:s.i+end], '\n'); nl >= 0 {
				end = nl // not TOML
			}
		}
		esc := -1
		if q == '"' {
			esc = strings.IndexByte(s.src[s.i:s.i+end], '\\')
		}
		if esc < 0 {
			b.WriteString(s.src[s.i : s.i+end])
			s.i += end
			if strings.HasPrefix(s.src[s.i:], delim) {
				s.i += len(delim)
				// Up to two more quotes belong to the string.
				for n := 0; multi && n < 2 && s.peek() == q; n++ {
					b.WriteByte(q)
					s.i++
				}
			}
			return b.String()
		}
		b.WriteString(s.src[s.i : s.i+esc])
		s.i += esc
		s.escape(&b, multi)
	}
	return b.String()
}

// escape reads the escape sequence at s.i, in a basic string.
func (s *scanner) escape(b *strings.Builder, multi bool) {
	off := s.i
	s.i++
	c := s.peek()
	s.i++
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
	case '"', '\\':
		b.WriteByte(c)
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if s.i+n <= len(s.src) {
			if v, err := strconv.ParseUint(s.src[s.i:s.i+n], 16, 32); err == nil {
				b.WriteRune(rune(v))
			}
			s.i += n
		}
	case ' ', '\t', '\r', '\n':
		if !multi {
			s.fail(off, "invalid escape \\"+string(c))
			return
		}
		// A line-ending backslash: white space and newlines go.
		for s.more() && strings.IndexByte(" \t\r\n", s.src[s.i]) >= 0 {
			s.i++
		}
	default:
		r, _ := utf8.DecodeRuneInString(s.src[off+1:])
		s.fail(off, "invalid escape \\"+string(r))
	}
}

// posOf computes the position of offset off in src: lines are counted
// by their LFs, columns in bytes, after a BOM on the first line.
func posOf(file, src string, off int) Pos {
	off = min(max(off, 0), len(src))
	line := 1 + strings.Count(src[:off], "\n")
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	if ls == 0 && strings.HasPrefix(src, "\ufeff") && off >= 3 {
		ls = 3
	}
	return Pos{File: file, Line: line, Col: off - ls + 1}
}

// index is where everything is in one lock text.
type index struct {
	file  string
	src   string
	lines []int             // offsets of line starts
	paths map[string]*event // the first event of each path
	bare  map[string]*event // ... and of each bare path
	names map[string]string // element path by array path + "\x00" + name
	first int               // offset of the first header, or -1
}

func newIndex(file, src string) *index {
	x := &index{file: file, src: src, lines: []int{0}, paths: map[string]*event{}, bare: map[string]*event{}, names: map[string]string{}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			x.lines = append(x.lines, i+1)
		}
	}
	s := newScanner(src, func(e *event) {
		if x.paths[e.path] == nil {
			x.paths[e.path] = e
		}
		if x.bare[e.bare] == nil {
			x.bare[e.bare] = e
		}
		if elem, ok := strings.CutSuffix(e.path, ".name"); ok && e.how == byValue && e.isStr {
			if i := strings.LastIndexByte(elem, '['); i > 0 && strings.HasSuffix(elem, "]") {
				key := elem[:i] + "\x00" + e.str
				if _, dup := x.names[key]; !dup {
					x.names[key] = elem
				}
			}
		}
	})
	s.run()
	x.first = s.first
	return x
}

// pos returns the position of offset off.
func (x *index) pos(off int) Pos {
	off = min(max(off, 0), len(x.src))
	l := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > off }) - 1
	col := off - x.lines[l] + 1
	if l == 0 && strings.HasPrefix(x.src, "\ufeff") && off >= 3 {
		col -= 3
	}
	return Pos{File: x.file, Line: l + 1, Col: col}
}

// at returns the position of the value at path, or of the nearest
// enclosing table or element the file has; ok is false when there is
// none.
func (x *index) at(path string) (Pos, bool) {
	for path != "" {
		if e := x.paths[path]; e != nil {
			return x.pos(e.val), true
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return Pos{File: x.file}, false
}

// canonLine returns the line of the first line of the canonical text of
// the cell at path, when the text is a multi-line literal string (the
// lines of another string do not map to the file's), or 0.
func (x *index) canonLine(cell string) int {
	e := x.paths[cell+".canonical"]
	if e == nil || !strings.HasPrefix(x.src[e.val:], "'''") {
		return 0
	}
	line := x.pos(e.val).Line
	if rest := x.src[e.val+3:]; strings.HasPrefix(rest, "\n") || strings.HasPrefix(rest, "\r\n") {
		line++
	}
	return line
}

// element returns the path of the element of the array at path named
// name, or "".
func (x *index) element(path, name string) string {
	return x.names[path+"\x00"+name]
}

// A Locator finds the cells, types, variants and fields of a lock in its
// text, for diagnostics that point into the lock. The model read by
// Parse holds no positions: a lock that loads needs none, and most uses
// of a lock report nothing.
type Locator struct{ x *index }

// NewLocator indexes data, the text of the lock file filename, which
// Parse accepts.
func NewLocator(filename string, data []byte) *Locator {
	return &Locator{newIndex(filename, string(data))}
}

// Pos returns the position of an element: of cell's [[cell]] header; with
// typ, of its [[cell.type]] header; with variant, of that
// [[cell.type.variant]] header; with field, of the field's inline table
// (its '{') in the type or variant. It returns the zero Pos when the lock
// has no such element.
func (l *Locator) Pos(cell, typ, variant, field string) Pos {
	p := l.x.element("cell", cell)
	for _, step := range [...]struct{ key, name string }{{"type", typ}, {"variant", variant}, {"fields", field}} {
		if p == "" || step.name == "" {
			continue
		}
		p = l.x.element(p+"."+step.key, step.name)
	}
	if e := l.x.paths[p]; p != "" && e != nil {
		return l.x.pos(e.val)
	}
	return Pos{}
}
