package lockfile

import (
	"encoding/hex"
	"fmt"
	"math/bits"
	"net"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/wire"
	"github.com/zeebo/blake3"
)

// Check validates a lock built or changed in memory with the rules Parse
// applies to a file (docs/lockfile.md, "Validation"). Update checks before
// it writes, so that a lock on disk always loads.
func (l *Lock) Check() error {
	k := &checker{file: l.File}
	k.checkLock(l, meta{}, [nRootKeys]int32{})
	return k.err()
}

// Check validates one cell, as Lock.Check does.
func (c *Cell) Check() error {
	k := &checker{}
	k.checkCell(c)
	return k.err()
}

// checker collects validation problems. src is the text of the file the
// lock was parsed from, "" for a lock built in memory.
type checker struct {
	file string
	src  string
	errs ErrorList
	// offs has where the parser found each key's value, when it
	// recorded that (to report problems); else its maps are nil and
	// problems are reported at their table.
	offs keyOffsets
}

// typeAt returns the value offsets (+1) of t's keys, or zeros.
func (k *checker) typeAt(t *Type) [nTypeKeys]int32 { return offsetsIn(k.offs.types, t.m.off) }

// variantAt returns the value offsets (+1) of v's keys, or zeros.
func (k *checker) variantAt(v *Variant) [nVariantKeys]int32 {
	return offsetsIn(k.offs.variants, v.m.off)
}

// fieldAt returns the value offsets (+1) of f's keys, or zeros.
func (k *checker) fieldAt(f *Field) [nFieldKeys]int32 { return offsetsIn(k.offs.fields, f.m.off) }

