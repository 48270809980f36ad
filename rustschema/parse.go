package rustschema

// The schema subset
//
// A schema file is a Rust source file. Parse accepts any file rustc would
// lex, and parses the items a schema uses:
//
//   - struct (named, tuple, unit) and enum (unit, tuple and struct variants,
//     explicit discriminants as integer constant expressions) deriving
//     Archive, with #[repr], rkyv 0.7 #[archive]/#[archive_attr]/#[with]
//     and rkyv 0.8 #[rkyv] attributes;
//   - type aliases, integer constants (usable as array lengths and in
//     discriminants) and use declarations (for name resolution only);
//   - the inner attributes #![schema_version = N] and #![cell_profile(...)].
//
// Other items are skipped by balanced delimiters: impl, fn, trait, static,
// extern crate and extern blocks, macro_rules! and item macros, unions
// (an error if they derive Archive), mod name; and inline modules (an
// error if they contain an Archive derive: such a type would silently
// vanish from the schema). Structs and enums that do not derive Archive
// are skipped too; they only matter if an Archive type uses them, which
// is an error.
//
// Lifetime parameters of Archive types are read and erased. Rejected with
// an error: type and const parameters and where clauses on Archive types, generic aliases used by them, #[cfg] on anything the schema
// depends on (Archive types, their fields and variants, the file; and the
// aliases, constants and use declarations an Archive type uses, reported
// by the resolver where it uses them) and #[cfg_attr] carrying a
// derive(Archive) or a layout attribute. #[cfg] on anything else is fine,
// and #[cfg(test)] modules, functions, structs and enums are skipped unread.
// Shared references are read (they are archived through a with-wrapper,
// which the resolver requires). Types outside the model (mutable
// references, raw pointers, trait objects, impl Trait, function pointers,
// std types rkyv does not archive) are errors where an Archive type uses
// them. Constant expressions support integer literals,
// named constants, parentheses, unary - and !, and + - * / % << >> & | ^,
// evaluated in the 64-bit signed range with rustc's typing (a constant or
// suffixed literal must have the context's type).

import (
	"fmt"
	"slices"
	"strings"
)

// Parse reads a schema file and resolves it. Errors are an ErrorList
// (sorted), every one "file:line:col: message". On error the schema is nil.
func Parse(filename string, src []byte) (*Schema, error) {
	return ParseWith(filename, src, nil)
}

// ParseWith is Parse with #[cfg_attr] evaluated under cfg (see Cfg); with
// a nil cfg it is Parse, where a #[cfg_attr] that could change the schema
// is an error.
func ParseWith(filename string, src []byte, cfg *Cfg) (*Schema, error) {
	c := &crate{cfg: cfg, files: map[string]*module{}}
	return c.read(filename, src, nil)
}

// maxDepth bounds the parser's recursion (nested types, expressions,
// attribute arguments, use groups).
const maxDepth = 200

// parser is a recursive-descent parser over a token slice whose
// delimiters are known to be balanced (see matchDelims), so any group can
// be skipped in one step and every sub-parser is bounded by its group.
type parser struct {
	s    *source
	toks []token
	i    int   // index of the current token
	tok  token // the current token; may be the rest of a split `>>`
	f    *fileAST

	depth   int
	tooDeep bool   // the depth error was reported
	attrBuf []attr // reused for every item's, field's and variant's attributes
	metaBuf []meta // reused for derive arguments
	cfg     *Cfg   // nil: #[cfg_attr] is not evaluated
	root    bool   // the items being read are the crate root's (crate:: is this module)
	cfgBuf  []attr // reused for attributes after #[cfg_attr] expansion

	// AST nodes are handed out from chunks (see slabSize): a file costs a
	// few large allocations instead of one per node. The AST lives only
	// until resolving ends, so sharing chunks keeps nothing alive longer.
	fieldBuf []fieldDecl
	decls    slab[typeDecl]
	variants slab[variantDecl]
	// fieldStack and argStack collect the elements of the lists being
	// parsed (nested lists push above their parent's); a finished list is
	// copied out at its exact length.
	fieldStack []fieldDecl
	argStack   []txID
	// segStack collects a path's leading segments the same way: a
	// generic argument may be a path too.
	segStack     []pathSeg
	variantStack []*variantDecl
}

// newTypeExpr adds a type expression of kind k at pos, with no children,
// and returns its index.
func (p *parser) newTypeExpr(k txKind, pos int) txID {
	f := p.f
	if f.ntx%txChunk == 0 {
		f.tx = append(f.tx, make([]typeExpr, txChunk))
	}
	id := txID(f.ntx)
	f.ntx++
	*f.node(id) = typeExpr{kind: k, pos: pos, nargs: -1, extra: -1}
	return id
}

// popFields returns the fields pushed on fieldStack since index start as
// a slice of their own (nil when there are none) and pops them.
func (p *parser) popFields(start int) []fieldDecl {
	n := len(p.fieldStack) - start
	if n == 0 {
		return nil
	}
	var out []fieldDecl
	if n > slabSize/4 {
		out = make([]fieldDecl, n)
	} else {
		if len(p.fieldBuf) < n {
			p.fieldBuf = make([]fieldDecl, slabSize)
		}
		out = p.fieldBuf[:n:n]
		p.fieldBuf = p.fieldBuf[n:]
	}
	copy(out, p.fieldStack[start:])
	p.fieldStack = p.fieldStack[:start]
	return out
}

// popArgs moves the type expressions pushed on argStack since index start
// to the end of txArgs, pops them and returns where they went.
func (p *parser) popArgs(start int) (at, n int32) {
	at, n = int32(len(p.f.txArgs)), int32(len(p.argStack)-start)
	p.f.txArgs = append(p.f.txArgs, p.argStack[start:]...)
	p.argStack = p.argStack[:start]
	return at, n
}

// parseFile parses a file's items; root says it is the crate root.
func parseFile(s *source, toks []token, cfg *Cfg, root bool) *fileAST {
	// Generic arguments and tuple elements are about one token in 20 of
	// a schema; append grows the slice past this guess.
	f := &fileAST{txArgs: make([]txID, 0, len(toks)/16)}
	p := &parser{s: s, toks: toks, f: f, cfg: cfg, root: root}
	p.tok = toks[0]
	p.scanImports(0, len(toks))
	p.innerAttrs()
	p.items(len(toks) - 1)
	return p.f
}

