package rustschema

import (
	"fmt"
	"strings"
	"testing"
)

// lexString lexes src and renders each token as "kind:text" (raw
// identifiers as "raw:text") and each error as "line:col: msg".
func lexString(src string) (toks, errs []string) {
	s := newSource("x.rs", []byte(src))
	for _, t := range lex(s) {
		if t.kind == tEOF {
			break
		}
		k := t.kind.String()
		switch {
		case t.raw:
			k = "raw"
		case t.kind == tIdent:
			k = "id"
		case t.kind == tLifetime:
			k = "life"
		case t.kind == tInt:
			k = "int"
		case t.kind == tFloat:
			k = "float"
		case t.kind == tStr:
			k = "str"
		case t.kind == tByteStr:
			k = "bstr"
		case t.kind == tChar:
			k = "char"
		case t.kind == tByte:
			k = "byte"
		case t.kind.isPunct():
			k = "p"
		}
		toks = append(toks, k+":"+s.text(t))
	}
	for _, e := range s.errorList() {
		errs = append(errs, fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg))
	}
	return toks, errs
}

func TestLex(t *testing.T) {
	tests := []struct {
		src  string
		toks string // space-separated kind:text
		errs string // "|"-separated "line:col: message" prefixes
	}{
		// identifiers and keywords
		{"foo _bar x1 struct Self", "id:foo id:_bar id:x1 id:struct id:Self", ""},
		{"r#type r#struct r#foo", "raw:r#type raw:r#struct raw:r#foo", ""},
		{"été 变量 naïve", "id:été id:变量 id:naïve", ""},
		{"_", "id:_", ""},
		{"r#self", "raw:r#self", "1:1: `self` cannot be a raw identifier"},
		// lifetimes and chars
		{"'a 'static '_", "life:'a life:'static life:'_", ""},
		{"'x' '\\n' '\\'' '\"' '\\u{1F600}' '\\x7f' 'é'", `char:'x' char:'\n' char:'\'' char:'"' char:'\u{1F600}' char:'\x7f' char:'é'`, ""},
		{"b'x' b'\\xff' b'\\n'", `byte:b'x' byte:b'\xff' byte:b'\n'`, ""},
		{"'ab'", "char:'ab'", "1:1: character literal may only contain one codepoint"},
		{"''", "char:''", "1:1: empty character literal"},
		{"'\t'", "char:'\t'", "1:2: character literal must be escaped: `\\t`"},
		{"'''", "char:'''", "1:2: character literal must be escaped: `\\'`"},
		{"b'é'", "byte:b'é'", "1:3: non-ASCII character in byte literal"},
		{"'\\x80'", `char:'\x80'`, "1:2: out of range hex escape"},
		{"'\\u{D800}'", `char:'\u{D800}'`, "1:2: invalid unicode character escape: must not be a surrogate"},
		{"'1a", "life:'1a", "1:1: lifetimes cannot start with a number"},
		{"'x", "life:'x", ""},
		{"'\\", "char:'\\", "1:1: unterminated character literal"},
		// strings
		{`"abc" "a\"b" "\u{41}\t\\"`, `str:"abc" str:"a\"b" str:"\u{41}\t\\"`, ""},
		{"\"line\\\n   cont\"", "str:\"line\\\n   cont\"", ""},
		{`r"a\b" r#"a"b"# r##"a"#b"##`, `str:r"a\b" str:r#"a"b"# str:r##"a"#b"##`, ""},
		{`b"abc" br"x\" br#"y"#`, `bstr:b"abc" bstr:br"x\" bstr:br#"y"#`, ""},
		{`c"x" cr"y"`, `str:c"x" str:cr"y"`, ""},
		{`"\q"`, `str:"\q"`, "1:2: unknown character escape: `q`"},
		{`"\x80"`, `str:"\x80"`, "1:2: out of range hex escape"},
		{`b"\x80\u{41}"`, `bstr:b"\x80\u{41}"`, "1:7: unicode escape in byte string"},
		{`"\u{110000}"`, `str:"\u{110000}"`, "1:2: invalid unicode character escape: must be at most 10FFFF"},
		{`"\u{}"`, `str:"\u{}"`, "1:2: empty unicode escape"},
		{`"\u{1234567}"`, `str:"\u{1234567}"`, "1:2: overlong unicode escape"},
		{`"\x4"`, `str:"\x4"`, "1:2: numeric character escape is too short"},
		{`b"é"`, `bstr:b"é"`, "1:3: non-ASCII character in byte string literal"},
		{"\"a\rb\"", "str:\"a\rb\"", "1:3: bare CR not allowed in string"},
		{"\"a\r\nb\"", "str:\"a\r\nb\"", ""},
		{`"abc`, `str:"abc`, "1:1: unterminated string literal"},
		{`r#"abc"`, `str:r#"abc"`, "1:1: unterminated raw string"},
		{`r#1`, `str:r# int:1`, "1:1: invalid raw string"},
		{`"a"suffix`, `str:"a"suffix`, "1:4: suffixes on a literal are invalid"},
		// numbers
		{"0 123 1_000 0xff 0xffu8 0o17 0b1010 16usize 0x1e5", "int:0 int:123 int:1_000 int:0xff int:0xffu8 int:0o17 int:0b1010 int:16usize int:0x1e5", ""},
		{"1.0 1e10 1.5e-3 2f32 1. 1E+5 1_0.0_1", "float:1.0 float:1e10 float:1.5e-3 int:2f32 float:1. float:1E+5 float:1_0.0_1", ""},
		{"1..2 1.foo 1..=3", "int:1 p:.. int:2 int:1 p:. id:foo int:1 p:..= int:3", ""},
		{"0b102", "int:0b102", "1:5: invalid digit for a base 2 literal"},
		{"0x", "int:0x", "1:1: no valid digits found for number"},
		{"1e", "float:1e", "1:2: expected at least one digit in exponent"},
		{"12abc", "int:12abc", "1:3: invalid suffix `abc` for integer literal"},
		{"1.0u8", "float:1.0u8", "1:4: invalid suffix `u8` for float literal"},
		// punctuation
		{":: -> => # ! ..= ... .. . ; , ( ) [ ] { } @ ~ ? $ :",
			"p::: p:-> p:=> p:# p:! p:..= p:... p:.. p:. p:; p:, p:( p:) p:[ p:] p:{ p:} p:@ p:~ p:? p:$ p::", ""},
		{"== != <= >= << >> <<= >>= && || += -= *= /= %= ^= &= |= < > = + - * / % ^ & |",
			"p:== p:!= p:<= p:>= p:<< p:>> p:<<= p:>>= p:&& p:|| p:+= p:-= p:*= p:/= p:%= p:^= p:&= p:|= p:< p:> p:= p:+ p:- p:* p:/ p:% p:^ p:& p:|", ""},
		{"Vec<Vec<u8>>", "id:Vec p:< id:Vec p:< id:u8 p:>>", ""},
		// comments
		{"a // c\n b /* x /* y */ z */ c /** doc */ d /*! i */ e /// doc\n f //! x\n g /**/ h /***/ i",
			"id:a id:b id:c id:d id:e id:f id:g id:h id:i", ""},
		{"a /* x /* y */", "id:a", "1:3: unterminated block comment"},
		{"a /*/ b", "id:a", "1:3: unterminated block comment"},
		// whitespace, CRLF, BOM, shebang
		{"a\r\n\tb\u2028c\u00a0", "id:a id:b id:c", "2:7: unknown start of token: U+00A0"},
		{"\uFEFFab cd", "id:ab id:cd", ""},
		{"#!/usr/bin/env run\nstruct", "id:struct", ""},
		{"#![allow(x)]", "p:# p:! p:[ id:allow p:( id:x p:) p:]", ""},
		{"#! // c\n [x]", "p:# p:! p:[ id:x p:]", ""},
		// unknown characters and invalid UTF-8
		{"a € b", "id:a id:b", "1:3: unknown start of token: `€` (U+20AC)"},
		{"a \x00 b", "id:a id:b", "1:3: unknown start of token: U+0000"},
		{"a\n b \xff", "", "2:4: invalid UTF-8 encoding"},
	}
	for _, tt := range tests {
		toks, errs := lexString(tt.src)
		if got := strings.Join(toks, " "); got != tt.toks {
			t.Errorf("lex(%q) tokens:\n got %s\nwant %s", tt.src, got, tt.toks)
		}
		var want []string
		if tt.errs != "" {
			want = strings.Split(tt.errs, "|")
		}
		if len(errs) != len(want) {
			t.Errorf("lex(%q) errors: got %q, want %q", tt.src, errs, want)
			continue
		}
		for i := range want {
			if !strings.HasPrefix(errs[i], want[i]) {
				t.Errorf("lex(%q) error %d: got %q, want prefix %q", tt.src, i, errs[i], want[i])
			}
		}
	}
}