func offsetsIn[A any](m map[int32]*A, off int32) (a A) {
	if p := m[off]; p != nil {
		a = *p
	}
	return a
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

// add records a problem at the stored offset at (+1; 0 for none), else at
// the fallback offset.
func (k *checker) add(at, fallback int32, x ctx, format string, args ...any) {
	if len(k.errs) >= 10*maxErrors {
		return
	}
	var pos Pos
	if k.src != "" {
		if at == 0 {
			at = fallback
		}
		if at > 0 {
			pos = posOf(k.file, k.src, int(at-1))
		} else {
			pos.File = k.file
		}
	}
	msg := fmt.Sprintf(format, args...)
	if s := x.String(); s != "" {
		msg = s + ": " + msg
	}
	k.errs = append(k.errs, &Error{Pos: pos, Msg: msg})
}

// addLine records a problem at a line of the file.
func (k *checker) addLine(line int, fallback int32, x ctx, format string, args ...any) {
	if k.src == "" || line <= 0 {
		k.add(fallback, 0, x, format, args...)
		return
	}
	if len(k.errs) >= 10*maxErrors {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if s := x.String(); s != "" {
		msg = s + ": " + msg
	}
	k.errs = append(k.errs, &Error{Pos: Pos{File: k.file, Line: line, Col: 1}, Msg: msg})
}

// missing reports the required keys a parsed table lacks and returns
// them.
func (k *checker) missing(m *meta, req uint16, keys []string, x ctx, what string) uint16 {
	if !m.from {
		return 0
	}
	miss := req &^ (m.set | m.hdr | m.dot)
	if miss == 0 {
		return 0
	}
	var names []string
	for i, key := range keys {
		if miss&(1<<i) != 0 {
			names = append(names, key)
		}
	}
	k.add(m.off, 0, x, "%s has no %s; cell.lock is written by cellvet add: restore it from version control or re-pin the cell", what, strings.Join(names, ", "))
	return miss
}

func bit(i int) uint16 { return 1 << i }

// parsedValid reports whether the parser found what the valid bit flag
// stands for while reading the lock being checked; never for a lock
// changed in memory since.
func (k *checker) parsedValid(m *meta, flag uint8) bool {
	return k.src != "" && m.valid&flag != 0
}

// has reports whether key i of a table is present (always, for a table
// built in memory) and not already reported missing.
func has(m *meta, miss uint16, i int) bool {
	return miss&bit(i) == 0 && (!m.from || (m.set|m.hdr|m.dot)&bit(i) != 0)
}

func repin(c *Cell) string {
	if c == nil || c.Name == "" {
		return "restore cell.lock from version control or re-create it with cellvet add"
	}
	return "restore cell.lock from version control or re-pin the cell: " + c.AddCommand()
}

func (k *checker) checkLock(l *Lock, rm meta, rat [nRootKeys]int32) {
	if l.Version != Version {
		k.add(rat[rkVersion], 0, ctx{}, "unsupported lock version %d: this cellvet reads version %d; use the cellvet that wrote the lock, or re-create the lock with cellvet add", l.Version, Version)
	}
	for i, c := range l.Cells {
		if c == nil {
			k.add(0, 0, ctx{}, "cell %d is nil", i)
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
		k.add(b.at[ckName], b.m.off, ctx{}, "cell %s is pinned twice%s; keep one [[cell]] table: remove the other or re-pin the cell with %s", quoteName(b.Name), also(a.Pos), b.AddCommand())
	}
}

func also(p Pos) string {
	if p.Line == 0 {
		return ""
	}
	return fmt.Sprintf(" (first at line %d)", p.Line)
}

const cellRequired = 1<<ckName | 1<<ckSource | 1<<ckFingerprint | 1<<ckDigest | 1<<ckLayoutDigest | 1<<ckSchemaVersion | 1<<ckProfile | 1<<ckCanonical

func (k *checker) checkCell(c *Cell) {
	x := ctx{c: c}
	miss := k.missing(&c.m, cellRequired, cellKeys[:], x, "[[cell]]")
	if has(&c.m, miss, ckName) {
		// One rule for cell names everywhere: the one socket paths and
		// cellvet add use.
		if err := wire.ValidateName(c.Name); err != nil {
			k.add(c.at[ckName], c.m.off, ctx{}, "%v; re-pin the cell under a valid name", err)
		}
	}
	if has(&c.m, miss, ckSource) {
		k.checkSource(c, x)
	}
	fpOK := has(&c.m, miss, ckFingerprint) && k.hex(c.Fingerprint, 16, c.at[ckFingerprint], c.m.off, x, "fingerprint", c)
	digestOK := has(&c.m, miss, ckDigest) && k.hex(c.Digest, 64, c.at[ckDigest], c.m.off, x, "digest", c)
	layoutOK := has(&c.m, miss, ckLayoutDigest) && k.hex(c.LayoutDigest, 64, c.at[ckLayoutDigest], c.m.off, x, "layout_digest", c)
	profileOK := has(&c.m, miss, ckProfile) && k.checkProfile(c, x)

	// The canonical text is authentic when it hashes to the digest; only
	// then are the other keys compared with it.
	authentic := false
	if has(&c.m, miss, ckCanonical) && digestOK {
		h := blake3.New()
		h.WriteString(c.Canonical)
		sum := hex.EncodeToString(h.Sum(nil))
		if sum != c.Digest {
			k.add(c.at[ckDigest], c.m.off, x, "digest %s is not the BLAKE3-256 of the canonical text (which is %s): the lock was edited or corrupted; %s", c.Digest, sum, repin(c))
		} else {
			authentic = true
		}
	}
	if fpOK && digestOK && c.Fingerprint != c.Digest[:16] {
		k.add(c.at[ckFingerprint], c.m.off, x, "fingerprint %s is not the first 8 bytes of the digest (%s): the lock was edited or corrupted; %s", c.Fingerprint, c.Digest[:16], repin(c))
	}
	if authentic {
		k.checkCanonHeader(c, x, has(&c.m, miss, ckSchemaVersion), profileOK)
	}

	typesOK := true
	for i, t := range c.Types {
		if t == nil {
			k.add(0, c.m.off, x, "type %d is nil", i)
			typesOK = false
			continue
		}
		if t.checked == 0 || k.src == "" {
			// Unchecked, or checked while parsing but maybe changed
			// since (Lock.Check after an edit): check now.
			k.checkTypeOnce(c, t)
		}
		if t.checked != 1 {
			typesOK = false
		}
	}
	for i := 1; i < len(c.Types); i++ {
		a, b := c.Types[i-1], c.Types[i]
		if a == nil || b == nil || a.Name != b.Name {
			continue
		}
		k.add(k.typeAt(b)[tkName], b.m.off, x, "type %s is listed twice%s; %s", quoteName(b.Name), also(a.Pos), repin(c))
		typesOK = false
	}
	if authentic && typesOK {
		k.crossCheck(c, x)
	}
	if layoutOK && typesOK {
		k.checkLayoutDigest(c, x)
	}
}

// hex checks that s is n lowercase hex digits.
func (k *checker) hex(s string, n int, at, fallback int32, x ctx, what string, c *Cell) bool {
	if len(s) != n || !isHex(s) {
		k.add(at, fallback, x, "%s %s: want %d lowercase hex digits; %s", what, strconv.Quote(s), n, repin(c))
		return false
	}
	return true
}

// isHex reports whether s is lowercase hex digits, 8 at a time.
func isHex(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := word(s[i : i+8])
		// Each byte must be 0x30-0x39 or 0x61-0x66. With the high bit
		// clear (checked first), adding to a byte cannot carry into the
		// next: high bit of b+0x50 set iff b >= 0x30, of b+0x46 iff
		// b >= 0x3a, of b+0x1f iff b >= 0x61, of b+0x19 iff b >= 0x67.
		if w&highs != 0 {
			return false
		}
		digit := (w + 0x50*ones) &^ (w + 0x46*ones)
		letter := (w + 0x1f*ones) &^ (w + 0x19*ones)
		if (digit|letter)&highs != highs {
			return false
		}
	}
	for ; i < len(s); i++ {
		if byteClass[s[i]]&notHex != 0 {
			return false
		}
	}
	return true
}

// hex8 returns the value of 8 lowercase hex digits (checked by isHex),
// decoded 8 at a time.
func hex8(s string) uint64 {
	const ones = 0x0101010101010101
	w := word(s)
	// '0'-'9' are 0x30-0x39, 'a'-'f' 0x61-0x66: the low nibble, plus 9
	// for a letter (bit 6 set).
	n := w&(0x0f*ones) + (w>>6&ones)*9
	// The first digit is the most significant: reverse, then pack the
	// nibbles.
	n = bits.ReverseBytes64(n)
	n = (n | n>>4) & 0x00ff00ff00ff00ff
	n = (n | n>>8) & 0x0000ffff0000ffff
	return (n | n>>16) & 0xffffffff
}

// Byte classes for the checks that run on every type and field.
const (
	notHex       = 1 << iota // not 0-9 a-f
	notIdent                 // not ASCII letter, digit or _
	notTypeStr               // white space, control, '"' or '\\' (ASCII)
	notMultiline             // control other than tab and newline
	notPlain                 // control other than tab, '\\' or '"': ends or spoils a plain basic string
	notASCIIType             // notTypeStr, or not ASCII
)

var byteClass = func() (t [256]byte) {
	for c := range 256 {
		b := byte(c)
		if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'f') {
			t[c] |= notHex
		}
		if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_') {
			t[c] |= notIdent
		}
		if b <= ' ' || b == 0x7f || b == '"' || b == '\\' {
			t[c] |= notTypeStr | notASCIIType
		}
		if b >= 0x80 {
			t[c] |= notASCIIType
		}
		if b < 0x20 && b != '\t' && b != '\n' || b == 0x7f {
			t[c] |= notMultiline
		}
		if b < 0x20 && b != '\t' || b == 0x7f || b == '\\' || b == '"' {
			t[c] |= notPlain
		}
	}
	return t
}()