// items parses items up to the token index end (a closing brace, or EOF).
func (p *parser) items(end int) {
	for p.i < end && p.tok.kind != tEOF {
		i, off := p.i, p.tok.off
		p.item()
		if p.i == i && p.tok.off == off {
			p.next() // never loop without progress
		}
	}
}

// ---- token helpers ----

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = p.toks[p.i]
}

func (p *parser) seek(i int) {
	if i >= len(p.toks) {
		i = len(p.toks) - 1
	}
	p.i = i
	p.tok = p.toks[i]
}

func (p *parser) peek(n int) token {
	j := p.i + n
	if j >= len(p.toks) {
		j = len(p.toks) - 1
	}
	return p.toks[j]
}

func (p *parser) off() int { return int(p.tok.off) }

func (p *parser) text(t token) string { return p.s.text(t) }

// name returns an identifier token's name without r#.
func (p *parser) name(t token) string {
	txt := p.s.text(t)
	if t.raw {
		return txt[2:]
	}
	return txt
}

// isKw reports whether the current token is the (non-raw) word kw.
func (p *parser) isKw(kw string) bool { return p.isWord(p.tok, kw) }

// isWord reports whether t is the (non-raw) word kw.
func (p *parser) isWord(t token, kw string) bool {
	return t.kind == tIdent && !t.raw && p.text(t) == kw
}

func (p *parser) errorf(off int, format string, args ...any) {
	p.s.errorf(off, format, args...)
}

// errorExpected reports "expected WHAT, found TOKEN".
func (p *parser) errorExpected(what string) {
	p.errorf(p.off(), "expected %s, found %s", what, p.s.describe(p.tok))
}

// expect consumes a token of kind k or reports "expected `k` CONTEXT".
func (p *parser) expect(k tokKind, context string) bool {
	if p.tok.kind == k {
		p.next()
		return true
	}
	p.errorExpected("`" + k.String() + "` " + context)
	return false
}

// ident consumes an identifier that is not a keyword (r#kw is fine).
func (p *parser) ident(what string) (string, int, bool) {
	t := p.tok
	if t.kind != tIdent || !t.raw && (isKeyword(p.text(t)) || p.text(t) == "_") {
		p.errorExpected(what)
		return "", 0, false
	}
	p.next()
	return p.name(t), int(t.off), true
}

// groupEnd returns the index of the closing delimiter of the group opened
// by the current token.
func (p *parser) groupEnd() int { return int(p.toks[p.i].match()) }

// skipGroup skips the group opened by the current token.
func (p *parser) skipGroup() {
	p.seek(p.groupEnd())
	p.next()
}

// skipTo skips tokens, whole groups at a time, until a token of one of
// the kinds in stop, a closing delimiter or the end of file.
func (p *parser) skipTo(stop ...tokKind) {
	for {
		switch p.tok.kind {
		case tEOF, tRParen, tRBrack, tRBrace:
			return
		case tLParen, tLBrack, tLBrace:
			p.skipGroup()
			continue
		}
		for _, k := range stop {
			if p.tok.kind == k {
				return
			}
		}
		p.next()
	}
}

// enter increments the recursion depth; it reports false (once) when the
// input nests too deeply.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		if !p.tooDeep {
			p.errorf(p.off(), "nesting too deep (more than %d levels)", maxDepth)
			p.tooDeep = true
		}
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// eatGt consumes a `>` closing a generic argument list, splitting `>>`,
// `>=` and `>>=` as rustc does.
func (p *parser) eatGt() bool {
	t := p.tok
	switch t.kind {
	case tGt:
		p.next()
		return true
	case tShr:
		p.tok = token{kind: tGt, off: t.off + 1, x: t.x}
	case tGe:
		p.tok = token{kind: tEq, off: t.off + 1, x: t.x}
	case tShrEq:
		p.tok = token{kind: tGe, off: t.off + 1, x: t.x}
	default:
		return false
	}
	return true
}

// angleDelta is how much a token opens (+) or closes (-) angle brackets
// when skipping generics and bounds.
func angleDelta(k tokKind) int {
	switch k {
	case tLt:
		return 1
	case tShl:
		return 2
	case tGt, tGe:
		return -1
	case tShr, tShrEq:
		return -2
	}
	return 0
}

// ---- items ----

// innerAttrs parses the inner attributes at the top of the file.
func (p *parser) innerAttrs() {
	for p.tok.kind == tPound && p.peek(1).kind == tNot && p.peek(2).kind == tLBrack {
		a := p.attribute()
		switch a.name {
		case "schema_version":
			p.schemaVersion(a)
		case "cell_profile":
			p.cellProfile(a)
		case "cfg":
			p.cfgNeeded(a, "the schema file")
		case "cfg_attr":
			p.checkCfgAttr(a)
		}
	}
}

// item parses one item at the top level.
func (p *parser) item() {
	attrs, off := p.outerAttrs()
	p.visibility()
	t := p.tok
	switch t.kind {
	case tPathSep:
		p.macroItem()
		return
	case tEOF:
		if len(p.attrBuf) > 0 { // as written, before cfg evaluation
			p.errorf(p.attrBuf[0].pos, "expected item after attributes, found end of file")
		}
		return
	}
	if t.kind != tIdent || t.raw {
		p.errorExpected("item")
		p.skipItem()
		return
	}
	if off {
		p.skipOffItem()
		return
	}
	switch kw := p.text(t); kw {
	case "use":
		cfg, n := p.cfgOf(attrs), len(p.f.uses)
		p.useItem()
		for _, u := range p.f.uses[n:] {
			u.cfg = cfg
		}
	case "struct", "enum":
		p.typeItem(kw == "struct", attrs)
	case "type":
		p.aliasItem(p.cfgOf(attrs))
	case "const":
		switch n := p.peek(1); {
		case p.isWord(n, "fn"), p.isWord(n, "unsafe"), p.isWord(n, "async"), p.isWord(n, "extern"):
			p.codeItem(p.isCfgTest(attrs))
		case p.isWord(n, "_"):
			p.skipItem()
		default:
			p.constItem(p.cfgOf(attrs))
		}
	case "union":
		p.unionItem(attrs)
	case "mod":
		p.modItem(attrs, p.isCfgTest(attrs))
	case "impl":
		if sdkAttr(attrs, "handler") {
			p.handlerImpl(p.isCfgTest(attrs))
			return
		}
		p.codeItem(p.isCfgTest(attrs))
	case "fn", "trait", "unsafe", "async", "extern", "safe":
		p.codeItem(p.isCfgTest(attrs))
	case "static", "auto", "macro":
		p.skipItem()
	default:
		if p.peek(1).kind == tNot || p.peek(1).kind == tPathSep {
			p.macroItem()
			return
		}
		p.errorExpected("item")
		p.skipItem()
	}
}

