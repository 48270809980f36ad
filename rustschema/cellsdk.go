package rustschema

import (
	"strings"
	"unicode"
)

// The Cell SDK's macros (cell-macros 0.4.1, the version cell-sdk 0.4.1
// uses; docs/cell-sdk.md)
//
// #[protein] on a struct or enum adds rkyv 0.7's Archive, Serialize and
// Deserialize derives with #[archive(check_bytes)] (and serde's, Clone,
// Debug, PartialEq), ignoring the attribute's arguments: for the schema
// it is #[derive(Archive)].
//
// #[handler] on `impl Service { ... }` generates two enums beside the
// impl, one variant per fn of the impl in order, named by the fn's name
// in PascalCase (convert_case 0.6):
//
//	pub enum ServiceProtocol { Method { arg: T, ... }, ... }
//	pub enum ServiceResponse { Method(Ok), ... }
//
// The request variant's fields are the fn's typed parameters whose
// pattern is an identifier (`x`, `mut x`, `ref x`), in order; receivers
// and other patterns (`_`, tuples) are left out. Ok is T of a return type
// whose last path segment is Result<T, ...> (Result, anyhow::Result,
// io::Result), else the return type itself, else `()`.
//
// Both attributes are recognized by the last segment of their path
// (protein, cell_sdk::protein, cell::protein after `use cell_sdk as
// cell`).

// sdkAttr reports whether attrs hold the Cell SDK attribute name.
func sdkAttr(attrs []attr, name string) bool {
	for _, a := range attrs {
		if lastSegment(a.name) == name {
			return true
		}
	}
	return false
}

// SDKProfile is the format of cell-sdk 0.4.1: rkyv 0.7 with size_32 and
// validation, native (little-endian) byte order, not strict. A schema
// that uses #[protein] or #[handler] has it unless it declares another.
func SDKProfile() Profile {
	return Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "little"}
}

// Service is a #[handler] impl block: the Cell SDK service whose request
// and reply enums the macro generates.
type Service struct {
	Name     string // the impl's type: Exchange
	Pos      Pos    // of the impl's type
	Protocol string // the request enum's schema name: ExchangeProtocol
	Response string // the reply enum's schema name: ExchangeResponse
}

// serviceDecl is a parsed #[handler] impl with its generated enums.
type serviceDecl struct {
	name               string
	pos                int
	protocol, response *typeDecl
}

// handlerImpl reads the fn signatures of a #[handler] impl block into its
// two enums, then skips the block as any impl.
func (p *parser) handlerImpl(test bool) {
	p.f.sdk = true
	start := p.save()
	if !test {
		p.handlerService()
	}
	p.restore(start)
	p.codeItem(test)
}

// handlerService parses `impl [<...>] [Trait for] Type [where ...] { fns }`.
func (p *parser) handlerService() {
	p.next() // impl
	if p.tok.kind == tLt {
		p.skipAngles()
	}
	name, pos := "", p.off()
	for angle := 0; p.tok.kind != tLBrace || angle > 0; {
		switch {
		case p.tok.kind == tEOF || p.tok.kind == tSemi || p.tok.kind == tRBrace:
			return // malformed: left to rustc
		case angle == 0 && p.isKw("where"):
			p.skipWhere()
			continue
		case p.tok.kind == tLParen || p.tok.kind == tLBrack:
			p.skipGroup()
			continue
		case angle == 0 && p.isKw("for"):
			name = ""
		case angle == 0 && p.tok.kind == tIdent:
			name, pos = p.name(p.tok), p.off()
		}
		angle += angleDelta(p.tok.kind)
		p.next()
	}
	if name == "" {
		p.errorf(pos, "#[handler] must be on an impl block of a named type (impl Service { ... })")
		return
	}
	svc := &serviceDecl{name: name, pos: pos}
	svc.protocol = p.sdkEnum(name+"Protocol", pos)
	svc.response = p.sdkEnum(name+"Response", pos)
	end := p.groupEnd()
	p.next()
	for p.i < end && p.tok.kind != tEOF {
		i := p.i
		p.handlerItem(svc)
		if p.i == i {
			p.next()
		}
	}
	if len(svc.protocol.variants) == 0 {
		p.errorf(pos, "#[handler] impl %s has no fn: the enums it generates, %s and %s, would have no variants, which rkyv cannot archive", name, svc.protocol.name, svc.response.name)
	}
	p.f.services = append(p.f.services, svc)
}

// skipWhere skips a where clause up to the block that follows it.
func (p *parser) skipWhere() {
	for p.tok.kind != tLBrace && p.tok.kind != tEOF && p.tok.kind != tSemi && p.tok.kind != tRBrace {
		if p.tok.kind == tLParen || p.tok.kind == tLBrack {
			p.skipGroup()
			continue
		}
		p.next()
	}
}

// sdkEnum declares one of the enums #[handler] generates.
func (p *parser) sdkEnum(name string, pos int) *typeDecl {
	d := p.decls.alloc(64)
	d.name, d.pos, d.kind, d.archive = name, pos, Enum, true
	p.f.types = append(p.f.types, d)
	return d
}

