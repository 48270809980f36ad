package lockfile

import (
	"encoding/hex"
	"fmt"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// Check validates a lock built or changed in memory with the rules Parse
// applies to a file (docs/lockfile.md, "Validation"). Update checks before
// it writes, so that a lock on disk always loads.
func (l *Lock) Check() error {
	k := &checker{file: l.File}
	k.checkLock(l)
	return k.err()
}

// Check validates one cell, as Lock.Check does.
func (c *Cell) Check() error {
	k := &checker{}
	k.checkCell(c)
	return k.err()
}

// checker collects validation problems. For a lock parsed from a file,
// src is its text and from what the text says beyond the model; for a
// lock built in memory both are empty, and problems have no position.
type checker struct {
	file string
	src  string
	from *from
	idx  *index // where things are in src, found at the first problem
	errs ErrorList
}

func (k *checker) err() error {
	if len(k.errs) == 0 {
		return nil
	}
	sort.SliceStable(k.errs, func(i, j int) bool {
		a, b := k.errs[i].Pos, k.errs[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	if len(k.errs) > maxErrors {
		k.errs = k.errs[:maxErrors]
	}
	return k.errs
}

// ctx names the element a problem is in.
type ctx struct {
	c *Cell
	t *Type
	v *Variant
	f *Field
}

func (x ctx) String() string {
	var parts []string
	if x.c != nil {
		parts = append(parts, "cell "+quoteName(x.c.Name))
	}
	if x.t != nil {
		parts = append(parts, "type "+quoteName(x.t.Name))
	}
	if x.v != nil {
		parts = append(parts, "variant "+quoteName(x.v.Name))
	}
	if x.f != nil {
		parts = append(parts, "field "+quoteName(x.f.Name))
	}
	return strings.Join(parts, ", ")
}

func quoteName(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == '"' }) {
		return s
	}
	return strconv.Quote(s)
}

// loc is where a problem is reported: the value of key ("source.path" for
// a key of a sub-table) of the element x names, or where the key is not
// in the file, the nearest table or element that is; with no key, the
// element's header or '{'.
type loc struct {
	x   ctx
	key string
}

// pos returns the position of l in the file, the zero Pos for a lock
// built in memory.
func (k *checker) pos(l loc) Pos {
	if k.src == "" || k.from == nil {
		return Pos{}
	}
	if k.idx == nil {
		k.idx = newIndex(k.file, k.src)
	}
	p, _ := k.idx.at(join(k.path(l.x), l.key))
	return p
}

// path returns the path in the file of the element x names.
func (k *checker) path(x ctx) string {
	cf, tf := k.from.cells[x.c], k.from.types[x.t]
	if cf == nil {
		return ""
	}
	p := "cell[" + strconv.Itoa(cf.index) + "]"
	if tf == nil {
		return p
	}
	p += ".type[" + strconv.Itoa(tf.index) + "]"
	fs := x.t.Fields
	if x.v != nil {
		p += ".variant[" + strconv.Itoa(indexOf(x.t.Variants, x.v)) + "]"
		fs = x.v.Fields
	}
	if x.f != nil {
		p += ".fields[" + strconv.Itoa(indexOf(fs, x.f)) + "]"
	}
	return p
}

// indexOf returns the index of the element e points at in s.
func indexOf[E any](s []E, e *E) int {
	for i := range s {
		if &s[i] == e {
			return i
		}
	}
	return -1
}

// add records a problem at l.
func (k *checker) add(l loc, x ctx, format string, args ...any) {
	if len(k.errs) >= 10*maxErrors {
		return
	}
	k.errs = append(k.errs, &Error{Pos: k.pos(l), Msg: message(x, format, args...)})
}

func message(x ctx, format string, args ...any) string {
	msg := fmt.Sprintf(format, args...)
	if s := x.String(); s != "" {
		msg = s + ": " + msg
	}
	return msg
}

// addLine records a problem at line n of the canonical text of c, when
// the lock's lines show it, else at the canonical key.
func (k *checker) addLine(c *Cell, n int, x ctx, format string, args ...any) {
	if k.src == "" || k.from == nil || len(k.errs) >= 10*maxErrors {
		k.add(loc{ctx{c: c}, "canonical"}, x, format, args...)
		return
	}
	if k.idx == nil {
		k.idx = newIndex(k.file, k.src)
	}
	first := k.idx.canonLine(k.path(ctx{c: c}))
	if first == 0 {
		k.add(loc{ctx{c: c}, "canonical"}, x, format, args...)
		return
	}
	k.errs = append(k.errs, &Error{Pos: Pos{File: k.file, Line: first + n - 1, Col: 1}, Msg: message(x, format, args...)})
}

// also says where the first of two elements with the same name is.
func (k *checker) also(x ctx) string {
	if p := k.pos(loc{x: x}); p.Line > 0 {
		return fmt.Sprintf(" (first at line %d)", p.Line)
	}
	return ""
}

// missing reports the required keys (req) that a table read from a file
// lacks (keys are those it has) and returns them.
func (k *checker) missing(keys, req uint16, names []string, l loc, x ctx, what string) uint16 {
	miss := req &^ keys
	if miss == 0 {
		return 0
	}
	var list []string
	for i, key := range names {
		if miss&(1<<i) != 0 {
			list = append(list, key)
		}
	}
	k.add(l, x, "%s has no %s; cell.lock is written by cellvet add: restore it from version control or re-pin the cell", what, strings.Join(list, ", "))
	return miss
}

func bit(i int) uint16 { return 1 << i }

// has reports whether key i is in keys.
func has(keys uint16, i int) bool { return keys&bit(i) != 0 }

// set returns the bits of the keys whose values are true.
func set(vals ...bool) uint16 {
	var bits uint16
	for i, v := range vals {
		if v {
			bits |= 1 << i
		}
	}
	return bits
}

func repin(c *Cell) string {
	if c == nil || c.Name == "" {
		return "restore cell.lock from version control or rebuild it with cellvet add NAME ... --repair"
	}
	cmd := c.AddCommand()
	if c.Source.Kind == SourceBinary {
		// The repair drops this entry, and with it the schema that
		// names the binary's types: it must come from the schema file.
		cmd = strings.Replace(cmd, " --binary ", " --schema SCHEMA.rs --binary ", 1)
	}
	return "restore cell.lock from version control or re-pin the cell: " + cmd + " --repair"
}

func (k *checker) checkLock(l *Lock) {
	if l.Version != Version {
		k.add(loc{key: "version"}, ctx{}, "unsupported lock version %d: this cellvet reads version %d; use the cellvet that wrote the lock, or rebuild the lock with cellvet add NAME ... --repair", l.Version, Version)
	}
	for i, c := range l.Cells {
		if c == nil {
			k.add(loc{}, ctx{}, "cell %d is nil", i)
			continue
		}
		k.checkCell(c)
	}
	// Cells are sorted by name, stably: a duplicate follows its first.
	for i := 1; i < len(l.Cells); i++ {
		a, b := l.Cells[i-1], l.Cells[i]
		if a == nil || b == nil || a.Name != b.Name || a.Name == "" {
			continue
		}
		k.add(loc{ctx{c: b}, "name"}, ctx{}, "cell %s is pinned twice%s; keep one [[cell]] table: remove the other or re-pin the cell with %s --repair", quoteName(b.Name), k.also(ctx{c: a}), b.AddCommand())
	}
}

// cellFrom returns what the file says about c, or for a cell built in
// memory, every key.
func (k *checker) cellFrom(c *Cell) *cellFrom {
	if k.from != nil {
		if f := k.from.cells[c]; f != nil {
			return f
		}
	}
	s := &c.Source
	return &cellFrom{keys: 1<<nCellKeys - 1, profile: 1<<nProfileKeys - 1, source: set(s.Kind != "", s.Path != "", s.Addr != "", s.Module != "", s.Cfg != nil, s.Types != nil)}
}

const cellRequired = 1<<ckName | 1<<ckSource | 1<<ckFingerprint | 1<<ckDigest | 1<<ckLayoutDigest | 1<<ckSchemaVersion | 1<<ckProfile | 1<<ckCanonical

func (k *checker) checkCell(c *Cell) {
	x := ctx{c: c}
	f := k.cellFrom(c)
	keys := f.keys &^ k.missing(f.keys, cellRequired, cellKeys, loc{x: x}, x, "[[cell]]")
	at := func(key string) loc { return loc{x, key} }
	if has(keys, ckName) {
		// One rule for cell names everywhere: the one socket paths and
		// cellvet add use.
		if err := wire.ValidateName(c.Name); err != nil {
			k.add(at("name"), ctx{}, "%v; re-pin the cell under a valid name", err)
		}
	}
	if has(keys, ckSource) {
		k.checkSource(c, f.source, x)
	}
	fpOK := has(keys, ckFingerprint) && k.hex(c.Fingerprint, 16, at("fingerprint"), x, "fingerprint", c)
	digestOK := has(keys, ckDigest) && k.hex(c.Digest, 64, at("digest"), x, "digest", c)
	layoutOK := has(keys, ckLayoutDigest) && k.hex(c.LayoutDigest, 64, at("layout_digest"), x, "layout_digest", c)
	profileOK := has(keys, ckProfile) && k.checkProfile(c, f.profile, x)

	// The canonical text is authentic when it hashes to the digest; only
	// then are the other keys compared with it.
	authentic := false
	if has(keys, ckCanonical) && digestOK {
		h := blake3.New()
		h.WriteString(c.Canonical)
		sum := hex.EncodeToString(h.Sum(nil))
		if sum != c.Digest {
			k.add(at("digest"), x, "digest %s is not the BLAKE3-256 of the canonical text (which is %s): the lock was edited or corrupted; %s", c.Digest, sum, repin(c))
		} else {
			authentic = true
		}
	}
	if fpOK && digestOK && c.Fingerprint != c.Digest[:16] {
		k.add(at("fingerprint"), x, "fingerprint %s is not the first 8 bytes of the digest (%s): the lock was edited or corrupted; %s", c.Fingerprint, c.Digest[:16], repin(c))
	}
	headerOK := false
	if authentic {
		headerOK = k.checkCanonHeader(c, x, has(keys, ckSchemaVersion), profileOK)
	}

	typesOK := true
	for i, t := range c.Types {
		if t == nil {
			k.add(loc{x: x}, x, "type %d is nil", i)
			typesOK = false
			continue
		}
		if !k.checkType(c, t) {
			typesOK = false
		}
	}
	for i := 1; i < len(c.Types); i++ {
		a, b := c.Types[i-1], c.Types[i]
		if a == nil || b == nil || a.Name != b.Name {
			continue
		}
		k.add(loc{ctx{c: c, t: b}, "name"}, x, "type %s is listed twice%s; %s", quoteName(b.Name), k.also(ctx{c: c, t: a}), repin(c))
		typesOK = false
	}
	if headerOK && typesOK {
		k.crossCheck(c, x)
	}
	if layoutOK && typesOK {
		k.checkLayoutDigest(c, x)
	}
	if typesOK {
		k.checkServices(c, x)
	}
}

// checkServices checks a Cell SDK cell's protocol and services: each
// service's request and reply are enums of the cell with the same
// variants, in the same order, as #[handler] generates them.
func (k *checker) checkServices(c *Cell, x ctx) {
	if c.Protocol != "" && c.Protocol != ProtocolCellSDK {
		k.add(loc{x, "protocol"}, x, "protocol %s: want %q (a Cell SDK cell) or no protocol key (cellvet's own); %s", strconv.Quote(c.Protocol), ProtocolCellSDK, repin(c))
		return
	}
	if len(c.Services) > 0 && c.Protocol == "" {
		k.add(loc{x, "services"}, x, "services are those of a Cell SDK cell, but protocol is not %q; %s", ProtocolCellSDK, repin(c))
		return
	}
	byName := make(map[string]*Type, len(c.Types))
	for _, t := range c.Types {
		byName[t.Name] = t
	}
	for _, s := range c.Services {
		req, resp := byName[s.Request], byName[s.Response]
		switch {
		case req == nil || req.Kind != "enum":
			k.add(loc{x, "services"}, x, "service %s: its request %s is not an enum of the cell; %s", quoteName(s.Name), quoteName(s.Request), repin(c))
		case resp == nil || resp.Kind != "enum":
			k.add(loc{x, "services"}, x, "service %s: its response %s is not an enum of the cell; %s", quoteName(s.Name), quoteName(s.Response), repin(c))
		case !sameVariants(req, resp):
			k.add(loc{x, "services"}, x, "service %s: the variants of %s and %s differ (one per method, in order); %s", quoteName(s.Name), quoteName(s.Request), quoteName(s.Response), repin(c))
		}
	}
}

func sameVariants(a, b *Type) bool {
	if len(a.Variants) != len(b.Variants) {
		return false
	}
	for i := range a.Variants {
		if a.Variants[i].Name != b.Variants[i].Name || a.Variants[i].Tag != b.Variants[i].Tag {
			return false
		}
	}
	return true
}

// hex checks that s is n lowercase hex digits.
func (k *checker) hex(s string, n int, l loc, x ctx, what string, c *Cell) bool {
	if len(s) != n || strings.ContainsFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') }) {
		k.add(l, x, "%s %s: want %d lowercase hex digits; %s", what, strconv.Quote(s), n, repin(c))
		return false
	}
	return true
}

func (k *checker) checkSource(c *Cell, keys uint16, x ctx) {
	s := &c.Source
	at := func(key string) loc { return loc{x, join("source", key)} }
	switch s.Kind {
	case SourceSchema, SourceSocket, SourceBinary:
		if s.Path == "" {
			k.add(at("path"), x, "a %s source needs a path; %s", s.Kind, repin(c))
		}
		if has(keys, skAddr) {
			k.add(at("addr"), x, "a %s source has a path, not an addr; %s", s.Kind, repin(c))
		}
	case SourceTCP:
		if _, _, err := net.SplitHostPort(s.Addr); err != nil || s.Addr == "" {
			k.add(at("addr"), x, "a tcp source needs addr = \"HOST:PORT\", found %s; %s", strconv.Quote(s.Addr), repin(c))
		}
		if has(keys, skPath) {
			k.add(at("path"), x, "a tcp source has an addr, not a path; %s", repin(c))
		}
	}
	if s.Kind != SourceBinary && has(keys, skModule) {
		k.add(at("module"), x, "only a binary source has a module; %s", repin(c))
	}
	k.checkSchemaOptions(c, keys, x)
	switch s.Kind {
	case SourceSchema, SourceSocket, SourceBinary, SourceTCP:
	default:
		k.add(at("kind"), x, "source kind %s: want %s, %s, %s or %s; %s", strconv.Quote(s.Kind), SourceSchema, SourceSocket, SourceTCP, SourceBinary, repin(c))
	}
	if !utf8.ValidString(s.Path) || !utf8.ValidString(s.Addr) || !utf8.ValidString(s.Module) {
		k.add(at(""), x, "the source is not valid UTF-8")
	}
}

// checkSchemaOptions checks the cfg set and root types a schema source
// was read with.
func (k *checker) checkSchemaOptions(c *Cell, keys uint16, x ctx) {
	s := &c.Source
	at := func(key string) loc { return loc{x, join("source", key)} }
	for _, key := range []struct {
		bit  int
		name string
	}{{skCfg, "cfg"}, {skTypes, "types"}} {
		if s.Kind != SourceSchema && has(keys, key.bit) {
			k.add(at(key.name), x, "only a schema source has %s; %s", key.name, repin(c))
		}
	}
	if _, err := rustschema.ParseCfg(s.Cfg); err != nil {
		k.add(at("cfg"), x, "%v; %s", err, repin(c))
	}
	for _, t := range s.Types {
		if t == "" || !utf8.ValidString(t) {
			k.add(at("types"), x, "root type %s: want a type name; %s", strconv.Quote(t), repin(c))
		}
	}
}

const profileRequired = 1<<nProfileKeys - 1

func (k *checker) checkProfile(c *Cell, keys uint16, x ctx) bool {
	p := c.Profile
	at := func(key string) loc { return loc{x, join("profile", key)} }
	if k.missing(keys, profileRequired, profileKeys, at(""), x, "the profile") != 0 {
		return false
	}
	n := len(k.errs)
	switch p.Rkyv {
	case "0.7", "0.8":
		if p.Unaligned && p.Rkyv != "0.8" {
			k.add(at("aligned"), x, "aligned = false: rkyv %s archives are always aligned", p.Rkyv)
		}
		if p.Strict && p.Rkyv != "0.7" {
			k.add(at("strict"), x, "strict = true: strict is an rkyv 0.7 feature")
		}
	default:
		k.add(at("rkyv"), x, "rkyv %s: want \"0.7\" or \"0.8\"", strconv.Quote(p.Rkyv))
	}
	switch p.PointerWidth {
	case 16, 32, 64:
	default:
		k.add(at("pointer_width"), x, "pointer_width %d: want 16, 32 or 64", p.PointerWidth)
	}
	switch p.Endian {
	case "little", "big":
	default:
		k.add(at("endian"), x, "endian %s: want \"little\" or \"big\"", strconv.Quote(p.Endian))
	}
	if len(k.errs) == n {
		if err := p.Validate(); err != nil {
			k.add(at(""), x, "profile: %v", err)
		}
	}
	return len(k.errs) == n
}

// checkCanonHeader compares schema_version and the profile with the first
// lines of the authentic canonical text. It reports whether the text is
// CFP/1, which crossCheck reads.
func (k *checker) checkCanonHeader(c *Cell, x ctx, versionOK, profileOK bool) bool {
	text := c.Canonical
	line1, rest, _ := strings.Cut(text, "\n")
	line2, rest, _ := strings.Cut(rest, "\n")
	line3, _, _ := strings.Cut(rest, "\n")
	if line1 != "cfp 1" {
		k.addLine(c, 1, x, "the canonical text starts with %s, not \"cfp 1\": this cellvet reads CFP/1 only; use the cellvet that wrote the lock", strconv.Quote(line1))
		return false
	}
	if v, ok := strings.CutPrefix(line2, "schema_version "); !ok || v != strconv.FormatUint(c.SchemaVersion, 10) {
		if versionOK {
			k.add(loc{x, "schema_version"}, x, "schema_version %d differs from the canonical text's %s; %s", c.SchemaVersion, strconv.Quote(line2), repin(c))
		}
	}
	if profileOK {
		if want := "profile " + c.Profile.Canon(); line3 != want {
			k.add(loc{x, "profile"}, x, "the profile (%s) differs from the canonical text's %s; %s", c.Profile.Canon(), strconv.Quote(line3), repin(c))
		}
	}
	return true
}

const (
	typeRequired    = 1<<tkName | 1<<tkKind | 1<<tkFingerprint | 1<<tkLayoutDigest | 1<<tkOrigin | 1<<tkSize | 1<<tkAlign
	variantRequired = 1<<nVariantKeys - 1
	fieldRequired   = 1<<nFieldKeys - 1
)

// typeFrom returns what the file says about t, or for a type built in
// memory, its required keys and the optional ones it has values for.
func (k *checker) typeFrom(t *Type) *typeFrom {
	if k.from != nil {
		if f := k.from.types[t]; f != nil {
			return f
		}
	}
	keys := uint16(typeRequired)
	if t.Tag != "" || t.Kind == "enum" {
		keys |= 1 << tkTag
	}
	if len(t.Variants) > 0 || t.Kind == "enum" {
		keys |= 1 << tkVariant
	}
	if len(t.Fields) > 0 || t.Kind == "struct" {
		keys |= 1 << tkFields
	}
	return &typeFrom{keys: keys}
}

// checkType checks one type's keys and layout; it reports whether the
// type is sound enough to compare with the canonical text.
func (k *checker) checkType(c *Cell, t *Type) bool {
	x := ctx{c: c, t: t}
	at := func(key string) loc { return loc{x, key} }
	f := k.typeFrom(t)
	n := len(k.errs)
	req := uint16(typeRequired)
	switch t.Kind {
	case "struct":
		req |= 1 << tkFields
	case "enum":
		req |= 1<<tkTag | 1<<tkVariant
	}
	keys := f.keys &^ k.missing(f.keys, req, typeKeys, at(""), x, "[[cell.type]]")
	if has(keys, tkName) && !validTypeName(t.Name) {
		k.add(at("name"), ctx{c: c}, "type name %s is not a Rust identifier or module path; %s", strconv.Quote(t.Name), repin(c))
	}
	if has(keys, tkFingerprint) {
		k.hex(t.Fingerprint, 16, at("fingerprint"), x, "fingerprint", c)
	}
	if has(keys, tkLayoutDigest) {
		k.hex(t.LayoutDigest, 64, at("layout_digest"), x, "layout_digest", c)
	}
	if has(keys, tkOrigin) {
		switch t.Origin {
		case Computed, Predicted, Measured:
		default:
			k.add(at("origin"), x, "origin %s: want computed, predicted or measured; %s", strconv.Quote(string(t.Origin)), repin(c))
		}
	}
	alignOK := has(keys, tkAlign) && k.align(t.Align, at("align"), x, c)
	if alignOK && has(keys, tkSize) && t.Size%t.Align != 0 {
		k.add(at("size"), x, "size %d is not a multiple of the alignment %d; %s", t.Size, t.Align, repin(c))
		alignOK = false
	}
	if t.Size > maxSize {
		k.add(at("size"), x, "size %d is too large; %s", t.Size, repin(c))
		alignOK = false
	}
	if !has(keys, tkKind) {
		return false
	}
	switch t.Kind {
	case "struct":
		if has(f.keys, tkTag) {
			k.add(at("tag"), x, "a struct has no tag; %s", repin(c))
		}
		if has(f.keys, tkVariant) {
			k.add(at("variant"), x, "a struct has no variants; %s", repin(c))
		}
		if alignOK && has(keys, tkFields) {
			k.checkFields(c, t, nil, t.Fields, f.fields, 0)
		}
	case "enum":
		if has(f.keys, tkFields) {
			k.add(at("fields"), x, "an enum has variants, not fields; %s", repin(c))
		}
		if has(keys, tkTag) && has(keys, tkVariant) {
			k.checkEnum(c, t, f, alignOK)
		}
	default:
		k.add(at("kind"), x, "kind %s: want struct or enum; %s", strconv.Quote(t.Kind), repin(c))
	}
	return len(k.errs) == n
}

// maxSize bounds sizes and offsets so that their sums cannot overflow.
const maxSize = 1 << 48

func validAlign(a uint64) bool { return a != 0 && a&(a-1) == 0 && a <= 1<<29 }

// align reports whether a is a valid alignment, reporting it if not.
func (k *checker) align(a uint64, l loc, x ctx, c *Cell) bool {
	if !validAlign(a) {
		k.add(l, x, "align %d is not a power of two up to 2^29; %s", a, repin(c))
		return false
	}
	return true
}

func tagSize(tag string) (uint64, bool) {
	switch tag {
	case "u8", "i8":
		return 1, true
	case "u16", "i16":
		return 2, true
	case "u32", "i32":
		return 4, true
	case "u64", "i64":
		return 8, true
	case "u128", "i128":
		return 16, true
	}
	return 0, false
}

// keysAt returns keys[i], or every key (for an element built in memory).
func keysAt(keys []uint16, i int) uint16 {
	if i < len(keys) {
		return keys[i]
	}
	return 1<<16 - 1
}

func (k *checker) checkEnum(c *Cell, t *Type, f *typeFrom, layoutOK bool) {
	x := ctx{c: c, t: t}
	ts, ok := tagSize(t.Tag)
	if !ok {
		k.add(loc{x, "tag"}, x, "tag %s: want an integer type u8 … u128 or i8 … i128; %s", strconv.Quote(t.Tag), repin(c))
		layoutOK = false
	}
	if len(t.Variants) == 0 {
		k.add(loc{x, "variant"}, x, "an enum needs at least one [[cell.type.variant]]; %s", repin(c))
		return
	}
	if layoutOK && ts > t.Size {
		k.add(loc{x, "tag"}, x, "the %s tag does not fit the size %d; %s", t.Tag, t.Size, repin(c))
		layoutOK = false
	}
	bits := ts * 8
	if t.Tag != "" && t.Tag[0] == 'i' {
		bits--
	}
	names := map[string]int{}
	tags := map[uint64]int{}
	for i := range t.Variants {
		v := &t.Variants[i]
		vx := ctx{c: c, t: t, v: v}
		at := func(key string) loc { return loc{vx, key} }
		given := keysAt(f.variants, i)
		keys := given &^ k.missing(given, variantRequired, variantKeys, at(""), vx, "[[cell.type.variant]]")
		if has(keys, vkName) {
			if !validIdent(v.Name, false) {
				k.add(at("name"), x, "variant name %s is not a Rust identifier; %s", strconv.Quote(v.Name), repin(c))
			}
			if j, dup := names[v.Name]; dup {
				k.add(at("name"), x, "variant %s is listed twice%s; %s", quoteName(v.Name), k.also(ctx{c: c, t: t, v: &t.Variants[j]}), repin(c))
			} else {
				names[v.Name] = i
			}
		}
		if has(keys, vkTag) {
			if ok && bits < 64 && v.Tag >= 1<<bits {
				k.add(at("tag"), vx, "tag %d does not fit the tag type %s; %s", v.Tag, t.Tag, repin(c))
			}
			if j, dup := tags[v.Tag]; dup {
				k.add(at("tag"), vx, "tag %d is also the tag of variant %s; %s", v.Tag, quoteName(t.Variants[j].Name), repin(c))
			} else {
				tags[v.Tag] = i
			}
		}
		if layoutOK && has(keys, vkFields) {
			var fkeys []uint16
			if i < len(f.vfields) {
				fkeys = f.vfields[i]
			}
			k.checkFields(c, t, v, v.Fields, fkeys, ts)
		}
	}
}

// checkFields checks the fields of a struct, or of a variant whose fields
// start after a tag of tagSize bytes: each field is aligned, inside the
// type and after the tag, and no two fields overlap. A field is reported
// for its first problem only. keys are the keys each field has in the
// file.
func (k *checker) checkFields(c *Cell, t *Type, v *Variant, fs []Field, keys []uint16, tagSize uint64) {
	bad := false
	names := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		x := ctx{c: c, t: t, v: v, f: f}
		at := func(key string) loc { return loc{x, key} }
		dup := names[f.Name]
		names[f.Name] = true
		if k.missing(keysAt(keys, i), fieldRequired, fieldKeys, at(""), x, "the field") != 0 {
			bad = true
			continue
		}
		n := len(k.errs)
		owner := ctx{c: c, t: t, v: v}
		switch {
		case !validIdent(f.Name, true):
			k.add(at("name"), owner, "field name %s is not a Rust identifier or tuple index; %s", strconv.Quote(f.Name), repin(c))
		case !validTypeExpr(f.Type):
			k.add(at("type"), x, "type %s is not a canonical type expression; %s", strconv.Quote(f.Type), repin(c))
		case !validAlign(f.Align):
			k.align(f.Align, at("align"), x, c)
		case f.Size > maxSize || f.Size%f.Align != 0:
			k.add(at("size"), x, "size %d is not a multiple of the field's alignment %d; %s", f.Size, f.Align, repin(c))
		case f.Offset%min(f.Align, t.Align) != 0:
			k.add(at("offset"), x, "offset %d is misaligned: not a multiple of the field's alignment %d; %s", f.Offset, min(f.Align, t.Align), repin(c))
		case f.Offset > t.Size || f.Size > t.Size-f.Offset:
			k.add(at("offset"), x, "offset %d + size %d runs past the end of the %d-byte %s; %s", f.Offset, f.Size, t.Size, t.Kind, repin(c))
		case f.Offset < tagSize:
			k.add(at("offset"), x, "offset %d overlaps the %d-byte tag at offset 0; %s", f.Offset, tagSize, repin(c))
		case dup:
			k.add(at("name"), owner, "field %s is listed twice; %s", quoteName(f.Name), repin(c))
		}
		if len(k.errs) != n {
			bad = true
		}
	}
	if bad {
		return
	}
	// Overlaps: sweep the fields in offset order; zero-sized fields
	// occupy nothing.
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return fs[order[a]].Offset < fs[order[b]].Offset })
	end, last := uint64(0), -1
	for _, i := range order {
		f := &fs[i]
		if f.Size == 0 {
			continue
		}
		if last >= 0 && f.Offset < end {
			// Report the field later in the file.
			a, b := &fs[last], f
			if i < last {
				a, b = f, &fs[last]
			}
			k.add(loc{ctx{c: c, t: t, v: v, f: b}, "offset"}, ctx{c: c, t: t, v: v, f: b}, "bytes %d..%d overlap field %s at bytes %d..%d; %s", b.Offset, b.Offset+b.Size, quoteName(a.Name), a.Offset, a.Offset+a.Size, repin(c))
			return
		}
		end, last = f.Offset+f.Size, i
	}
}