// typeItem parses a struct or an enum, keeping the range of its errors.
func (p *parser) typeItem(isStruct bool, attrs []attr) {
	if p.isCfgTest(attrs) { // test fixtures are not part of the wire contract
		p.skipItem()
		return
	}
	n, errs := len(p.f.types), len(p.s.errs)
	if isStruct {
		p.structItem(attrs)
	} else {
		p.enumItem(attrs)
	}
	if len(p.f.types) > n { // its errors, dropped if it is not in the schema
		p.f.types[n].errFrom, p.f.types[n].errTo = errs, len(p.s.errs)
	}
}

// unionItem skips a union, which rkyv cannot archive; `union` may also
// start a macro call.
func (p *parser) unionItem(attrs []attr) {
	if p.peek(1).kind != tIdent {
		p.macroItem()
		return
	}
	if archive, _ := p.derivesArchive(attrs); archive || sdkAttr(attrs, "protein") {
		p.errorf(p.off(), "rkyv cannot derive Archive for a union; use an enum")
	}
	p.skipItem()
}

// skipItem skips an item we do not model: everything up to a `;` or up
// to and including a `{...}` body. Braces inside angle brackets (const
// generic arguments) are not bodies.
func (p *parser) skipItem() {
	angle := 0
	for {
		switch p.tok.kind {
		case tEOF, tRParen, tRBrack, tRBrace:
			return
		case tSemi:
			p.next()
			return
		case tLBrace:
			p.skipGroup()
			if angle <= 0 {
				return
			}
			continue
		case tLParen, tLBrack:
			p.skipGroup()
			continue
		}
		angle += angleDelta(p.tok.kind)
		p.next()
	}
}

// skipOffItem skips an item that a #[cfg] leaves out of the build. Items
// without a body end at their `;`, which may follow a braced group
// (`use a::{b, c};`, `const X: T = { ... };`).
func (p *parser) skipOffItem() {
	kw, next := p.text(p.tok), p.text(p.peek(1))
	switch {
	case kw == "use", kw == "type", kw == "static",
		kw == "const" && next != "fn" && next != "unsafe" && next != "async" && next != "extern",
		kw == "extern" && next == "crate":
		p.skipTo(tSemi)
		p.expectSemi("after item")
	default:
		p.skipItem()
	}
}

// macroItem skips an item macro invocation: path!(...); path![...];
// path!{...}, and macro_rules! name {...}.
func (p *parser) macroItem() {
	for p.tok.kind == tIdent || p.tok.kind == tPathSep {
		p.next()
	}
	if !p.expect(tNot, "after macro name") {
		p.skipItem()
		return
	}
	if p.tok.kind == tIdent { // macro_rules! name
		p.next()
	}
	switch p.tok.kind {
	case tLBrace:
		p.skipGroup()
	case tLParen, tLBrack:
		p.skipGroup()
		p.expectSemi("after macro invocation")
	default:
		p.errorExpected("`(`, `[` or `{` after `!`")
		p.skipItem()
	}
}

// expectSemi consumes a `;`. When it is missing the error is reported but
// nothing is skipped, so that the next item still parses.
func (p *parser) expectSemi(context string) {
	if p.tok.kind == tSemi {
		p.next()
		return
	}
	p.errorExpected("`;` " + context)
}

// modItem reads `mod name;` and inline modules, except #[cfg(test)]
// ones: tests are never part of the wire contract. The crate reads the
// file of `mod name;` (see crate.go).
func (p *parser) modItem(attrs []attr, test bool) {
	p.next()
	name, pos, ok := p.ident("module name")
	if !ok {
		p.skipItem()
		return
	}
	if test {
		p.skipItem()
		return
	}
	d := &modDecl{name: name, pos: pos, cfg: p.cfgOf(attrs)}
	for _, a := range attrs {
		if a.name == "path" {
			d.path = p.pathAttr(a)
		}
	}
	switch p.tok.kind {
	case tSemi:
		p.next()
	case tLBrace:
		p.inlineModule(d)
	default:
		p.errorExpected("`;` or `{` after module name")
		p.skipItem()
		return
	}
	p.f.mods = append(p.f.mods, d)
}

// pathAttr returns the file of #[path = "file"].
func (p *parser) pathAttr(a attr) string {
	t := p.toks
	if a.end == a.args+2 && t[a.args].kind == tEq && t[a.args+1].kind == tStr {
		if v := p.s.strValue(t[a.args+1]); v != "" {
			return v
		}
	}
	p.errorf(a.pos, `malformed #[path] attribute: expected #[path = "file.rs"]`)
	return ""
}

// inlineModule parses the items of `mod name { ... }` into their own AST:
// a module is a scope of its own.
func (p *parser) inlineModule(d *modDecl) {
	end, parent, root := p.groupEnd(), p.f, p.root
	if !p.enter() {
		p.leave()
		p.skipGroup()
		return
	}
	d.body = &fileAST{}
	p.f, p.root = d.body, false
	p.scanImports(p.i+1, end)
	p.next()
	p.innerAttrs()
	p.items(end)
	p.f, p.root = parent, root
	p.leave()
	p.seek(end)
	p.next()
}