func TestPositions(t *testing.T) {
	src := "\uFEFFab\r\n  cd /* x\n */ ef"
	s := newSource("f.rs", []byte(src))
	toks := lex(s)
	want := []string{"f.rs:1:1", "f.rs:2:3", "f.rs:3:5"}
	for i, w := range want {
		if got := s.pos(int(toks[i].off)).String(); got != w {
			t.Errorf("token %d at %s, want %s", i, got, w)
		}
	}
}

func TestMatchDelims(t *testing.T) {
	tests := []struct{ src, err string }{
		{"( [ { } ] )", ""},
		{"a(b[c]{d(e)}f)g{}", ""},
		{"( ]", "1:3: mismatched closing delimiter: `]` does not close `(` opened at 1:1"},
		{"a }", "1:3: unexpected closing delimiter: `}`"},
		{"{ (\n", "1:3: unclosed delimiter `(`"},
		{strings.Repeat("(", 300) + strings.Repeat(")", 300), "1:257: delimiters nested too deeply"},
	}
	for _, tt := range tests {
		s := newSource("x.rs", []byte(tt.src))
		toks := lex(s)
		ok := matchDelims(s, toks)
		var got string
		if l := s.errorList(); len(l) > 0 {
			got = fmt.Sprintf("%d:%d: %s", l[0].Pos.Line, l[0].Pos.Col, l[0].Msg)
		}
		if ok != (tt.err == "") || !strings.HasPrefix(got, tt.err) || (tt.err == "") != (got == "") {
			t.Errorf("matchDelims(%.20q) = %v, %q; want error %q", tt.src, ok, got, tt.err)
		}
		if ok {
			checkPartners(t, toks)
		}
	}
}

