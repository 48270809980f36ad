package rustschema

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token. Punctuation is lexed greedily
// into multi-character operators, as go/scanner does; the parser splits
// `>>`, `>=` and `>>=` where a generic argument list closes.
type tokKind uint8

const (
	tEOF tokKind = iota

	tIdent    // identifier or keyword; token.raw marks r#ident
	tLifetime // 'a
	tInt      // 1, 0xff_u8, 16usize
	tFloat    // 1.0, 1e3, 2f32
	tStr      // "..." r"..." r#"..."# c"..." cr"..."
	tByteStr  // b"..." br"..." br#"..."#
	tChar     // 'x' '\n' '\u{1F600}'
	tByte     // b'x'

	tSemi      // ;
	tComma     // ,
	tDot       // .
	tDotDot    // ..
	tDotDotDot // ...
	tDotDotEq  // ..=
	tLParen    // (
	tRParen    // )
	tLBrack    // [
	tRBrack    // ]
	tLBrace    // {
	tRBrace    // }
	tAt        // @
	tPound     // #
	tTilde     // ~
	tQuestion  // ?
	tColon     // :
	tPathSep   // ::
	tDollar    // $
	tEq        // =
	tEqEq      // ==
	tFatArrow  // =>
	tNot       // !
	tNe        // !=
	tLt        // <
	tLe        // <=
	tShl       // <<
	tShlEq     // <<=
	tGt        // >
	tGe        // >=
	tShr       // >>
	tShrEq     // >>=
	tMinus     // -
	tMinusEq   // -=
	tArrow     // ->
	tAnd       // &
	tAndAnd    // &&
	tAndEq     // &=
	tOr        // |
	tOrOr      // ||
	tOrEq      // |=
	tPlus      // +
	tPlusEq    // +=
	tStar      // *
	tStarEq    // *=
	tSlash     // /
	tSlashEq   // /=
	tCaret     // ^
	tCaretEq   // ^=
	tPercent   // %
	tPercentEq // %=

	numTokKinds
)

var tokNames = [numTokKinds]string{
	tEOF: "end of file", tIdent: "identifier", tLifetime: "lifetime",
	tInt: "integer literal", tFloat: "float literal", tStr: "string literal",
	tByteStr: "byte string literal", tChar: "character literal", tByte: "byte literal",
	tSemi: ";", tComma: ",", tDot: ".", tDotDot: "..", tDotDotDot: "...", tDotDotEq: "..=",
	tLParen: "(", tRParen: ")", tLBrack: "[", tRBrack: "]", tLBrace: "{", tRBrace: "}",
	tAt: "@", tPound: "#", tTilde: "~", tQuestion: "?", tColon: ":", tPathSep: "::",
	tDollar: "$", tEq: "=", tEqEq: "==", tFatArrow: "=>", tNot: "!", tNe: "!=",
	tLt: "<", tLe: "<=", tShl: "<<", tShlEq: "<<=", tGt: ">", tGe: ">=", tShr: ">>",
	tShrEq: ">>=", tMinus: "-", tMinusEq: "-=", tArrow: "->", tAnd: "&", tAndAnd: "&&",
	tAndEq: "&=", tOr: "|", tOrOr: "||", tOrEq: "|=", tPlus: "+", tPlusEq: "+=",
	tStar: "*", tStarEq: "*=", tSlash: "/", tSlashEq: "/=", tCaret: "^", tCaretEq: "^=",
	tPercent: "%", tPercentEq: "%=",
}

func (k tokKind) String() string {
	if k < numTokKinds {
		return tokNames[k]
	}
	return fmt.Sprintf("tokKind(%d)", int(k))
}

// isLiteral reports whether k is a literal token kind.
func (k tokKind) isLiteral() bool { return k >= tInt && k <= tByte }

// isDelim reports whether k is one of ( ) [ ] { }.
func (k tokKind) isDelim() bool { return k >= tLParen && k <= tRBrace }

// isPunct reports whether k is a punctuation token kind.
func (k tokKind) isPunct() bool { return k >= tSemi && k < numTokKinds }

// token is a lexical token. It holds offsets rather than text so that
// lexing allocates nothing per token; the text is src[off:end()].
type token struct {
	off int32 // byte offset of the first character
	// x is the byte offset after the last character, except for a
	// delimiter, which is one byte long: there it is the index of the
	// partner delimiter in the token slice, filled in by matchDelims.
	// Sharing the field keeps a token at 12 bytes; a large schema has
	// hundreds of thousands.
	x    int32
	kind tokKind
	raw  bool // r#ident
}

// end returns the byte offset after the last character of t.
func (t token) end() int32 {
	if t.kind.isDelim() {
		return t.off + 1
	}
	return t.x
}