// archiveTypesIn returns the token index of the first Archive derive in
// tokens [from, to), -1 if none, and the names of the types deriving it.
func (p *parser) archiveTypesIn(from, to int) (first int, names []string) {
	first = -1
	for i := from; i < to; i++ {
		if _, ok := p.archiveDeriveAt(i); !ok {
			continue
		}
		if first < 0 {
			first = i
		}
		if name := p.typeNameAfter(int(p.toks[i+1].match()) + 1); name != "" {
			names = append(names, name)
		}
	}
	return first, names
}

// typeNameAfter returns the name of the struct, enum or union whose
// attributes and visibility start at toks[j], "" if none does.
func (p *parser) typeNameAfter(j int) string {
	t := p.toks
	for t[j].kind == tPound {
		k := j + 1
		if t[k].kind == tNot {
			k++
		}
		if t[k].kind != tLBrack {
			return ""
		}
		j = int(t[k].match()) + 1
	}
	if p.isWord(t[j], "pub") {
		j++
		if t[j].kind == tLParen {
			j = int(t[j].match()) + 1
		}
	}
	if (p.isWord(t[j], "struct") || p.isWord(t[j], "enum") || p.isWord(t[j], "union")) && t[j+1].kind == tIdent {
		return p.name(t[j+1])
	}
	return ""
}

// codeItem skips a fn, impl or trait item. Types declared in a function
// body are not part of the schema; an Archive type there (as in rkyv's
// examples, inside fn main) would vanish, so that is an error saying
// where it is, except under #[cfg(test)].
func (p *parser) codeItem(test bool) {
	start := p.i
	p.skipItem()
	at, names := p.archiveTypesIn(start, p.i)
	if at < 0 || test {
		return
	}
	fn := p.enclosingFn(start, at)
	list := strings.Join(names, ", ")
	if len(names) == 1 {
		p.errorf(int(p.toks[at].off), "Archive type %s is declared inside %s, where it is not part of the schema; move it to the top level of the schema file", list, fn)
		return
	}
	p.errorf(int(p.toks[at].off), "Archive types are declared inside %s (%s), where they are not part of the schema; move them to the top level of the schema file", fn, list)
}

// enclosingFn names the innermost function whose body, in tokens from
// start on, holds token at: "fn main"; or the item's keyword ("impl
// block") when none does.
func (p *parser) enclosingFn(start, at int) string {
	t, name := p.toks, p.text(p.toks[start])+" block"
	for i := start; i < at; i++ {
		if !p.isWord(t[i], "fn") || t[i+1].kind != tIdent {
			continue
		}
		body := i + 2
		for body < at && t[body].kind != tLBrace && t[body].kind != tSemi {
			if t[body].kind == tLParen || t[body].kind == tLBrack {
				body = int(t[body].match())
			}
			body++
		}
		if body < at && t[body].kind == tLBrace && int(t[body].match()) > at {
			name = "fn " + p.name(t[i+1])
		}
	}
	return name
}

// archiveDeriveAt reports whether toks[i] starts `#[derive(...)]` naming
// Archive, and where.
func (p *parser) archiveDeriveAt(i int) (int, bool) {
	t := p.toks
	if t[i].kind != tPound || i+3 >= len(t) || t[i+1].kind != tLBrack ||
		!p.isWord(t[i+2], "derive") || t[i+3].kind != tLParen {
		return 0, false
	}
	for j := i + 4; j < int(t[i+3].match()); j++ {
		if t[j].kind == tIdent && p.isArchiveName(p.text(t[j])) {
			return int(t[i].off), true
		}
	}
	return 0, false
}

// visibility skips pub, pub(crate), pub(self), pub(super), pub(in path).
// `pub (u8, u16)` in a tuple struct is pub followed by a tuple type.
func (p *parser) visibility() {
	if !p.isKw("pub") {
		return
	}
	p.next()
	if p.tok.kind != tLParen {
		return
	}
	n1, n2 := p.peek(1), p.peek(2)
	if (p.isWord(n1, "crate") || p.isWord(n1, "self") || p.isWord(n1, "super")) && n2.kind == tRParen ||
		p.isWord(n1, "in") {
		p.skipGroup()
	}
}

// ---- use ----

func (p *parser) useItem() {
	p.next()
	if !p.enter() {
		p.leave()
		p.skipItem()
		return
	}
	p.useTree(nil)
	p.leave()
	p.expectSemi("after use declaration")
}

// useTree parses a use tree below prefix.
func (p *parser) useTree(prefix []string) {
	path := append([]string(nil), prefix...)
	if p.tok.kind == tPathSep {
		p.next()
	}
	for {
		switch p.tok.kind {
		case tStar:
			p.f.uses = append(p.f.uses, &useDecl{path: path, glob: true, pos: p.off()})
			p.next()
			return
		case tLBrace:
			p.useGroup(path)
			return
		case tIdent:
		default:
			p.errorExpected("identifier, `*` or `{` in use declaration")
			p.skipTo(tSemi, tComma)
			return
		}
		pos := p.off()
		seg := p.name(p.tok)
		p.next()
		if p.tok.kind == tPathSep {
			path = append(path, seg)
			p.next()
			continue
		}
		bind := seg
		if seg == "self" { // use a::b::{self} binds b
			if len(path) == 0 {
				p.errorf(pos, "`self` imports are only allowed within a { } list")
				return
			}
			bind = path[len(path)-1]
		} else {
			path = append(path, seg)
		}
		if p.isKw("as") {
			p.next()
			if p.tok.kind != tIdent || !p.tok.raw && isKeyword(p.text(p.tok)) {
				p.errorExpected("identifier or `_` after `as`")
				return
			}
			bind = p.name(p.tok)
			p.next()
		}
		if bind != "_" {
			p.f.uses = append(p.f.uses, &useDecl{name: bind, path: path, pos: pos})
		}
		return
	}
}

func (p *parser) useGroup(prefix []string) {
	end := p.groupEnd()
	p.next()
	if !p.enter() {
		p.leave()
		p.seek(end)
		p.next()
		return
	}
	for p.i < end {
		p.useTree(prefix)
		if p.i >= end {
			break
		}
		if p.tok.kind != tComma {
			p.errorExpected("`,` or `}` in use group")
			break
		}
		p.next()
	}
	p.leave()
	p.seek(end)
	p.next()
}