// validIdent reports whether s is a Rust identifier (or, with tuple, a
// tuple field index).
// validTypeName reports whether name is a schema type's name: an
// identifier, or a module path (net::Packet) where plain names collide in
// a crate.
func validTypeName(name string) bool {
	for seg := range strings.SplitSeq(name, "::") {
		if !validIdent(seg, false) {
			return false
		}
	}
	return true
}

func validIdent(s string, tuple bool) bool {
	if s == "" || s == "_" {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return tuple && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) && (s == "0" || s[0] != '0')
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r) {
			continue
		}
		return false
	}
	return true
}

// validTypeExpr reports whether s looks like a canonical type expression:
// printable, no white space, quotes or backslashes.
func validTypeExpr(s string) bool {
	return s != "" && utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r) || r == '"' || r == '\\'
	})
}

// checkLayoutDigest recomputes the schema layout digest from the types'
// layout digests (docs/fingerprint.md §5): the lines "type DIGEST" in
// the digests' order.
func (k *checker) checkLayoutDigest(c *Cell, x ctx) {
	ds := make([]string, len(c.Types))
	for i, t := range c.Types {
		ds[i] = t.LayoutDigest
	}
	slices.Sort(ds)
	h := blake3.New()
	h.WriteString("cfp-layout 1\nschema\n")
	for _, d := range ds {
		h.WriteString("type " + d + "\n")
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != c.LayoutDigest {
		k.add(loc{x, "layout_digest"}, x, "layout_digest %s does not match the layout digests of the cell's types (they give %s): the lock was edited or corrupted; %s", c.LayoutDigest, sum, repin(c))
	}
}
