package rustschema

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// ParseCanonical reads a schema's canonical text (docs/fingerprint.md §2),
// as a cell serves it and cell.lock stores it, back into a schema and its
// profile. The text must be exactly canonical: ParseCanonical writes the
// result again and rejects any difference, so that a text and the schema
// it denotes can never disagree.
func ParseCanonical(filename string, text []byte) (*Schema, Profile, error) {
	p := &canonParser{file: filename, lines: strings.SplitAfter(string(text), "\n")}
	s, prof, err := p.parse()
	if err != nil {
		return nil, Profile{}, err
	}
	// Only the text is written again, not the digests Canon adds to it.
	if again, _ := canonText(s, prof); !bytes.Equal(again, text) {
		line := 1
		for i := 0; i < len(again) && i < len(text) && again[i] == text[i]; i++ {
			if text[i] == '\n' {
				line++
			}
		}
		return nil, Profile{}, &Error{Pos{filename, line, 1}, "text is not in canonical form (docs/fingerprint.md §2)"}
	}
	return s, prof, nil
}

type canonParser struct {
	file   string
	lines  []string
	n      int      // current line, 1-based, after next()
	fields []string // the current line's fields, reused by every next()
}

func (p *canonParser) errf(col int, format string, args ...any) error {
	return &Error{Pos{p.file, p.n, col}, fmt.Sprintf(format, args...)}
}

// next returns the next line's fields, or nil at the end. The slice is
// valid until the next call.
func (p *canonParser) next() ([]string, bool) {
	if p.n >= len(p.lines) || (p.n == len(p.lines)-1 && p.lines[p.n] == "") {
		p.n++
		return nil, false
	}
	line := strings.TrimSuffix(p.lines[p.n], "\n")
	p.n++
	p.fields = p.fields[:0]
	for {
		field, rest, more := strings.Cut(line, " ")
		p.fields = append(p.fields, field)
		if !more {
			return p.fields, true
		}
		line = rest
	}
}

func (p *canonParser) parse() (*Schema, Profile, error) {
	s := &Schema{File: p.file}
	var prof Profile
	f, ok := p.next()
	if !ok || len(f) != 2 || f[0] != "cfp" || f[1] != "1" {
		return nil, prof, p.errf(1, "want the header line \"cfp 1\"")
	}
	f, ok = p.next()
	if !ok || len(f) != 2 || f[0] != "schema_version" {
		return nil, prof, p.errf(1, "want \"schema_version N\"")
	}
	v, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return nil, prof, p.errf(16, "bad schema_version %q", f[1])
	}
	s.SchemaVersion = v
	f, ok = p.next()
	if !ok || len(f) < 2 || f[0] != "profile" {
		return nil, prof, p.errf(1, "want \"profile ...\"")
	}
	if prof, err = parseCanonProfile(f[1:]); err != nil {
		return nil, prof, p.errf(9, "%v", err)
	}
	var refs []*Type
	for {
		f, ok = p.next()
		if !ok {
			break
		}
		d, r, err := p.def(f)
		if err != nil {
			return nil, prof, err
		}
		if n := len(s.Types); n > 0 && s.Types[n-1].Name >= d.Name {
			return nil, prof, &Error{d.Pos, fmt.Sprintf("type %s after %s: types must be sorted by name, each once", d.Name, s.Types[n-1].Name)}
		}
		s.Types = append(s.Types, d)
		refs = append(refs, r...)
	}
	if len(s.Types) == 0 {
		return nil, prof, p.errf(1, "no types")
	}
	for _, t := range refs {
		if t.Kind == Std {
			if d := s.Lookup(t.Name); d != nil {
				t.Kind, t.Def = Local, d
			}
			continue
		}
		if t.Def = s.Lookup(t.Name); t.Def == nil {
			return nil, prof, &Error{t.Pos, fmt.Sprintf("unknown type %s", t.Name)}
		}
	}
	return s, prof, nil
}