// ---- struct and enum ----

func (p *parser) structItem(attrs []attr) {
	p.next()
	name, pos, ok := p.ident("struct name")
	if !ok {
		p.skipItem()
		return
	}
	d := p.decls.alloc(64)
	d.name, d.pos, d.kind = name, pos, Struct
	p.f.types = append(p.f.types, d)
	p.typeAttrs(d, attrs)
	if !d.archive {
		p.f.der.skipped++
		p.skipItem()
		return
	}
	p.genericsAndWhere(d, "struct")
	switch p.tok.kind {
	case tSemi:
		d.shape = Unit
		p.next()
	case tLBrace:
		d.shape = Named
		d.fields = p.namedFields()
	case tLParen:
		d.shape = Tuple
		d.fields = p.tupleFields()
		p.genericsAndWhere(d, "struct")
		p.expectSemi("after tuple struct")
	default:
		p.errorExpected("`{`, `(` or `;` after struct name")
		p.skipItem()
		return
	}
	p.checkRepr(d, d.repr, "repr", d.reprAt)
	p.checkRepr(d, d.archivedRepr, "archived repr", d.archivedReprAt)
}

func (p *parser) enumItem(attrs []attr) {
	p.next()
	name, pos, ok := p.ident("enum name")
	if !ok {
		p.skipItem()
		return
	}
	d := p.decls.alloc(64)
	d.name, d.pos, d.kind = name, pos, Enum
	p.f.types = append(p.f.types, d)
	p.typeAttrs(d, attrs)
	if !d.archive {
		p.f.der.skipped++
		p.skipItem()
		return
	}
	p.genericsAndWhere(d, "enum")
	if p.tok.kind != tLBrace {
		p.errorExpected("`{` after enum name")
		p.skipItem()
		return
	}
	end := p.groupEnd()
	p.next()
	// Variants collect on a stack reused by every enum (variants do not
	// nest) and are copied out at their exact number.
	p.variantStack = p.variantStack[:0]
	for p.i < end {
		if v := p.variant(); v != nil {
			p.variantStack = append(p.variantStack, v)
		}
		if !p.listSep(end, "`,` or `}` after variant") {
			break
		}
	}
	if len(p.variantStack) > 0 {
		d.variants = slices.Clone(p.variantStack)
	}
	p.seek(end)
	p.next()
	p.checkRepr(d, d.repr, "repr", d.reprAt)
	p.checkRepr(d, d.archivedRepr, "archived repr", d.archivedReprAt)
}

// listSep handles the separator after a list element inside a group
// ending at end: it consumes a `,`, or recovers to the next one. It
// returns false when the list is over.
func (p *parser) listSep(end int, what string) bool {
	if p.i >= end {
		return false
	}
	if p.tok.kind == tComma {
		p.next()
		return true
	}
	p.errorExpected(what)
	p.skipTo(tComma)
	if p.tok.kind == tComma && p.i < end {
		p.next()
		return true
	}
	return false
}

// genericsAndWhere rejects generic parameters and where clauses on an
// Archive type: the schema describes concrete types only.
func (p *parser) genericsAndWhere(d *typeDecl, kw string) {
	if p.tok.kind == tLt {
		start := p.off()
		from := p.i
		p.skipAngles()
		if !p.lifetimesOnly(from, p.i) {
			p.errorf(start, "generic type definitions are not supported: %s %s%s (only lifetime parameters are)", kw, d.name, p.snippet(from, p.i))
		}
	}
	if p.isKw("where") {
		start := p.off()
		from := p.i
		// A where clause ends at the body or at the `;` of a unit or tuple
		// struct; parenthesized bounds such as Fn(u8) are skipped whole.
		for p.tok.kind != tEOF && p.tok.kind != tLBrace && p.tok.kind != tSemi {
			if k := p.tok.kind; k == tLBrack || k == tLParen {
				p.skipGroup()
				continue
			}
			p.next()
		}
		p.errorf(start, "where clauses are not supported: %s %s %s", kw, d.name, p.snippet(from, p.i))
	}
}

// lifetimesOnly reports whether the generic parameters in tokens
// [from, to), `<` to `>`, are lifetimes with lifetime bounds only
// (<'a, 'b: 'a + 'c>): they are erased from the schema, while a type or
// const parameter would make the archived layout depend on its argument.
func (p *parser) lifetimesOnly(from, to int) bool {
	if to-from < 2 || p.toks[to-1].kind != tGt {
		return false
	}
	for _, t := range p.toks[from+1 : to-1] {
		switch t.kind {
		case tLifetime, tComma, tColon, tPlus:
		default:
			return false
		}
	}
	return true
}

// skipAngles skips a balanced <...> starting at the current `<`.
func (p *parser) skipAngles() {
	angle := 0
	for {
		switch p.tok.kind {
		case tEOF, tRParen, tRBrack, tRBrace, tSemi:
			return
		case tLParen, tLBrack, tLBrace:
			p.skipGroup()
			continue
		}
		d := angleDelta(p.tok.kind)
		if angle+d <= 0 && d < 0 {
			if angle+d < 0 { // `>>` closing one level: keep the rest
				p.eatGt()
				return
			}
			p.next()
			return
		}
		angle += d
		p.next()
	}
}

// snippet returns the source text of tokens [from, to), shortened.
func (p *parser) snippet(from, to int) string {
	if to <= from || to > len(p.toks) {
		return ""
	}
	txt := p.s.src[p.toks[from].off:p.toks[to-1].end()]
	txt = strings.Join(strings.Fields(txt), " ")
	if len(txt) > 60 {
		txt = txt[:57] + "..."
	}
	return txt
}

// namedFields parses { name: T, ... }.
func (p *parser) namedFields() []fieldDecl {
	end := p.groupEnd()
	p.next()
	start := len(p.fieldStack)
	for p.i < end {
		if f, ok := p.namedField(); ok {
			p.fieldStack = append(p.fieldStack, f)
		}
		if !p.listSep(end, "`,` or `}` after field") {
			break
		}
	}
	p.seek(end)
	p.next()
	return p.popFields(start)
}