func (k *checker) checkSource(c *Cell, x ctx) {
	s, m := &c.Source, &c.sm
	hdr := c.at[ckSource]
	if m.from && m.off != 0 {
		hdr = m.off
	}
	switch s.Kind {
	case SourceSchema, SourceSocket, SourceBinary:
		if s.Path == "" {
			k.add(c.sat[skPath], hdr, x, "a %s source needs a path; %s", s.Kind, repin(c))
		}
		if s.Addr != "" || m.set&bit(skAddr) != 0 {
			k.add(c.sat[skAddr], hdr, x, "a %s source has a path, not an addr; %s", s.Kind, repin(c))
		}
	case SourceTCP:
		if _, _, err := net.SplitHostPort(s.Addr); err != nil || s.Addr == "" {
			k.add(c.sat[skAddr], hdr, x, "a tcp source needs addr = \"HOST:PORT\", found %s; %s", strconv.Quote(s.Addr), repin(c))
		}
		if s.Path != "" || m.set&bit(skPath) != 0 {
			k.add(c.sat[skPath], hdr, x, "a tcp source has an addr, not a path; %s", repin(c))
		}
	}
	if s.Kind != SourceBinary && (s.Module != "" || m.set&bit(skModule) != 0) {
		k.add(c.sat[skModule], hdr, x, "only a binary source has a module; %s", repin(c))
	}
	switch s.Kind {
	case SourceSchema, SourceSocket, SourceBinary, SourceTCP:
	default:
		k.add(c.sat[skKind], hdr, x, "source kind %s: want %s, %s, %s or %s; %s", strconv.Quote(s.Kind), SourceSchema, SourceSocket, SourceTCP, SourceBinary, repin(c))
	}
	if !utf8.ValidString(s.Path) || !utf8.ValidString(s.Addr) || !utf8.ValidString(s.Module) {
		k.add(hdr, 0, x, "the source is not valid UTF-8")
	}
}