func parseCanonProfile(f []string) (Profile, error) {
	p := Profile{Rkyv: strings.TrimPrefix(f[0], "rkyv")}
	want := 4
	if p.Rkyv == "0.7" || p.Rkyv == "0.8" {
		if len(f) != want {
			return p, fmt.Errorf("profile %q: want %d words", strings.Join(f, " "), want)
		}
	} else {
		return p, fmt.Errorf("unknown rkyv version in profile %q", f[0])
	}
	switch f[1] {
	case "le":
		p.Endian = "little"
	case "be":
		p.Endian = "big"
	default:
		return p, fmt.Errorf("bad endianness %q (want le or be)", f[1])
	}
	width := f[2]
	if p.Rkyv == "0.8" {
		switch f[2] {
		case "aligned":
		case "unaligned":
			p.Unaligned = true
		default:
			return p, fmt.Errorf("bad alignment %q (want aligned or unaligned)", f[2])
		}
		width = f[3]
	} else {
		switch f[3] {
		case "strict":
			p.Strict = true
		case "nonstrict":
		default:
			return p, fmt.Errorf("bad 0.7 mode %q (want strict or nonstrict)", f[3])
		}
	}
	w, err := strconv.Atoi(strings.TrimPrefix(width, "p"))
	if err != nil || !strings.HasPrefix(width, "p") {
		return p, fmt.Errorf("bad pointer width %q (want p16, p32 or p64)", width)
	}
	p.PointerWidth = w
	return p, p.Validate()
}

// def reads one definition whose first line's fields are f. It returns the
// local type references to link once every definition is known.
func (p *canonParser) def(f []string) (*TypeDef, []*Type, error) {
	d := &TypeDef{Pos: Pos{p.file, p.n, 1}}
	var refs []*Type
	i := 2
	switch {
	case len(f) >= 5 && f[0] == "struct":
		d.Kind = Struct
		shape, err := parseShape(f[2])
		if err != nil {
			return nil, nil, p.errf(len(f[0])+len(f[1])+3, "%v", err)
		}
		d.Shape = shape
		i = 3
	case len(f) >= 4 && f[0] == "enum":
		d.Kind = Enum
	default:
		return nil, nil, p.errf(1, "want \"struct NAME SHAPE repr=R archived=R\" or \"enum NAME repr=R archived=R\"")
	}
	d.Name = f[1]
	var err error
	if d.Repr, err = parseReprWord(f[i], "repr="); err != nil {
		return nil, nil, p.errf(col(f, i), "%v", err)
	}
	if d.ArchivedRepr, err = parseReprWord(f[i+1], "archived="); err != nil {
		return nil, nil, p.errf(col(f, i+1), "%v", err)
	}
	switch rest := f[i+2:]; {
	case len(rest) == 1 && strings.HasPrefix(rest[0], "as="):
		d.As = rest[0][3:]
	case len(rest) != 0:
		return nil, nil, p.errf(col(f, i+2), "unexpected %q", rest[0])
	}
	var cur *Variant
	for {
		f, ok := p.next()
		if !ok {
			return nil, nil, p.errf(1, "%s %s: missing \"end\"", d.Kind, d.Name)
		}
		switch f[0] {
		case "end":
			if len(f) != 1 {
				return nil, nil, p.errf(5, "unexpected text after end")
			}
			if err := checkUnique(d); err != nil {
				return nil, nil, err
			}
			return d, refs, nil
		case "field":
			if len(f) < 3 {
				return nil, nil, p.errf(1, "want \"field NAME TYPE\"")
			}
			fl := &Field{Name: f[1], Pos: Pos{p.file, p.n, 1}}
			tp := typeParser{s: f[2], pos: Pos{p.file, p.n, col(f, 2)}}
			if fl.Type, err = tp.parse(); err != nil {
				return nil, nil, err
			}
			refs = append(refs, tp.locals...)
			for j, w := range f[3:] {
				name, ok := strings.CutPrefix(w, "with=")
				if !ok || name == "" {
					return nil, nil, p.errf(col(f, 3+j), "want with=WRAPPER, found %q", w)
				}
				fl.With = append(fl.With, name)
			}
			if d.Kind == Enum {
				if cur == nil {
					return nil, nil, p.errf(1, "field before the first variant of enum %s", d.Name)
				}
				cur.Fields = append(cur.Fields, fl)
			} else {
				d.Fields = append(d.Fields, fl)
			}
		case "variant":
			if d.Kind != Enum || len(f) != 4 {
				return nil, nil, p.errf(1, "want \"variant NAME SHAPE disc=N\" inside an enum")
			}
			shape, err := parseShape(f[2])
			if err != nil {
				return nil, nil, p.errf(col(f, 2), "%v", err)
			}
			ds, ok := strings.CutPrefix(f[3], "disc=")
			disc, err := strconv.ParseInt(ds, 10, 64)
			if !ok || err != nil {
				return nil, nil, p.errf(col(f, 3), "want disc=INTEGER, found %q", f[3])
			}
			cur = &Variant{Name: f[1], Pos: Pos{p.file, p.n, 1}, Shape: shape, Disc: disc, Explicit: true}
			d.Variants = append(d.Variants, cur)
		default:
			return nil, nil, p.errf(1, "want field, variant or end, found %q", f[0])
		}
	}
}