func (p *parser) namedField() (fieldDecl, bool) {
	attrs, off := p.outerAttrs()
	p.visibility()
	name := nameSpan(p.tok)
	_, pos, ok := p.ident("field name")
	if !ok {
		p.skipTo(tComma)
		return fieldDecl{}, false
	}
	if p.tok.kind != tColon {
		p.errorExpected("`:` after field name")
		p.skipTo(tComma)
		return fieldDecl{}, false
	}
	p.next()
	f := fieldDecl{name: name, pos: pos}
	f.with = p.fieldWith(attrs)
	f.typ = p.parseType()
	return f, !off
}

// fieldWith reads a field's attributes (fieldAttrs) and returns the
// index of its wrappers in withs, or -1.
func (p *parser) fieldWith(attrs []attr) int32 {
	with := p.fieldAttrs(attrs)
	if with == nil {
		return -1
	}
	p.f.withs = append(p.f.withs, with)
	return int32(len(p.f.withs) - 1)
}

// tupleFields parses ( T, ... ); fields are named "0", "1", ...
func (p *parser) tupleFields() []fieldDecl {
	end := p.groupEnd()
	p.next()
	start := len(p.fieldStack)
	for p.i < end {
		attrs, off := p.outerAttrs()
		p.visibility()
		f := fieldDecl{name: span{-1, int32(len(p.fieldStack) - start)}, pos: p.off()}
		f.with = p.fieldWith(attrs)
		f.typ = p.parseType()
		if !off {
			p.fieldStack = append(p.fieldStack, f)
		}
		if !p.listSep(end, "`,` or `)` after field") {
			break
		}
	}
	p.seek(end)
	p.next()
	return p.popFields(start)
}

func (p *parser) variant() *variantDecl {
	attrs, off := p.outerAttrs()
	if p.isKw("pub") {
		p.errorf(p.off(), "visibility qualifiers are not permitted on enum variants")
		p.visibility()
	}
	name, pos, ok := p.ident("variant name")
	if !ok {
		p.skipTo(tComma)
		return nil
	}
	v := p.variants.alloc(64)
	v.name, v.pos = name, pos
	p.variantAttrs(attrs)
	switch p.tok.kind {
	case tLBrace:
		v.shape = Named
		v.fields = p.namedFields()
	case tLParen:
		v.shape = Tuple
		v.fields = p.tupleFields()
	default:
		v.shape = Unit
	}
	if p.tok.kind == tEq {
		p.next()
		v.disc = p.constExpr(tComma)
	}
	if off {
		return nil
	}
	return v
}

// ---- type aliases and constants ----

func (p *parser) aliasItem(cfg string) {
	p.next()
	name, pos, ok := p.ident("type alias name")
	if !ok {
		p.skipItem()
		return
	}
	a := &aliasDecl{name: name, pos: pos, cfg: cfg}
	if p.tok.kind == tLt {
		a.generic = true
		p.skipAngles()
	}
	if p.isKw("where") {
		p.skipTo(tEq, tSemi)
	}
	if p.tok.kind != tEq {
		p.errorExpected("`=` in type alias")
		p.skipItem()
		return
	}
	p.next()
	a.typ = p.parseType()
	if p.isKw("where") {
		p.skipTo(tSemi)
	}
	p.expectSemi("after type alias")
	p.f.aliases = append(p.f.aliases, a)
}

func (p *parser) constItem(cfg string) {
	p.next()
	name, pos, ok := p.ident("constant name")
	if !ok {
		p.skipItem()
		return
	}
	c := &constDecl{name: name, pos: pos, cfg: cfg}
	if !p.expect(tColon, "after constant name") {
		p.skipItem()
		return
	}
	if p.tok.kind == tIdent && !p.tok.raw && isIntTypeName(p.text(p.tok)) && p.peek(1).kind == tEq {
		c.typ = p.text(p.tok)
		p.next()
	} else {
		p.skipTypeLike()
	}
	if !p.expect(tEq, "in constant declaration") {
		p.skipItem()
		return
	}
	if c.typ != "" {
		c.value = p.constExpr(tSemi)
	} else {
		p.skipTo(tSemi)
	}
	p.expectSemi("after constant")
	p.f.consts = append(p.f.consts, c)
}

// ---- types ----

// bad adds a type outside the schema subset, with the message the
// resolver reports if an Archive type depends on it.
func (p *parser) bad(pos int, format string, args ...any) txID {
	id := p.newTypeExpr(txBad, pos)
	p.f.node(id).extra = int32(len(p.f.msgs))
	p.f.msgs = append(p.f.msgs, fmt.Sprintf(format, args...))
	return id
}

// reported adds a bad type whose syntax error was already reported.
func (p *parser) reported(pos int) txID { return p.newTypeExpr(txBad, pos) }

// parseType parses a type. Valid Rust types outside the schema subset
// become txBad nodes.
func (p *parser) parseType() txID {
	pos := p.off()
	if !p.enter() {
		p.leave()
		p.skipTypeLike()
		return p.reported(pos)
	}
	defer p.leave()
	switch p.tok.kind {
	case tLParen:
		return p.tupleType()
	case tLBrack:
		return p.arrayType()
	case tAnd, tAndAnd:
		return p.refType(pos)
	case tStar:
		p.next()
		if p.isKw("const") || p.isKw("mut") {
			p.next()
		}
		p.parseType()
		return p.bad(pos, "raw pointers are not supported in schema types")
	case tNot:
		p.next()
		return p.bad(pos, "the never type `!` is not supported in schema types")
	case tLt:
		p.skipTypeLike()
		return p.bad(pos, "qualified paths (<T as Trait>::Name) are not supported in schema types")
	case tIdent, tPathSep:
		if p.tok.kind == tIdent && !p.tok.raw {
			switch p.text(p.tok) {
			case "dyn":
				p.skipTypeLike()
				return p.bad(pos, "trait objects (dyn Trait) are not supported in schema types")
			case "impl":
				p.skipTypeLike()
				return p.bad(pos, "impl Trait is not supported in schema types")
			case "fn", "unsafe", "extern", "for":
				p.skipTypeLike()
				return p.bad(pos, "function pointers are not supported in schema types")
			case "_":
				p.next()
				return p.bad(pos, "the placeholder `_` is not allowed in schema types")
			}
		}
		return p.pathType()
	case tLifetime:
		p.errorf(pos, "expected type, found lifetime %s", p.text(p.tok))
		p.next()
		return p.reported(pos)
	}
	p.errorExpected("type")
	return p.reported(pos)
}

