package rustschema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer turns a schema file into tokens the way rustc_lexer does, so
// that anything rustc accepts lexes here too. Comments (including doc
// comments, which rustc turns into #[doc] attributes) are skipped: docs do
// not change the wire contract. Identifiers are not NFC-normalised; rustc
// does normalise them, so two spellings of one non-ASCII name that differ
// only in normalisation are different names here.

type lexer struct {
	s   *source
	src string
	off int
}

// lex returns the tokens of s, ending with tEOF, and records lexical errors
// in s. Invalid UTF-8 is fatal: rustc refuses such files outright.
func lex(s *source) []token {
	if len(s.src) > maxSrcLen {
		s.errorf(0, "file too large (%d bytes, limit %d)", len(s.src), maxSrcLen)
		s.fatal = true
		return []token{{kind: tEOF}}
	}
	if !utf8.ValidString(s.src) {
		off := 0
		for off < len(s.src) {
			r, n := utf8.DecodeRuneInString(s.src[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		s.errorf(off, "invalid UTF-8 encoding")
		s.fatal = true
		return []token{{kind: tEOF, off: int32(off), x: int32(off)}}
	}
	l := &lexer{s: s, src: s.src, off: s.bom}
	l.skipShebang()
	// Schema files average 3.5-4.5 bytes per token (indentation and doc
	// comments included); sizing for 3 means the slice does not grow (a
	// copy of the whole token slice) except for unusually dense files.
	toks := make([]token, 0, (len(l.src)-l.off)/3+8)
	for {
		t := l.scan()
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks
		}
	}
}

func (l *lexer) errorf(off int, format string, args ...any) {
	l.s.errorf(off, format, args...)
}

func (l *lexer) byteAt(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// skipShebang skips a first line starting with "#!" unless what follows
// the "#!" is "[" (an inner attribute), as rustc does.
func (l *lexer) skipShebang() {
	if !strings.HasPrefix(l.src[l.off:], "#!") {
		return
	}
	start, nerr := l.off, len(l.s.errs)
	l.off += 2
	l.skipSpace()
	isAttr := l.byteAt(l.off) == '['
	l.s.errs, l.s.full = l.s.errs[:nerr], false
	if isAttr {
		l.off = start
		return
	}
	if i := strings.IndexByte(l.src[start:], '\n'); i >= 0 {
		l.off = start + i
	} else {
		l.off = len(l.src)
	}
}

// isRustSpace reports whether r is Pattern_White_Space, rustc's notion of
// whitespace.
func isRustSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0x200E, 0x200F, 0x2028, 0x2029:
		return true
	}
	return false
}

// skipSpace skips whitespace and comments.
func (l *lexer) skipSpace() {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch c {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			l.off++
		case '/':
			switch l.byteAt(l.off + 1) {
			case '/':
				if i := strings.IndexByte(l.src[l.off:], '\n'); i >= 0 {
					l.off += i + 1
				} else {
					l.off = len(l.src)
				}
			case '*':
				l.blockComment()
			default:
				return
			}
		default:
			if c < utf8.RuneSelf {
				return
			}
			r, n := utf8.DecodeRuneInString(l.src[l.off:])
			if !isRustSpace(r) {
				return
			}
			l.off += n
		}
	}
}

// blockComment skips a (nested) block comment starting at l.off.
func (l *lexer) blockComment() {
	start := l.off
	depth := 0
	i := l.off
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '/' && l.byteAt(i+1) == '*':
			depth++
			i += 2
		case c == '*' && l.byteAt(i+1) == '/':
			depth--
			i += 2
			if depth == 0 {
				l.off = i
				return
			}
		default:
			i++
		}
	}
	l.errorf(start, "unterminated block comment")
	l.off = len(l.src)
}

func isASCIIIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isASCIIIdentCont(c byte) bool {
	return isASCIIIdentStart(c) || '0' <= c && c <= '9'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Characters that are ID_Start/ID_Continue but not XID_Start/XID_Continue
// (their NFKC forms are not identifiers). Go's unicode package has the
// Other_ID_* and Pattern_* tables but not the XID ones.
func notXIDStart(r rune) bool {
	switch r {
	case 0x037A, 0x0E33, 0x0EB3, 0x309B, 0x309C, 0xFDFA, 0xFDFB,
		0xFE70, 0xFE72, 0xFE74, 0xFE76, 0xFE78, 0xFE7A, 0xFE7C, 0xFE7E,
		0xFF9E, 0xFF9F:
		return true
	}
	return 0xFC5E <= r && r <= 0xFC63
}

func notXIDContinue(r rune) bool {
	switch r {
	case 0x037A, 0x309B, 0x309C, 0xFDFA, 0xFDFB,
		0xFE70, 0xFE72, 0xFE74, 0xFE76, 0xFE78, 0xFE7A, 0xFE7C, 0xFE7E:
		return true
	}
	return 0xFC5E <= r && r <= 0xFC63
}

// isIdentStart reports whether r may start an identifier: XID_Start or _.
func isIdentStart(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIIdentStart(byte(r))
	}
	if !(unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)) {
		return false
	}
	return !unicode.Is(unicode.Pattern_Syntax, r) && !unicode.Is(unicode.Pattern_White_Space, r) && !notXIDStart(r)
}

// isIdentCont reports whether r may continue an identifier: XID_Continue.
func isIdentCont(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIIdentCont(byte(r))
	}
	if !(unicode.IsLetter(r) || unicode.In(r, unicode.Nl, unicode.Other_ID_Start,
		unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)) {
		return false
	}
	return !unicode.Is(unicode.Pattern_Syntax, r) && !unicode.Is(unicode.Pattern_White_Space, r) && !notXIDContinue(r)
}

// identStartAt reports whether an identifier starts at byte i.
func (l *lexer) identStartAt(i int) bool {
	if i >= len(l.src) {
		return false
	}
	if c := l.src[i]; c < utf8.RuneSelf {
		return isASCIIIdentStart(c)
	}
	r, _ := utf8.DecodeRuneInString(l.src[i:])
	return isIdentStart(r)
}