// match returns, for a delimiter, the index of its partner in the token
// slice, and -1 for other tokens.
func (t token) match() int32 {
	if t.kind.isDelim() {
		return t.x
	}
	return -1
}

// maxSrcLen bounds the input so that token offsets fit in an int32.
const maxSrcLen = 1 << 30

// maxErrors bounds the number of errors collected from one file; hostile
// input must not produce an error per byte.
const maxErrors = 100

// rawError is an error at a byte offset, converted to a Pos at the end.
type rawError struct {
	off     int
	msg     string
	dropped bool // the error of a type that is not in the schema after all
}

// source is a schema file being read: its text, its line table and the
// errors found so far. The lexer, parser and resolver share it.
type source struct {
	name  string
	src   string
	bom   int   // length of a leading UTF-8 BOM (0 or 3)
	lines []int // byte offsets of line starts, computed lazily
	errs  []rawError
	full  bool // maxErrors reached
	// fatal is set when an error makes further phases pointless
	// (invalid UTF-8, a file too large).
	fatal bool
}

func newSource(name string, src []byte) *source {
	s := &source{name: name, src: string(src)}
	if strings.HasPrefix(s.src, "\uFEFF") {
		s.bom = 3
	}
	return s
}

// errorf records an error at byte offset off.
func (s *source) errorf(off int, format string, args ...any) {
	if s.full {
		return
	}
	if len(s.errs) >= maxErrors {
		s.full = true
		s.errs = append(s.errs, rawError{off: off, msg: "too many errors"})
		return
	}
	s.errs = append(s.errs, rawError{off: off, msg: fmt.Sprintf(format, args...)})
}

// computeLines builds the line table. A leading BOM is not part of line 1,
// so that columns agree with what editors show (and with rustc, which
// strips the BOM before lexing).
func (s *source) computeLines() {
	if s.lines != nil {
		return
	}
	lines := make([]int, 1, 64+len(s.src)/16)
	lines[0] = s.bom
	src := s.src
	for off := 0; ; {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		lines = append(lines, off)
	}
	s.lines = lines
}

// pos converts a byte offset to a Pos. Columns count bytes from 1.
func (s *source) pos(off int) Pos {
	s.computeLines()
	off = max(s.bom, min(off, len(s.src)))
	i := sort.SearchInts(s.lines, off+1) - 1 // last line start <= off
	return Pos{File: s.name, Line: i + 1, Col: off - s.lines[i] + 1}
}

// errorList converts the recorded errors to a sorted ErrorList, dropping
// exact duplicates (recovery can report the same problem twice).
// at formats an offset as line:col, for messages that point elsewhere in
// the same file.
func (s *source) at(off int) string {
	p := s.pos(off)
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

func (s *source) errorList() ErrorList {
	if !s.failed() {
		return nil
	}
	list := make(ErrorList, 0, len(s.errs))
	for _, e := range s.errs {
		if e.dropped {
			continue
		}
		list = append(list, &Error{Pos: s.pos(e.off), Msg: e.msg})
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i].Pos, list[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := list[:1]
	for _, e := range list[1:] {
		last := out[len(out)-1]
		if e.Pos == last.Pos && e.Msg == last.Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// failed reports whether s has errors that count.
func (s *source) failed() bool {
	return slices.ContainsFunc(s.errs, func(e rawError) bool { return !e.dropped })
}

// text returns the source text of t.
func (s *source) text(t token) string { return s.src[t.off:t.end()] }

// describe names a token for an error message: "`u32`", "keyword `struct`",
// "end of file".
func (s *source) describe(t token) string {
	switch {
	case t.kind == tEOF:
		return "end of file"
	case t.kind == tIdent:
		txt := s.text(t)
		if !t.raw && isKeyword(txt) {
			return "keyword `" + txt + "`"
		}
		return "`" + txt + "`"
	case t.kind.isPunct():
		return "`" + t.kind.String() + "`"
	}
	txt := s.text(t)
	if len(txt) > 24 {
		n := 20
		for n > 0 && !utf8.RuneStart(txt[n]) {
			n--
		}
		txt = txt[:n] + "..."
	}
	return t.kind.String() + " `" + txt + "`"
}

// isKeyword reports whether s is a strict or reserved Rust keyword
// (edition 2021, plus gen reserved in 2024). Weak keywords such as union
// and macro_rules are identifiers.
func isKeyword(s string) bool {
	switch s {
	case "as", "async", "await", "break", "const", "continue", "crate", "dyn",
		"else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
		"let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
		"self", "Self", "static", "struct", "super", "trait", "true", "type",
		"unsafe", "use", "where", "while",
		"abstract", "become", "box", "do", "final", "macro", "override",
		"priv", "typeof", "unsized", "virtual", "yield", "try", "gen":
		return true
	}
	return false
}