// refType parses &'a T: a reference, archived only through a
// with-wrapper (the resolver checks that). Mutable references and
// references to references are outside the subset.
func (p *parser) refType(pos int) txID {
	double := p.tok.kind == tAndAnd
	p.next()
	if p.tok.kind == tLifetime {
		p.next()
	}
	mut := p.isKw("mut")
	if mut {
		p.next()
	}
	elem := p.parseType()
	switch {
	case double:
		return p.bad(pos, "references to references are not supported in schema types")
	case mut:
		return p.bad(pos, "mutable references are not supported in schema types; rkyv archives only shared references (&T) through a with-wrapper")
	}
	t := p.newTypeExpr(txRef, pos)
	start := len(p.argStack)
	p.argStack = append(p.argStack, elem)
	at, n := p.popArgs(start)
	p.f.node(t).args, p.f.node(t).nargs = at, n
	return t
}

// skipTypeLike skips a type or bound we do not model: up to a `,`, `;`,
// `=` or `{` or an unmatched `>` or closing delimiter, all at angle
// depth zero.
func (p *parser) skipTypeLike() {
	angle := 0
	for {
		switch p.tok.kind {
		case tEOF, tRParen, tRBrack, tRBrace:
			return
		case tComma, tSemi, tEq, tLBrace:
			if angle <= 0 {
				return
			}
		case tLParen, tLBrack:
			p.skipGroup()
			continue
		}
		d := angleDelta(p.tok.kind)
		if d < 0 && angle+d < 0 {
			if angle > 0 { // `>>` closes ours and an outer list: keep the rest
				p.eatGt()
			}
			return
		}
		if p.tok.kind == tLBrace { // const argument inside angle brackets
			p.skipGroup()
			continue
		}
		angle += d
		p.next()
	}
}

func (p *parser) tupleType() txID {
	pos := p.off()
	end := p.groupEnd()
	p.next()
	start := len(p.argStack)
	trailing := false
	for p.i < end {
		el := p.parseType() // may push and pop above start, growing argStack
		p.argStack = append(p.argStack, el)
		trailing = false
		if p.i >= end {
			break
		}
		if p.tok.kind != tComma {
			p.errorExpected("`,` or `)` in tuple type")
			break
		}
		p.next()
		trailing = true
	}
	p.seek(end)
	p.next()
	if len(p.argStack)-start == 1 && !trailing {
		e := p.argStack[start]
		p.argStack = p.argStack[:start]
		return e // (T) is T
	}
	t := p.newTypeExpr(txTuple, pos)
	at, n := p.popArgs(start)
	p.f.node(t).args, p.f.node(t).nargs = at, n
	return t
}

func (p *parser) arrayType() txID {
	pos := p.off()
	end := p.groupEnd()
	p.next()
	elem := p.parseType()
	t := p.newTypeExpr(txSlice, pos)
	start := len(p.argStack)
	p.argStack = append(p.argStack, elem)
	at, n := p.popArgs(start)
	p.f.node(t).args, p.f.node(t).nargs = at, n
	if p.tok.kind == tSemi {
		p.next()
		length := p.constExpr()
		p.f.node(t).kind, p.f.node(t).extra = txArray, int32(len(p.f.exprs))
		p.f.exprs = append(p.f.exprs, length)
	}
	if p.i != end {
		p.errorExpected("`;` or `]` in array type")
	}
	p.seek(end)
	p.next()
	return t
}

// pathType parses a::b::C<Args>. The node is added once the path is
// complete (its arguments come first in tx).
func (p *parser) pathType() txID {
	pos := p.off()
	global := false
	if p.tok.kind == tPathSep {
		global = true
		p.next()
	}
	start := len(p.segStack)
	defer func() { p.segStack = p.segStack[:start] }() // on every return
	for {
		if p.tok.kind != tIdent {
			p.errorExpected("identifier in type path")
			return p.reported(pos)
		}
		if !p.tok.raw {
			switch txt := p.text(p.tok); {
			case txt == "crate" || txt == "self" || txt == "super" || txt == "Self":
			case isKeyword(txt):
				p.errorExpected("type")
				return p.reported(pos)
			}
		}
		name, namePos := nameSpan(p.tok), p.off()
		p.next()
		if p.tok.kind == tPathSep && (p.peek(1).kind == tLt || p.peek(1).kind == tShl) {
			p.next() // turbofish
		}
		args, nargs := int32(0), int32(-1)
		switch p.tok.kind {
		case tLt, tShl:
			args, nargs = p.genericArgs()
		case tLParen:
			// Fn(A) -> B sugar: only meaningful in bounds.
			p.skipGroup()
			if p.tok.kind == tArrow {
				p.next()
				p.parseType()
			}
			return p.bad(pos, "function traits are not supported in schema types")
		}
		if p.tok.kind == tPathSep && p.peek(1).kind == tIdent {
			p.segStack = append(p.segStack, pathSeg{name: name, pos: namePos, hasArgs: nargs >= 0})
			p.next()
			continue
		}
		if p.tok.kind == tNot {
			p.next()
			if k := p.tok.kind; k == tLParen || k == tLBrack || k == tLBrace {
				p.skipGroup()
			}
			return p.bad(pos, "macros in type position are not supported in schema types")
		}
		t := p.newTypeExpr(txPath, pos)
		e := p.f.node(t)
		e.global, e.name, e.namePos, e.args, e.nargs = global, name, namePos, args, nargs
		e.lead, e.nlead = int32(len(p.f.segs)), int32(len(p.segStack)-start)
		p.f.segs = append(p.f.segs, p.segStack[start:]...)
		return t
	}
}