// identEnd returns the end of the identifier-continue run starting at i.
func (l *lexer) identEnd(i int) int {
	for i < len(l.src) {
		c := l.src[i]
		if c < utf8.RuneSelf {
			if !isASCIIIdentCont(c) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(l.src[i:])
		if !isIdentCont(r) {
			return i
		}
		i += n
	}
	return i
}

func (l *lexer) tok(kind tokKind, start int) token {
	return token{kind: kind, off: int32(start), x: int32(l.off)}
}

// scan returns the next token.
func (l *lexer) scan() token {
	l.skipSpace()
	start := l.off
	if start >= len(l.src) {
		return l.tok(tEOF, start)
	}
	c := l.src[start]
	switch {
	case isASCIIIdentStart(c):
		switch c {
		case 'r':
			if n := l.byteAt(start + 1); n == '"' || n == '#' {
				return l.rawStringOrIdent(start)
			}
		case 'b':
			switch l.byteAt(start + 1) {
			case '"':
				return l.quoted(start, start+1, tByteStr, modeByteStr)
			case '\'':
				return l.charLit(start, start+1, tByte, modeByte)
			case 'r':
				if n := l.byteAt(start + 2); n == '"' || n == '#' {
					return l.rawString(start, start+2, tByteStr)
				}
			}
		case 'c':
			switch l.byteAt(start + 1) {
			case '"':
				return l.quoted(start, start+1, tStr, modeCStr)
			case 'r':
				if n := l.byteAt(start + 2); n == '"' || n == '#' {
					return l.rawString(start, start+2, tStr)
				}
			}
		}
		l.off = l.identEnd(start + 1)
		return l.tok(tIdent, start)
	case isDigit(c):
		return l.number(start)
	case c == '"':
		return l.quoted(start, start, tStr, modeStr)
	case c == '\'':
		return l.charOrLifetime(start)
	case c >= utf8.RuneSelf:
		r, n := utf8.DecodeRuneInString(l.src[start:])
		if isIdentStart(r) {
			l.off = l.identEnd(start + n)
			return l.tok(tIdent, start)
		}
		l.errorf(start, "unknown start of token: %s", describeRune(r))
		l.off += n
		return l.scan()
	}
	return l.punct(start, c)
}

// describeRune writes r for an error message.
func describeRune(r rune) string {
	if unicode.IsPrint(r) && r != '`' {
		return fmt.Sprintf("`%c` (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// punct lexes punctuation, longest match first.
func (l *lexer) punct(start int, c byte) token {
	n1, n2 := l.byteAt(start+1), l.byteAt(start+2)
	kind, size := tEOF, 1
	switch c {
	case ';':
		kind = tSemi
	case ',':
		kind = tComma
	case '.':
		switch {
		case n1 == '.' && n2 == '.':
			kind, size = tDotDotDot, 3
		case n1 == '.' && n2 == '=':
			kind, size = tDotDotEq, 3
		case n1 == '.':
			kind, size = tDotDot, 2
		default:
			kind = tDot
		}
	case '(':
		kind = tLParen
	case ')':
		kind = tRParen
	case '[':
		kind = tLBrack
	case ']':
		kind = tRBrack
	case '{':
		kind = tLBrace
	case '}':
		kind = tRBrace
	case '@':
		kind = tAt
	case '#':
		kind = tPound
	case '~':
		kind = tTilde
	case '?':
		kind = tQuestion
	case '$':
		kind = tDollar
	case ':':
		kind = tColon
		if n1 == ':' {
			kind, size = tPathSep, 2
		}
	case '=':
		switch n1 {
		case '=':
			kind, size = tEqEq, 2
		case '>':
			kind, size = tFatArrow, 2
		default:
			kind = tEq
		}
	case '!':
		kind = tNot
		if n1 == '=' {
			kind, size = tNe, 2
		}
	case '<':
		switch {
		case n1 == '<' && n2 == '=':
			kind, size = tShlEq, 3
		case n1 == '<':
			kind, size = tShl, 2
		case n1 == '=':
			kind, size = tLe, 2
		default:
			kind = tLt
		}
	case '>':
		switch {
		case n1 == '>' && n2 == '=':
			kind, size = tShrEq, 3
		case n1 == '>':
			kind, size = tShr, 2
		case n1 == '=':
			kind, size = tGe, 2
		default:
			kind = tGt
		}
	case '-':
		switch n1 {
		case '=':
			kind, size = tMinusEq, 2
		case '>':
			kind, size = tArrow, 2
		default:
			kind = tMinus
		}
	case '&':
		switch n1 {
		case '&':
			kind, size = tAndAnd, 2
		case '=':
			kind, size = tAndEq, 2
		default:
			kind = tAnd
		}
	case '|':
		switch n1 {
		case '|':
			kind, size = tOrOr, 2
		case '=':
			kind, size = tOrEq, 2
		default:
			kind = tOr
		}
	case '+':
		kind = tPlus
		if n1 == '=' {
			kind, size = tPlusEq, 2
		}
	case '*':
		kind = tStar
		if n1 == '=' {
			kind, size = tStarEq, 2
		}
	case '/':
		kind = tSlash
		if n1 == '=' {
			kind, size = tSlashEq, 2
		}
	case '^':
		kind = tCaret
		if n1 == '=' {
			kind, size = tCaretEq, 2
		}
	case '%':
		kind = tPercent
		if n1 == '=' {
			kind, size = tPercentEq, 2
		}
	default:
		l.errorf(start, "unknown start of token: %s", describeRune(rune(c)))
		l.off++
		return l.scan()
	}
	l.off = start + size
	return l.tok(kind, start)
}

// rawStringOrIdent lexes r"...", r#"..."# or r#ident at start.
func (l *lexer) rawStringOrIdent(start int) token {
	i := start + 1
	for l.byteAt(i) == '#' {
		i++
	}
	if l.byteAt(i) == '"' {
		return l.rawString(start, start+1, tStr)
	}
	if i == start+2 && l.identStartAt(i) {
		l.off = l.identEnd(i)
		t := l.tok(tIdent, start)
		t.raw = true
		switch name := l.src[i:l.off]; name {
		case "self", "super", "crate", "Self", "_":
			l.errorf(start, "`%s` cannot be a raw identifier", name)
		}
		return t
	}
	l.errorf(start, "invalid raw string: expected `\"` after the `#` delimiters, found %s", l.describeAt(i))
	l.off = i
	return l.tok(tStr, start)
}

// describeAt names the character at byte i for an error message.
func (l *lexer) describeAt(i int) string {
	if i >= len(l.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRuneInString(l.src[i:])
	return describeRune(r)
}

// rawString lexes a raw string whose prefix (r, br or cr) ends at p, where
// the `#` run or the opening quote starts.
func (l *lexer) rawString(start, p int, kind tokKind) token {
	i := p
	for l.byteAt(i) == '#' {
		i++
	}
	hashes := i - p
	if l.byteAt(i) != '"' {
		l.errorf(start, "invalid raw string: expected `\"` after the `#` delimiters, found %s", l.describeAt(i))
		l.off = i
		return l.tok(kind, start)
	}
	if hashes > 255 {
		l.errorf(start, "too many `#` symbols: raw strings may be delimited by up to 255 `#` symbols, found %d", hashes)
	}
	body := i + 1
	j := body
	for {
		q := strings.IndexByte(l.src[j:], '"')
		if q < 0 {
			l.errorf(start, "unterminated raw string")
			l.off = len(l.src)
			return l.tok(kind, start)
		}
		j += q
		n := 0
		for n < hashes && l.byteAt(j+1+n) == '#' {
			n++
		}
		if n == hashes {
			break
		}
		j++
	}
	l.checkRawBody(body, j, kind == tByteStr)
	l.off = j + 1 + hashes
	l.suffix(start)
	return l.tok(kind, start)
}

// checkRawBody reports bare CRs (and non-ASCII bytes in byte strings) in a
// raw string body.
func (l *lexer) checkRawBody(from, to int, bytes bool) {
	for i := from; i < to; i++ {
		c := l.src[i]
		if c == '\r' && l.byteAt(i+1) != '\n' {
			l.errorf(i, "bare CR not allowed in raw string")
		}
		if bytes && c >= utf8.RuneSelf {
			l.errorf(i, "non-ASCII character in raw byte string literal")
			return
		}
	}
}

// suffix consumes and rejects a suffix after a string or character
// literal.
func (l *lexer) suffix(start int) {
	if !l.identStartAt(l.off) {
		return
	}
	end := l.identEnd(l.off)
	l.errorf(l.off, "suffixes on a %s are invalid", "literal")
	l.off = end
}

// litMode selects the escape rules of a literal.
type litMode uint8

const (
	modeChar litMode = iota
	modeStr
	modeByte
	modeByteStr
	modeCStr
)

func (m litMode) isBytes() bool { return m == modeByte || m == modeByteStr }

// quoted lexes a "..." literal whose opening quote is at q.
func (l *lexer) quoted(start, q int, kind tokKind, m litMode) token {
	i := q + 1
	reportedNonASCII := false
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '"':
			l.off = i + 1
			l.suffix(start)
			return l.tok(kind, start)
		case c == '\\':
			_, next, msg := unescape(l.src, i, m)
			if msg != "" {
				l.errorf(i, "%s", msg)
			}
			i = next
		case c == '\r' && l.byteAt(i+1) != '\n':
			l.errorf(i, "bare CR not allowed in string, use \\r instead")
			i++
		case c >= utf8.RuneSelf && m.isBytes():
			if !reportedNonASCII {
				l.errorf(i, "non-ASCII character in byte string literal")
				reportedNonASCII = true
			}
			i++
		default:
			i++
		}
	}
	l.errorf(start, "unterminated %s", kind)
	l.off = len(l.src)
	return l.tok(kind, start)
}

// charOrLifetime lexes 'x', '\n' or 'a at start, following rustc_lexer:
// a quote followed by an identifier that is not closed by a quote right
// after its first character is a lifetime.
func (l *lexer) charOrLifetime(start int) token {
	i := start + 1
	if i >= len(l.src) {
		l.errorf(start, "unterminated character literal")
		l.off = i
		return l.tok(tChar, start)
	}
	r, n := utf8.DecodeRuneInString(l.src[i:])
	if r != '\\' && l.byteAt(i+n) != '\'' && (isIdentStart(r) || r < utf8.RuneSelf && isDigit(byte(r))) {
		j := i
		if r == 'r' && l.byteAt(i+1) == '#' && l.identStartAt(i+2) {
			j = i + 2 // raw lifetime 'r#a
		}
		end := l.identEnd(j + n)
		if j != i {
			end = l.identEnd(j)
		}
		if l.byteAt(end) == '\'' {
			l.off = end + 1
			l.errorf(start, "character literal may only contain one codepoint")
			return l.tok(tChar, start)
		}
		l.off = end
		if r < utf8.RuneSelf && isDigit(byte(r)) {
			l.errorf(start, "lifetimes cannot start with a number")
		}
		return l.tok(tLifetime, start)
	}
	return l.charLit(start, start, tChar, modeChar)
}

// charLit lexes a character or byte literal whose opening quote is at q.
func (l *lexer) charLit(start, q int, kind tokKind, m litMode) token {
	body := q + 1
	i := body
	terminated := false
	// Find the end like rustc_lexer's single_quoted_string.
	if l.byteAt(i) != '\\' && i < len(l.src) {
		_, n := utf8.DecodeRuneInString(l.src[i:])
		if l.byteAt(i+n) == '\'' {
			i += n
			terminated = true
		}
	}
loop:
	for !terminated && i < len(l.src) {
		switch l.src[i] {
		case '\'':
			terminated = true
			break loop
		case '/':
			break loop
		case '\n':
			if l.byteAt(i+1) != '\'' {
				break loop
			}
			i++
		case '\\':
			i += 2
		default:
			i++
		}
	}
	if i > len(l.src) {
		i = len(l.src)
	}
	if !terminated {
		l.errorf(start, "unterminated %s", kind)
		l.off = i
		return l.tok(kind, start)
	}
	l.off = i + 1
	l.checkCharBody(body, i, kind, m)
	l.suffix(start)
	return l.tok(kind, start)
}

// checkCharBody validates the text between the quotes of a character or
// byte literal.
func (l *lexer) checkCharBody(from, to int, kind tokKind, m litMode) {
	body := l.src[from:to]
	if body == "" {
		l.errorf(from-1, "empty %s", kind)
		return
	}
	next := 0
	if body[0] == '\\' {
		var msg string
		_, next, msg = unescape(body, 0, m)
		if msg != "" {
			l.errorf(from, "%s", msg)
			return
		}
	} else {
		r, n := utf8.DecodeRuneInString(body)
		next = n
		switch r {
		case '\n', '\r', '\t', '\'':
			q := strconv.QuoteRune(r)
			l.errorf(from, "%s must be escaped: `%s`", kind, q[1:len(q)-1])
			return
		}
		if m == modeByte && r >= utf8.RuneSelf {
			l.errorf(from, "non-ASCII character in byte literal")
			return
		}
	}
	if next != len(body) {
		l.errorf(from-1, "%s may only contain one codepoint", kind)
	}
}

// unescape decodes the escape sequence at s[i] (a backslash) under the
// rules of mode m. It returns the value (-1 for a line continuation), the
// index after the escape and an error message ("" when valid). It never
// fails to make progress.
func unescape(s string, i int, m litMode) (r rune, next int, msg string) {
	if i+1 >= len(s) {
		return 0, len(s), "unterminated escape sequence"
	}
	c := s[i+1]
	switch c {
	case 'n':
		return '\n', i + 2, ""
	case 'r':
		return '\r', i + 2, ""
	case 't':
		return '\t', i + 2, ""
	case '\\':
		return '\\', i + 2, ""
	case '0':
		return 0, i + 2, ""
	case '\'':
		return '\'', i + 2, ""
	case '"':
		return '"', i + 2, ""
	case 'x':
		j := i + 2
		for j < len(s) && j < i+4 && isHexDigit(s[j]) {
			j++
		}
		if j < i+4 {
			return 0, j, "numeric character escape is too short"
		}
		v := hexVal(s[i+2])<<4 | hexVal(s[i+3])
		if v > 0x7F && !m.isBytes() && m != modeCStr {
			return rune(v), j, "out of range hex escape: must be a character in the range [\\x00-\\x7f]"
		}
		return rune(v), j, ""
	case 'u':
		return unescapeUnicode(s, i, m)
	case '\n', '\r':
		if m == modeChar || m == modeByte {
			return 0, i + 2, "unknown character escape: `\\n`"
		}
		// Line continuation: skip the newline and following whitespace.
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
			j++
		}
		return -1, j, ""
	}
	r, n := utf8.DecodeRuneInString(s[i+1:])
	return r, i + 1 + n, fmt.Sprintf("unknown character escape: %s", describeRune(r))
}

func hexVal(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c - 'a' + 10)
	}
	return int(c - 'A' + 10)
}