const profileRequired = 1<<nProfileKeys - 1

func (k *checker) checkProfile(c *Cell, x ctx) bool {
	p, m := c.Profile, &c.pm
	hdr := c.at[ckProfile]
	if m.from && m.off != 0 {
		hdr = m.off
	}
	if k.missing(m, profileRequired, profileKeys[:], x, "the profile") != 0 {
		return false
	}
	n := len(k.errs)
	switch p.Rkyv {
	case "0.7", "0.8":
		if p.Unaligned && p.Rkyv != "0.8" {
			k.add(c.pat[pkAligned], hdr, x, "aligned = false: rkyv %s archives are always aligned", p.Rkyv)
		}
		if p.Strict && p.Rkyv != "0.7" {
			k.add(c.pat[pkStrict], hdr, x, "strict = true: strict is an rkyv 0.7 feature")
		}
	default:
		k.add(c.pat[pkRkyv], hdr, x, "rkyv %s: want \"0.7\" or \"0.8\"", strconv.Quote(p.Rkyv))
	}
	switch p.PointerWidth {
	case 16, 32, 64:
	default:
		k.add(c.pat[pkPointerWidth], hdr, x, "pointer_width %d: want 16, 32 or 64", p.PointerWidth)
	}
	switch p.Endian {
	case "little", "big":
	default:
		k.add(c.pat[pkEndian], hdr, x, "endian %s: want \"little\" or \"big\"", strconv.Quote(p.Endian))
	}
	if len(k.errs) == n {
		if err := p.Validate(); err != nil {
			k.add(hdr, 0, x, "profile: %v", err)
		}
	}
	return len(k.errs) == n
}

// checkCanonHeader compares schema_version and the profile with the first
// lines of the authentic canonical text.
func (k *checker) checkCanonHeader(c *Cell, x ctx, versionOK, profileOK bool) {
	text := c.Canonical
	line1, rest := cutLine(text)
	line2, rest := cutLine(rest)
	line3, _ := cutLine(rest)
	if line1 != "cfp 1" {
		k.addLine(int(c.canonLine), c.at[ckCanonical], x, "the canonical text starts with %s, not \"cfp 1\": this cellvet reads CFP/1 only; use the cellvet that wrote the lock", strconv.Quote(line1))
		return
	}
	if v, ok := strings.CutPrefix(line2, "schema_version "); !ok || v != strconv.FormatUint(c.SchemaVersion, 10) {
		if versionOK {
			k.add(c.at[ckSchemaVersion], c.m.off, x, "schema_version %d differs from the canonical text's %s; %s", c.SchemaVersion, strconv.Quote(line2), repin(c))
		}
	}
	if profileOK {
		if want := "profile " + c.Profile.Canon(); line3 != want {
			k.add(c.at[ckProfile], c.m.off, x, "the profile (%s) differs from the canonical text's %s; %s", c.Profile.Canon(), strconv.Quote(line3), repin(c))
		}
	}
}