// nameSpan returns the span of an identifier token's name without r#.
func nameSpan(t token) span {
	if t.raw {
		return span{t.off + 2, t.end()}
	}
	return span{t.off, t.end()}
}

// genericArgs parses <A, B> after a path segment and returns where its
// arguments are in txArgs.
func (p *parser) genericArgs() (at, n int32) {
	if p.tok.kind == tShl { // Vec<<T as Trait>::X>: keep the second `<`
		p.tok = token{kind: tLt, off: p.tok.off + 1, x: p.tok.x}
	} else {
		p.next()
	}
	start := len(p.argStack)
	lifetimes := false
	// pop returns the arguments; lifetimes are erased, and a list of
	// lifetimes only (T<'a>) is as if no list was written.
	pop := func() (int32, int32) {
		at, n := p.popArgs(start)
		if n == 0 && lifetimes {
			return 0, -1
		}
		return at, n
	}
	for {
		if p.eatGt() {
			return pop()
		}
		pos := p.off()
		n := p.peek(1)
		switch k := p.tok.kind; {
		case k == tLifetime:
			p.next()
			lifetimes = true
		case k == tLBrace || k.isLiteral() || k == tMinus:
			if k == tMinus {
				p.next()
			}
			if p.tok.kind == tLBrace {
				p.skipGroup()
			} else if p.tok.kind.isLiteral() {
				p.next()
			}
			p.argStack = append(p.argStack, p.bad(pos, "const generic arguments are not supported in schema types"))
		case k == tIdent && (n.kind == tEq || n.kind == tColon):
			p.next()
			p.next()
			p.skipTypeLike()
			p.argStack = append(p.argStack, p.bad(pos, "associated type bindings are not supported in schema types"))
		case k == tEOF || k == tRParen || k == tRBrack || k == tRBrace || k == tSemi:
			p.errorExpected("`>`")
			return pop()
		default:
			el := p.parseType() // may push and pop above start, growing argStack
			p.argStack = append(p.argStack, el)
		}
		if p.eatGt() {
			return pop()
		}
		if p.tok.kind == tComma {
			p.next()
			continue
		}
		p.errorExpected("`,` or `>` in generic arguments")
		p.skipTypeLike()
		p.eatGt()
		return pop()
	}
}

// ---- constant expressions ----

// constExpr parses an integer constant expression that must end at a
// token of one of the kinds in stop or at the end of the enclosing group.
// Unsupported expressions become eBad nodes and are skipped.
func (p *parser) constExpr(stop ...tokKind) *expr {
	pos := p.off()
	e := p.binaryExpr(1)
	atEnd := func() bool {
		switch p.tok.kind {
		case tEOF, tRParen, tRBrack, tRBrace:
			return true
		}
		for _, k := range stop {
			if p.tok.kind == k {
				return true
			}
		}
		return false
	}
	if e.kind != eBad && !atEnd() {
		e = &expr{kind: eBad, pos: pos, msg: fmt.Sprintf("unsupported constant expression: unexpected %s", p.s.describe(p.tok))}
	}
	if e.kind == eBad {
		p.skipTo(stop...)
	}
	return e
}

func binaryPrec(k tokKind) int {
	switch k {
	case tOr:
		return 1
	case tCaret:
		return 2
	case tAnd:
		return 3
	case tShl, tShr:
		return 4
	case tPlus, tMinus:
		return 5
	case tStar, tSlash, tPercent:
		return 6
	}
	return 0
}

func (p *parser) binaryExpr(prec int) *expr {
	x := p.unaryExpr()
	for x.kind != eBad {
		op := p.tok.kind
		q := binaryPrec(op)
		if q == 0 || q < prec {
			return x
		}
		pos := p.off()
		p.next()
		y := p.binaryExpr(q + 1)
		if y.kind == eBad {
			return y
		}
		x = &expr{kind: eBinary, op: op, pos: pos, x: x, y: y}
	}
	return x
}

func (p *parser) unaryExpr() *expr {
	pos := p.off()
	if !p.enter() {
		p.leave()
		return &expr{kind: eBad, pos: pos, msg: "constant expression nested too deeply"}
	}
	defer p.leave()
	switch p.tok.kind {
	case tMinus, tNot:
		op := p.tok.kind
		p.next()
		x := p.unaryExpr()
		if x.kind == eBad {
			return x
		}
		return &expr{kind: eUnary, op: op, pos: pos, x: x}
	case tInt:
		e := &expr{kind: eLit, pos: pos, lit: p.text(p.tok)}
		p.next()
		return e
	case tLParen:
		end := p.groupEnd()
		p.next()
		e := p.binaryExpr(1)
		if e.kind != eBad && p.i != end {
			e = &expr{kind: eBad, pos: p.off(), msg: fmt.Sprintf("unsupported constant expression: unexpected %s", p.s.describe(p.tok))}
		}
		p.seek(end)
		p.next()
		return e
	case tIdent, tPathSep:
		var path []string
		if p.tok.kind == tPathSep {
			p.next()
		}
		for p.tok.kind == tIdent {
			path = append(path, p.name(p.tok))
			p.next()
			if p.tok.kind != tPathSep {
				break
			}
			p.next()
		}
		switch p.tok.kind {
		case tLParen, tNot, tDot, tLt, tPathSep, tLBrace:
			return &expr{kind: eBad, pos: pos, msg: fmt.Sprintf("unsupported constant expression: %s is followed by %s; only integer literals, named constants, parentheses and + - * / %% << >> & | ^ are supported", strings.Join(path, "::"), p.s.describe(p.tok))}
		}
		if len(path) == 0 {
			return &expr{kind: eBad, pos: pos, msg: "expected constant name"}
		}
		return &expr{kind: eName, pos: pos, path: path}
	}
	return &expr{kind: eBad, pos: pos, msg: fmt.Sprintf("unsupported constant expression: found %s; only integer literals, named constants, parentheses and + - * / %% << >> & | ^ are supported", p.s.describe(p.tok))}
}