// checkPartners checks the links matchDelims made: each delimiter's
// partner is a delimiter of the other side and the same kind, linked
// back, with no unbalanced delimiter between them.
func checkPartners(t *testing.T, toks []token) {
	t.Helper()
	for i, tok := range toks {
		if !tok.kind.isDelim() {
			continue
		}
		j := int(tok.match())
		if j < 0 || j >= len(toks) || int(toks[j].match()) != i {
			t.Fatalf("token %d (%s): partner %d is not linked back", i, tok.kind, j)
		}
		open, close := i, j
		if close < open {
			open, close = j, i
		}
		if k := toks[open].kind; k != tLParen && k != tLBrack && k != tLBrace || closerOf(k) != toks[close].kind {
			t.Fatalf("tokens %d and %d (%s, %s) are not an opener and its closer", open, close, toks[open].kind, toks[close].kind)
		}
		depth := 0
		for _, in := range toks[open+1 : close] {
			switch in.kind {
			case tLParen, tLBrack, tLBrace:
				depth++
			case tRParen, tRBrack, tRBrace:
				depth--
			}
			if depth < 0 {
				t.Fatalf("tokens %d and %d enclose an unopened closer", open, close)
			}
		}
		if depth != 0 {
			t.Fatalf("tokens %d and %d enclose an unclosed opener", open, close)
		}
	}
}