// handlerItem reads one item of a #[handler] impl: a fn becomes a variant
// of each enum; anything else is skipped.
func (p *parser) handlerItem(svc *serviceDecl) {
	p.outerAttrs()
	p.visibility()
	for p.isKw("default") || p.isKw("const") || p.isKw("async") || p.isKw("unsafe") || p.isKw("extern") {
		p.next()
		if p.tok.kind == tStr { // extern "C"
			p.next()
		}
	}
	if !p.isKw("fn") {
		p.skipItem()
		return
	}
	p.next()
	fn, pos, ok := p.ident("fn name")
	if !ok {
		p.skipItem()
		return
	}
	if p.tok.kind == tLt {
		p.skipAngles()
	}
	if p.tok.kind != tLParen {
		p.skipItem()
		return
	}
	variant := pascalCase(fn)
	req := p.variants.alloc(64)
	req.name, req.pos, req.shape = variant, pos, Named
	req.fields = p.handlerParams()
	resp := p.variants.alloc(64)
	resp.name, resp.pos, resp.shape = variant, pos, Tuple
	ok0 := p.okType(pos)
	resp.fields = []fieldDecl{{name: span{-1, 0}, pos: p.f.node(ok0).pos, typ: ok0, with: -1}}
	svc.protocol.variants = append(svc.protocol.variants, req)
	svc.response.variants = append(svc.response.variants, resp)
	p.skipItem() // where clause and body
}

// handlerParams parses a fn's parameter list into the request variant's
// fields.
func (p *parser) handlerParams() []fieldDecl {
	end := p.groupEnd()
	p.next()
	var fields []fieldDecl
	for p.i < end {
		p.outerAttrs()
		if f, ok := p.handlerParam(); ok {
			fields = append(fields, f)
		}
		p.skipTo(tComma)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	p.seek(end)
	p.next()
	return fields
}

// handlerParam parses one parameter; ok is false for a receiver and for
// a pattern that is not an identifier, which the macro leaves out.
func (p *parser) handlerParam() (fieldDecl, bool) {
	if p.tok.kind == tAnd || p.tok.kind == tAndAnd {
		return fieldDecl{}, false // &self, &'a mut self (a reference pattern otherwise)
	}
	if p.isKw("ref") {
		p.next()
	}
	if p.isKw("mut") {
		p.next()
	}
	t := p.tok
	if t.kind != tIdent || !t.raw && (p.text(t) == "self" || p.text(t) == "_" || isKeyword(p.text(t))) {
		return fieldDecl{}, false
	}
	p.next()
	if p.tok.kind != tColon {
		return fieldDecl{}, false // a struct or tuple-struct pattern, x @ pat
	}
	p.next()
	return fieldDecl{name: nameSpan(t), pos: int(t.off), typ: p.parseType(), with: -1}, true
}

// okType parses the return type after a parameter list and returns what
// the reply variant holds.
func (p *parser) okType(fnPos int) txID {
	if p.tok.kind != tArrow {
		unit := p.newTypeExpr(txTuple, fnPos)
		p.f.node(unit).args, p.f.node(unit).nargs = int32(len(p.f.txArgs)), 0
		return unit
	}
	p.next()
	ret := p.parseType()
	e := p.f.node(ret)
	if e.kind == txPath && p.s.src[e.name.off:e.name.end] == "Result" {
		if args := p.f.args(e); len(args) > 0 {
			return args[0]
		}
	}
	return ret
}

// pascalCase converts a fn name as convert_case 0.6 does for Case::Pascal
// with its default boundaries: words split at `_`, `-` and spaces (which
// are dropped), between a lowercase letter and an uppercase one, between
// letters and digits either way, and before the last capital of an
// acronym followed by a lowercase letter (HTTPServer: HTTP, Server); each
// word is then its first letter uppercased and the rest lowercased.
func pascalCase(s string) string {
	rs := []rune(s)
	var words []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			words = append(words, string(word))
			word = word[:0]
		}
	}
	for i, c := range rs {
		if c == '_' || c == '-' || c == ' ' {
			flush()
			continue
		}
		if i > 0 && splitBefore(rs, i) {
			flush()
		}
		word = append(word, c)
	}
	flush()
	var b strings.Builder
	for _, w := range words {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])))
		b.WriteString(strings.ToLower(string(r[1:])))
	}
	return b.String()
}

// splitBefore reports whether a word boundary falls before rs[i].
func splitBefore(rs []rune, i int) bool {
	a, b := rs[i-1], rs[i]
	switch {
	case isLowerCase(a) && isUpperCase(b),
		isUpperCase(a) && isDigitRune(b), isDigitRune(a) && isUpperCase(b),
		isDigitRune(a) && isLowerCase(b), isLowerCase(a) && isDigitRune(b):
		return true
	}
	return i+1 < len(rs) && isUpperCase(a) && isUpperCase(b) && isLowerCase(rs[i+1])
}

// isUpperCase and isLowerCase are convert_case's tests: a letter with
// distinct cases, in that case.
func isUpperCase(r rune) bool {
	return unicode.ToLower(r) != unicode.ToUpper(r) && r == unicode.ToUpper(r)
}
func isLowerCase(r rune) bool {
	return unicode.ToLower(r) != unicode.ToUpper(r) && r == unicode.ToLower(r)
}
func isDigitRune(r rune) bool { return r < 0x80 && isDigit(byte(r)) }