func cutLine(s string) (line, rest string) {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

const (
	typeRequired    = 1<<tkName | 1<<tkKind | 1<<tkFingerprint | 1<<tkLayoutDigest | 1<<tkOrigin | 1<<tkSize | 1<<tkAlign
	variantRequired = 1<<nVariantKeys - 1
	fieldRequired   = 1<<nFieldKeys - 1
)

// checkTypeOnce runs checkType and records its verdict in t.checked.
func (k *checker) checkTypeOnce(c *Cell, t *Type) {
	t.checked = 2
	if k.checkType(c, t) {
		t.checked = 1
	}
}

// checkType checks one type's keys and layout; it reports whether the
// type is sound enough to compare with the canonical text.
func (k *checker) checkType(c *Cell, t *Type) bool {
	x := ctx{c: c, t: t}
	n := len(k.errs)
	req := uint16(typeRequired)
	switch t.Kind {
	case "struct":
		req |= 1 << tkFields
	case "enum":
		req |= 1<<tkTag | 1<<tkVariant
	}
	miss := k.missing(&t.m, req, typeKeys[:], x, "[[cell.type]]")
	m := &t.m
	if has(m, miss, tkName) && !validIdent(t.Name, false) {
		k.add(k.typeAt(t)[tkName], m.off, ctx{c: c}, "type name %s is not a Rust identifier; %s", strconv.Quote(t.Name), repin(c))
	}
	if has(m, miss, tkFingerprint) && !k.parsedValid(m, validFingerprint) {
		k.hex(t.Fingerprint, 16, k.typeAt(t)[tkFingerprint], m.off, x, "fingerprint", c)
	}
	if has(m, miss, tkLayoutDigest) && !k.parsedValid(m, validLayout) {
		k.hex(t.LayoutDigest, 64, k.typeAt(t)[tkLayoutDigest], m.off, x, "layout_digest", c)
	}
	if has(m, miss, tkOrigin) {
		switch t.Origin {
		case Computed, Predicted, Measured:
		default:
			k.add(k.typeAt(t)[tkOrigin], m.off, x, "origin %s: want computed, predicted or measured; %s", strconv.Quote(string(t.Origin)), repin(c))
		}
	}
	alignOK := has(m, miss, tkAlign) && (validAlign(t.Align) || k.badAlign(t.Align, k.typeAt(t)[tkAlign], m.off, x, c))
	if alignOK && has(m, miss, tkSize) && t.Size%t.Align != 0 {
		k.add(k.typeAt(t)[tkSize], m.off, x, "size %d is not a multiple of the alignment %d; %s", t.Size, t.Align, repin(c))
		alignOK = false
	}
	if t.Size > maxSize {
		k.add(k.typeAt(t)[tkSize], m.off, x, "size %d is too large; %s", t.Size, repin(c))
		alignOK = false
	}
	if !has(m, miss, tkKind) {
		return false
	}
	switch t.Kind {
	case "struct":
		if m.set&bit(tkTag) != 0 || (!m.from && t.Tag != "") {
			k.add(k.typeAt(t)[tkTag], m.off, x, "a struct has no tag; %s", repin(c))
		}
		if (m.set|m.hdr)&bit(tkVariant) != 0 || (!m.from && len(t.Variants) > 0) {
			k.add(k.typeAt(t)[tkVariant], m.off, x, "a struct has no variants; %s", repin(c))
		}
		if alignOK && has(m, miss, tkFields) {
			k.checkFields(c, t, nil, t.Fields, 0)
		}
	case "enum":
		if (m.set|m.hdr)&bit(tkFields) != 0 || (!m.from && len(t.Fields) > 0) {
			k.add(k.typeAt(t)[tkFields], m.off, x, "an enum has variants, not fields; %s", repin(c))
		}
		if has(m, miss, tkTag) && has(m, miss, tkVariant) {
			k.checkEnum(c, t, alignOK)
		}
	default:
		k.add(k.typeAt(t)[tkKind], m.off, x, "kind %s: want struct or enum; %s", strconv.Quote(t.Kind), repin(c))
	}
	return len(k.errs) == n
}

// maxSize bounds sizes and offsets so that their sums cannot overflow.
const maxSize = 1 << 48

func validAlign(a uint64) bool { return a != 0 && a&(a-1) == 0 && a <= 1<<29 }

// badAlign reports an alignment validAlign refuses and returns false.
// (Separate from validAlign so that the value offset is looked up only
// for the message.)
func (k *checker) badAlign(a uint64, at, fallback int32, x ctx, c *Cell) bool {
	k.add(at, fallback, x, "align %d is not a power of two up to 2^29; %s", a, repin(c))
	return false
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

func (k *checker) checkEnum(c *Cell, t *Type, layoutOK bool) {
	x := ctx{c: c, t: t}
	ts, ok := tagSize(t.Tag)
	if !ok {
		k.add(k.typeAt(t)[tkTag], t.m.off, x, "tag %s: want an integer type u8 … u128 or i8 … i128; %s", strconv.Quote(t.Tag), repin(c))
		layoutOK = false
	}
	if len(t.Variants) == 0 {
		k.add(k.typeAt(t)[tkVariant], t.m.off, x, "an enum needs at least one [[cell.type.variant]]; %s", repin(c))
		return
	}
	if layoutOK && ts > t.Size {
		k.add(k.typeAt(t)[tkTag], t.m.off, x, "the %s tag does not fit the size %d; %s", t.Tag, t.Size, repin(c))
		layoutOK = false
	}
	bits := ts * 8
	if t.Tag != "" && t.Tag[0] == 'i' {
		bits--
	}
	var seen map[uint64]*Variant
	if len(t.Variants) > 8 {
		seen = make(map[uint64]*Variant, len(t.Variants))
	}
	names := nameSet{get: func(j int) string { return t.Variants[j].Name }}
	for i := range t.Variants {
		v := &t.Variants[i]
		vx := ctx{c: c, t: t, v: v}
		miss := k.missing(&v.m, variantRequired, variantKeys[:], vx, "[[cell.type.variant]]")
		if has(&v.m, miss, vkName) && !validIdent(v.Name, false) {
			k.add(k.variantAt(v)[vkName], v.m.off, x, "variant name %s is not a Rust identifier; %s", strconv.Quote(v.Name), repin(c))
		}
		if has(&v.m, miss, vkName) {
			j := -1
			if i < 15 {
				// names.seen without the indirect calls.
				for k := range i {
					if sameName(t.Variants[k].Name, v.Name) {
						j = k
						break
					}
				}
			} else {
				j = names.seen(v.Name, i)
			}
			if j >= 0 {
				k.add(k.variantAt(v)[vkName], v.m.off, x, "variant %s is listed twice%s; %s", quoteName(v.Name), also(t.Variants[j].Pos), repin(c))
			}
		}
		if has(&v.m, miss, vkTag) {
			if ok && bits < 64 && v.Tag >= 1<<bits {
				k.add(k.variantAt(v)[vkTag], v.m.off, vx, "tag %d does not fit the tag type %s; %s", v.Tag, t.Tag, repin(c))
			}
			var dup *Variant
			if seen != nil {
				dup = seen[v.Tag]
				if dup == nil {
					seen[v.Tag] = v
				}
			} else {
				for j := range i {
					if t.Variants[j].Tag == v.Tag {
						dup = &t.Variants[j]
						break
					}
				}
			}
			if dup != nil {
				k.add(k.variantAt(v)[vkTag], v.m.off, vx, "tag %d is also the tag of variant %s; %s", v.Tag, quoteName(dup.Name), repin(c))
			}
		}
		if layoutOK && has(&v.m, miss, vkFields) {
			k.checkFields(c, t, v, v.Fields, ts)
		}
	}
}

// checkFields checks the fields of a struct, or of a variant whose fields
// start after a tag of tagSize bytes: each field is aligned, inside the
// type and after the tag, and no two fields overlap. A field is reported
// for its first problem only.
func (k *checker) checkFields(c *Cell, t *Type, v *Variant, fs []Field, tagSize uint64) {
	bad := false
	sorted := true
	names := nameSet{get: func(j int) string { return fs[j].Name }}
	// t.Align is a power of two (checked before): offsets can be tested
	// with a mask.
	tAlignOK := t.Align != 0 && t.Align&(t.Align-1) == 0
	parsed := k.src != "" // the fields' valid bits hold, as for parsedValid
	for i := range fs {
		f := &fs[i]
		if i > 0 && fs[i-1].Offset > f.Offset {
			sorted = false
		}
		if f.m.from && fieldRequired&^(f.m.set|f.m.hdr|f.m.dot) != 0 {
			k.missing(&f.m, fieldRequired, fieldKeys[:], ctx{c: c, t: t, v: v, f: f}, "the field")
			bad = true
			continue
		}
		// The common case, fast: every check below passes.
		if a := f.Align; tAlignOK && a != 0 && a&(a-1) == 0 && a <= 1<<29 &&
			f.Size <= maxSize && f.Size&(a-1) == 0 && f.Offset&(min(a, t.Align)-1) == 0 &&
			f.Offset <= t.Size && f.Size <= t.Size-f.Offset && f.Offset >= tagSize &&
			(parsed && f.m.valid&validName != 0 && identStart(f.Name) || validIdent(f.Name, true)) &&
			(parsed && f.m.valid&validType != 0 && f.Type != "" || validTypeExpr(f.Type)) {
			dup := -1
			if i < 15 {
				for j := range i {
					if sameName(fs[j].Name, f.Name) {
						dup = j
						break
					}
				}
			} else {
				dup = names.seen(f.Name, i)
			}
			if dup >= 0 {
				k.add(k.fieldAt(f)[fkName], f.m.off, ctx{c: c, t: t, v: v}, "field %s is listed twice; %s", quoteName(f.Name), repin(c))
				bad = true
			}
			continue
		}
		x := ctx{c: c, t: t, v: v, f: f}
		n := len(k.errs)
		switch {
		case !validIdent(f.Name, true):
			k.add(k.fieldAt(f)[fkName], f.m.off, ctx{c: c, t: t, v: v}, "field name %s is not a Rust identifier or tuple index; %s", strconv.Quote(f.Name), repin(c))
		case !validTypeExpr(f.Type):
			k.add(k.fieldAt(f)[fkType], f.m.off, x, "type %s is not a canonical type expression; %s", strconv.Quote(f.Type), repin(c))
		case !validAlign(f.Align):
			k.badAlign(f.Align, k.fieldAt(f)[fkAlign], f.m.off, x, c)
		case f.Size > maxSize || f.Size%f.Align != 0:
			k.add(k.fieldAt(f)[fkSize], f.m.off, x, "size %d is not a multiple of the field's alignment %d; %s", f.Size, f.Align, repin(c))
		case f.Offset%min(f.Align, t.Align) != 0:
			k.add(k.fieldAt(f)[fkOffset], f.m.off, x, "offset %d is misaligned: not a multiple of the field's alignment %d; %s", f.Offset, min(f.Align, t.Align), repin(c))
		case f.Offset > t.Size || f.Size > t.Size-f.Offset:
			k.add(k.fieldAt(f)[fkOffset], f.m.off, x, "offset %d + size %d runs past the end of the %d-byte %s; %s", f.Offset, f.Size, t.Size, t.Kind, repin(c))
		case f.Offset < tagSize:
			k.add(k.fieldAt(f)[fkOffset], f.m.off, x, "offset %d overlaps the %d-byte tag at offset 0; %s", f.Offset, tagSize, repin(c))
		}
		if j := names.seen(f.Name, i); j >= 0 && len(k.errs) == n {
			k.add(k.fieldAt(f)[fkName], f.m.off, ctx{c: c, t: t, v: v}, "field %s is listed twice; %s", quoteName(f.Name), repin(c))
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
	var order []int
	if !sorted {
		order = make([]int, len(fs))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return fs[order[a]].Offset < fs[order[b]].Offset })
	}
	end, last := uint64(0), -1
	for n := range fs {
		i := n
		if order != nil {
			i = order[n]
		}
		f := &fs[i]
		if f.Size == 0 {
			continue
		}
		if last >= 0 && f.Offset < end {
			g := &fs[last]
			// Report the field later in the file.
			a, b := g, f
			if i < last {
				a, b = f, g
			}
			k.add(k.fieldAt(b)[fkOffset], b.m.off, ctx{c: c, t: t, v: v, f: b}, "bytes %d..%d overlap field %s at bytes %d..%d; %s", b.Offset, b.Offset+b.Size, quoteName(a.Name), a.Offset, a.Offset+a.Size, repin(c))
			return
		}
		end, last = f.Offset+f.Size, i
	}
}

// identStart reports whether s, known to be ASCII letters, digits and
// '_', is an identifier other than a tuple index: what validIdent adds
// for such a string.
func identStart(s string) bool { return s != "" && s[0] > '9' && s != "_" }

// sameName is a == b, deciding most unequal names of the same length
// (field_1, field_2) by their last byte, without a call.
func sameName(a, b string) bool {
	return len(a) == len(b) && (a == "" || a[len(a)-1] == b[len(b)-1]) && a == b
}

// nameSet finds duplicate names among the elements 0, 1, ... of a list:
// by comparison while the list is short, with a map beyond.
type nameSet struct {
	get func(int) string
	m   map[string]int
}

// seen reports the index of an earlier element named name, or -1, and
// records element i.
func (s *nameSet) seen(name string, i int) int {
	if i < 16 {
		for j := range i {
			if sameName(s.get(j), name) {
				return j
			}
		}
		if i < 15 {
			return -1
		}
	}
	if s.m == nil {
		s.m = make(map[string]int)
		for j := range i {
			if _, ok := s.m[s.get(j)]; !ok {
				s.m[s.get(j)] = j
			}
		}
	}
	if j, ok := s.m[name]; ok && j < i {
		return j
	}
	s.m[name] = i
	return -1
}

// validIdent reports whether s is a Rust identifier (or, with tuple, a
// tuple field index).
func validIdent(s string, tuple bool) bool {
	if s == "" || s == "_" {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return tuple && isDigits(s) && (s == "0" || s[0] != '0')
	}
	var bad byte
	for i := 0; i < len(s); i++ {
		bad |= byteClass[s[i]] & notIdent
	}
	if bad == 0 {
		return true
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
	if s == "" {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
		} else if byteClass[c]&notTypeStr != 0 {
			return false
		}
	}
	if ascii {
		return true
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// checkLayoutDigest recomputes the schema layout digest from the types'
// layout digests (docs/fingerprint.md §5).
func (k *checker) checkLayoutDigest(c *Cell, x ctx) {
	// Sort by value. The digests are uniformly distributed: a bucket
	// pass on their first 10 bits leaves an insertion sort little to do.
	// Entries hold no pointers (the type's index, not its digest), so
	// the garbage collector neither scans them nor runs write barriers.
	type entry struct {
		key uint64 // the first 8 bytes
		i   int    // index in c.Types
	}
	key := func(i int) uint64 {
		d := c.Types[i].LayoutDigest
		return hex8(d[:8])<<32 | hex8(d[8:16])
	}
	var count [1025]int
	for i := range c.Types {
		count[key(i)>>54+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	sorted := make([]entry, len(c.Types))
	for i := range c.Types {
		v := key(i)
		sorted[count[v>>54]] = entry{v, i}
		count[v>>54]++
	}
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0; j-- {
			a, b := &sorted[j-1], &sorted[j]
			if a.key < b.key || a.key == b.key && c.Types[a.i].LayoutDigest <= c.Types[b.i].LayoutDigest {
				break
			}
			*a, *b = *b, *a
		}
	}
	// The lines "type DIGEST", hashed some kilobytes at a time rather
	// than one call per line.
	h := blake3.New()
	h.WriteString("cfp-layout 1\nschema\n")
	var buf [4096]byte
	n := 0
	for _, e := range sorted {
		d := c.Types[e.i].LayoutDigest
		if n+len("type \n")+len(d) > len(buf) {
			h.Write(buf[:n])
			n = 0
		}
		n += copy(buf[n:], "type ")
		n += copy(buf[n:], d)
		buf[n] = '\n'
		n++
	}
	h.Write(buf[:n])
	if sum := hex.EncodeToString(h.Sum(nil)); sum != c.LayoutDigest {
		k.add(c.at[ckLayoutDigest], c.m.off, x, "layout_digest %s does not match the layout digests of the cell's types (they give %s): the lock was edited or corrupted; %s", c.LayoutDigest, sum, repin(c))
	}
}