// col returns the 1-based column of field i of a line split on spaces.
func col(f []string, i int) int {
	c := 1
	for _, w := range f[:i] {
		c += len(w) + 1
	}
	return c
}

func parseShape(s string) (Shape, error) {
	switch s {
	case "named":
		return Named, nil
	case "tuple":
		return Tuple, nil
	case "unit":
		return Unit, nil
	}
	return 0, fmt.Errorf("bad shape %q (want named, tuple or unit)", s)
}

func parseReprWord(w, prefix string) (Repr, error) {
	var r Repr
	v, ok := strings.CutPrefix(w, prefix)
	if !ok {
		return r, fmt.Errorf("want %sR, found %q", prefix, w)
	}
	if v == "rust" {
		return r, nil
	}
	for _, a := range strings.Split(v, ",") {
		switch {
		case a == "C":
			r.C = true
		case a == "transparent":
			r.Transparent = true
		case reprInts[a]:
			r.Int = a
		case strings.HasPrefix(a, "align(") && strings.HasSuffix(a, ")"):
			n, err := strconv.ParseUint(a[6:len(a)-1], 10, 64)
			if err != nil || n == 0 {
				return r, fmt.Errorf("bad %q", a)
			}
			r.Align = n
		case strings.HasPrefix(a, "packed(") && strings.HasSuffix(a, ")"):
			n, err := strconv.ParseUint(a[7:len(a)-1], 10, 64)
			if err != nil || n == 0 {
				return r, fmt.Errorf("bad %q", a)
			}
			r.Packed = n
		default:
			return r, fmt.Errorf("unknown repr argument %q", a)
		}
	}
	return r, nil
}

var reprInts = map[string]bool{
	"u8": true, "u16": true, "u32": true, "u64": true, "u128": true, "usize": true,
	"i8": true, "i16": true, "i32": true, "i64": true, "i128": true, "isize": true,
}

var canonPrims = map[string]bool{
	"u8": true, "u16": true, "u32": true, "u64": true, "u128": true, "usize": true,
	"i8": true, "i16": true, "i32": true, "i64": true, "i128": true, "isize": true,
	"f32": true, "f64": true, "bool": true, "char": true,
	"NonZeroU8": true, "NonZeroU16": true, "NonZeroU32": true, "NonZeroU64": true, "NonZeroU128": true, "NonZeroUsize": true,
	"NonZeroI8": true, "NonZeroI16": true, "NonZeroI32": true, "NonZeroI64": true, "NonZeroI128": true, "NonZeroIsize": true,
}

// stdArity is the number of type arguments of each std type.
var stdArity = map[string]struct {
	kind TypeKind
	n    int
}{
	"String": {String, 0}, "Duration": {Duration, 0},
	"Vec": {Vec, 1}, "Box": {Box, 1}, "Option": {Option, 1}, "HashSet": {HashSet, 1},
	"BTreeSet": {BTreeSet, 1}, "PhantomData": {PhantomData, 1},
	"Result": {Result, 2}, "HashMap": {HashMap, 2}, "BTreeMap": {BTreeMap, 2},
}

// typeParser reads one canonical type expression (no spaces).
type typeParser struct {
	s      string
	i      int
	pos    Pos // of s[0]
	depth  int
	locals []*Type
}

func (tp *typeParser) errf(format string, args ...any) error {
	pos := tp.pos
	pos.Col += tp.i
	return &Error{pos, fmt.Sprintf(format, args...)}
}

func (tp *typeParser) parse() (*Type, error) {
	t, err := tp.typ()
	if err != nil {
		return nil, err
	}
	if tp.i != len(tp.s) {
		return nil, tp.errf("unexpected %q after type", tp.s[tp.i:])
	}
	return t, nil
}

func (tp *typeParser) eat(c byte) bool {
	if tp.i < len(tp.s) && tp.s[tp.i] == c {
		tp.i++
		return true
	}
	return false
}