// unescapeUnicode decodes \u{...} at s[i].
func unescapeUnicode(s string, i int, m litMode) (rune, int, string) {
	j := i + 2
	if j >= len(s) || s[j] != '{' {
		return 0, j, "incorrect unicode escape sequence: expected `{`"
	}
	j++
	v, digits := 0, 0
	for ; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '}':
			j++
			switch {
			case m.isBytes():
				return 0, j, "unicode escape in byte string"
			case digits == 0:
				return 0, j, "empty unicode escape"
			case digits > 6:
				return 0, j, "overlong unicode escape"
			case v > unicode.MaxRune:
				return 0, j, "invalid unicode character escape: must be at most 10FFFF"
			case 0xD800 <= v && v <= 0xDFFF:
				return 0, j, "invalid unicode character escape: must not be a surrogate"
			}
			return rune(v), j, ""
		case c == '_':
			if digits == 0 {
				return 0, j + 1, "invalid start of unicode escape: `_`"
			}
		case isHexDigit(c):
			digits++
			if digits <= 7 {
				v = v<<4 | hexVal(c)
			}
		default:
			return 0, j, "invalid character in unicode escape"
		}
	}
	return 0, j, "unterminated unicode escape"
}

// number lexes an integer or float literal with an optional suffix.
func (l *lexer) number(start int) token {
	kind := tInt
	i := start
	base := 10
	if l.src[i] == '0' {
		switch l.byteAt(i + 1) {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
	}
	if base != 10 {
		i += 2
		digits := 0
		for i < len(l.src) {
			c := l.src[i]
			if c == '_' {
				i++
				continue
			}
			if base == 16 && isHexDigit(c) || base != 16 && isDigit(c) {
				if base != 16 && int(c-'0') >= base {
					l.errorf(i, "invalid digit for a base %d literal", base)
				}
				digits++
				i++
				continue
			}
			break
		}
		if digits == 0 {
			l.errorf(start, "no valid digits found for number")
		}
	} else {
		i = l.decimalDigits(i)
		if l.byteAt(i) == '.' && l.byteAt(i+1) != '.' && !l.identStartAt(i+1) {
			kind = tFloat
			i++
			if isDigit(l.byteAt(i)) {
				i = l.decimalDigits(i)
				i = l.exponent(i)
			}
		} else if c := l.byteAt(i); c == 'e' || c == 'E' {
			kind = tFloat
			i = l.exponent(i)
		}
	}
	l.off = i
	if l.identStartAt(i) {
		l.off = l.identEnd(i)
		suf := l.src[i:l.off]
		if !validNumberSuffix(kind, base, suf) {
			l.errorf(i, "invalid suffix `%s` for %s", suf, kind)
		}
	}
	return l.tok(kind, start)
}

func (l *lexer) decimalDigits(i int) int {
	for i < len(l.src) && (isDigit(l.src[i]) || l.src[i] == '_') {
		i++
	}
	return i
}

// exponent lexes an exponent at i if there is one.
func (l *lexer) exponent(i int) int {
	if c := l.byteAt(i); c != 'e' && c != 'E' {
		return i
	}
	start := i
	i++
	if c := l.byteAt(i); c == '+' || c == '-' {
		i++
	}
	j := l.decimalDigits(i)
	if !strings.ContainsAny(l.src[i:j], "0123456789") {
		l.errorf(start, "expected at least one digit in exponent")
	}
	return j
}

func validNumberSuffix(kind tokKind, base int, suf string) bool {
	switch suf {
	case "f32", "f64":
		return base == 10
	}
	return kind == tInt && isIntTypeName(suf)
}

// isIntTypeName reports whether s names a primitive integer type.
func isIntTypeName(s string) bool {
	switch s {
	case "u8", "u16", "u32", "u64", "u128", "usize",
		"i8", "i16", "i32", "i64", "i128", "isize":
		return true
	}
	return false
}

// maxDelimDepth bounds delimiter nesting; the parser recurses on nested
// groups, so hostile input must not nest without limit.
const maxDelimDepth = 256

// matchDelims links each delimiter token to its partner. It reports the
// first unbalanced or too deeply nested delimiter and returns false if
// there is one; the parser relies on balanced groups to skip and recover.
func matchDelims(s *source, toks []token) bool {
	var stack []int32 // indices of the open delimiters
	for i := range toks {
		t := &toks[i]
		switch t.kind {
		case tLParen, tLBrack, tLBrace:
			if len(stack) >= maxDelimDepth {
				s.errorf(int(t.off), "delimiters nested too deeply (more than %d levels)", maxDelimDepth)
				return false
			}
			stack = append(stack, int32(i))
		case tRParen, tRBrack, tRBrace:
			if len(stack) == 0 {
				s.errorf(int(t.off), "unexpected closing delimiter: `%s`", t.kind)
				return false
			}
			oi := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			o := &toks[oi]
			if closerOf(o.kind) != t.kind {
				op := s.pos(int(o.off))
				s.errorf(int(t.off), "mismatched closing delimiter: `%s` does not close `%s` opened at %d:%d",
					t.kind, o.kind, op.Line, op.Col)
				return false
			}
			o.x, t.x = int32(i), oi
		}
	}
	if len(stack) > 0 {
		o := toks[stack[len(stack)-1]]
		s.errorf(int(o.off), "unclosed delimiter `%s`", o.kind)
		return false
	}
	return true
}

func closerOf(k tokKind) tokKind {
	switch k {
	case tLParen:
		return tRParen
	case tLBrack:
		return tRBrack
	}
	return tRBrace
}