func TestStrValue(t *testing.T) {
	tests := []struct{ lit, want string }{
		{`"abc"`, "abc"},
		{`"a\"b\n\u{41}\x41\\"`, "a\"b\nAA\\"},
		{`r#"a"b"#`, `a"b`},
		{`r"\n"`, `\n`},
		{"\"a\\\n   b\"", "ab"},
		{`"\q"`, "q"}, // invalid escapes decode leniently
		{`"unterminated`, ""},
	}
	for _, tt := range tests {
		s := newSource("x.rs", []byte(tt.lit))
		toks := lex(s)
		if got := s.strValue(toks[0]); got != tt.want {
			t.Errorf("strValue(%s) = %q, want %q", tt.lit, got, tt.want)
		}
	}
}

func TestParseIntLit(t *testing.T) {
	tests := []struct {
		lit    string
		v      uint64
		suffix string
		msg    string
	}{
		{"0", 0, "", ""},
		{"7_3", 73, "", ""},
		{"0x10", 16, "", ""},
		{"0xffu8", 255, "u8", ""},
		{"0o17", 15, "", ""},
		{"0b1010_1010", 170, "", ""},
		{"16usize", 16, "usize", ""},
		{"18446744073709551615", 1<<64 - 1, "", ""},
		{"18446744073709551616", 0, "", "integer literal is too large"},
		{"0x", 0, "", "no valid digits found for number"},
		{"0b2", 0, "", "invalid digit for a base 2 literal"},
		{"1f32", 0, "", "invalid suffix `f32` for an integer"},
	}
	for _, tt := range tests {
		v, suffix, msg := parseIntLit(tt.lit)
		if v != tt.v || suffix != tt.suffix || msg != tt.msg {
			t.Errorf("parseIntLit(%q) = %d, %q, %q; want %d, %q, %q", tt.lit, v, suffix, msg, tt.v, tt.suffix, tt.msg)
		}
	}
}

func TestIdentTables(t *testing.T) {
	for _, r := range []rune{'a', 'Z', '_', 'é', '变', 'ǅ', 'ᛮ'} {
		if !isIdentStart(r) {
			t.Errorf("isIdentStart(%q) = false", r)
		}
	}
	for _, r := range []rune{'0', '$', '€', '\u037A', '\u0E33', '\u00B7', '\u2118' + 0} {
		if r == '\u2118' { // Other_ID_Start
			continue
		}
		if isIdentStart(r) {
			t.Errorf("isIdentStart(%q) = true", r)
		}
	}
	if !isIdentStart('\u2118') {
		t.Errorf("isIdentStart(U+2118) = false (Other_ID_Start)")
	}
	for _, r := range []rune{'0', '\u0301', '\u00B7', '\u0E33', '\u203F'} {
		if !isIdentCont(r) {
			t.Errorf("isIdentCont(%q) = false", r)
		}
	}
	for _, r := range []rune{'-', '€', '\u037A', ' '} {
		if isIdentCont(r) {
			t.Errorf("isIdentCont(%q) = true", r)
		}
	}
}

// TestIsKeyword checks isKeyword against rustc's strict and reserved
// keywords.
func TestIsKeyword(t *testing.T) {
	for _, kw := range strings.Fields(`as async await break const continue crate dyn else enum
		extern false fn for if impl in let loop match mod move mut pub ref return self Self
		static struct super trait true type unsafe use where while abstract become box do
		final macro override priv typeof unsized virtual yield try gen`) {
		if !isKeyword(kw) {
			t.Errorf("isKeyword(%q) = false", kw)
		}
	}
	for _, name := range []string{"", "a", "T1", "u32", "f0", "Vec", "String", "union", "Self_", "selfs", "_"} {
		if isKeyword(name) {
			t.Errorf("isKeyword(%q) = true", name)
		}
	}
}