func (tp *typeParser) typ() (*Type, error) {
	if tp.depth++; tp.depth > 200 {
		return nil, tp.errf("type nested too deeply")
	}
	defer func() { tp.depth-- }()
	start := tp.i
	pos := tp.pos
	pos.Col += start
	switch {
	case tp.eat('('):
		if tp.eat(')') {
			return &Type{Kind: UnitType, Pos: pos}, nil
		}
		t := &Type{Kind: TupleType, Pos: pos}
		for {
			a, err := tp.typ()
			if err != nil {
				return nil, err
			}
			t.Args = append(t.Args, a)
			if tp.eat(')') {
				return t, nil
			}
			if !tp.eat(',') {
				return nil, tp.errf("want , or ) in tuple")
			}
			if tp.eat(')') {
				if len(t.Args) != 1 {
					return nil, tp.errf("trailing comma in a tuple of %d", len(t.Args))
				}
				return t, nil
			}
		}
	case tp.eat('&'):
		elem, err := tp.typ()
		if err != nil {
			return nil, err
		}
		return &Type{Kind: Ref, Args: []*Type{elem}, Pos: pos}, nil
	case tp.eat('['):
		elem, err := tp.typ()
		if err != nil {
			return nil, err
		}
		if tp.eat(']') {
			return &Type{Kind: Slice, Args: []*Type{elem}, Pos: pos}, nil
		}
		if !tp.eat(';') {
			return nil, tp.errf("want ; or ] in array type")
		}
		j := tp.i
		for tp.i < len(tp.s) && tp.s[tp.i] >= '0' && tp.s[tp.i] <= '9' {
			tp.i++
		}
		n, err := strconv.ParseUint(tp.s[j:tp.i], 10, 64)
		if err != nil || !tp.eat(']') {
			return nil, tp.errf("want a decimal array length and ]")
		}
		return &Type{Kind: Array, Args: []*Type{elem}, Len: n, Pos: pos}, nil
	}
	for tp.i < len(tp.s) && !strings.ContainsRune("<>,()[];", rune(tp.s[tp.i])) {
		tp.i++
	}
	name := tp.s[start:tp.i]
	if name == "" {
		return nil, tp.errf("want a type")
	}
	var args []*Type
	if tp.eat('<') {
		for {
			a, err := tp.typ()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if tp.eat('>') {
				break
			}
			if !tp.eat(',') {
				return nil, tp.errf("want , or > in type arguments")
			}
		}
	}
	switch {
	case canonPrims[name] && args == nil:
		return &Type{Kind: Prim, Name: name, Pos: pos}, nil
	case name == "str" && args == nil:
		return &Type{Kind: Str, Pos: pos}, nil
	}
	if std, ok := stdArity[name]; ok {
		if len(args) != std.n {
			return nil, &Error{pos, fmt.Sprintf("%s takes %d type arguments, found %d", name, std.n, len(args))}
		}
		return &Type{Kind: std.kind, Args: args, Pos: pos}, nil
	}
	if si := stdByName[name]; si != nil && (args != nil || si.arity == 0) {
		if len(args) != si.arity {
			return nil, &Error{pos, fmt.Sprintf("%s takes %d type arguments, found %d", name, si.arity, len(args))}
		}
		t := &Type{Kind: Std, Name: name, Args: args, Pos: pos}
		if args == nil { // a local type of the same name wins, as in the source
			tp.locals = append(tp.locals, t)
		}
		return t, nil
	}
	if args != nil {
		return nil, &Error{pos, fmt.Sprintf("local type %s cannot take type arguments", name)}
	}
	t := &Type{Kind: Local, Name: name, Pos: pos}
	tp.locals = append(tp.locals, t)
	return t, nil
}

// checkUnique reports a duplicate field or variant name, which no Rust
// source can produce.
func checkUnique(d *TypeDef) error {
	fields := func(fs []*Field) error {
		seen := map[string]bool{}
		for _, f := range fs {
			if seen[f.Name] {
				return &Error{f.Pos, fmt.Sprintf("duplicate field %s in %s", f.Name, d.Name)}
			}
			seen[f.Name] = true
		}
		return nil
	}
	if err := fields(d.Fields); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, v := range d.Variants {
		if seen[v.Name] {
			return &Error{v.Pos, fmt.Sprintf("duplicate variant %s in %s", v.Name, d.Name)}
		}
		seen[v.Name] = true
		if err := fields(v.Fields); err != nil {
			return err
		}
	}
	return nil
}
