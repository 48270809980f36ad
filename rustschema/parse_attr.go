package rustschema

import (
	"fmt"
	"strings"
)

// Attributes are parsed in two steps. The parser records each attribute's
// path and token range (attr); only attributes that matter to the schema
// are then read as meta items (derive, repr, archive, archive_attr, rkyv,
// with, cfg, cfg_attr and the inner schema_version and cell_profile).
// Everything else (doc, allow, serde, default, ...) is skipped unread.

// attr is an attribute as written: #[name args] or #![name args].
type attr struct {
	name string // path, e.g. "derive", "rkyv", "serde::rename"
	pos  int    // offset of `#`
	args int    // token index after the path
	end  int    // token index of the closing `]`
}

// attribute parses one attribute at the current `#`.
func (p *parser) attribute() attr {
	a := attr{pos: p.off()}
	p.next()
	if p.tok.kind == tNot {
		p.next()
	}
	if p.tok.kind != tLBrack {
		p.errorExpected("`[` after `#`")
		a.args, a.end = p.i, p.i
		return a
	}
	a.end = p.groupEnd()
	p.next()
	if p.tok.kind == tPathSep {
		p.next()
	}
	for p.tok.kind == tIdent && p.i < a.end {
		if a.name == "" {
			a.name = p.text(p.tok)
		} else {
			a.name += "::" + p.text(p.tok)
		}
		p.next()
		if p.tok.kind != tPathSep {
			break
		}
		p.next()
	}
	if a.name == "" {
		p.errorExpected("attribute name")
	}
	a.args = p.i
	p.seek(a.end)
	p.next()
	return a
}

// outerAttrs parses the outer attributes before an item, field or
// variant, evaluated under the cfg set (applyCfg): off reports one that
// this build leaves out. The result is only valid until the next call.
func (p *parser) outerAttrs() (attrs []attr, off bool) {
	p.attrBuf = p.attrBuf[:0]
	for p.tok.kind == tPound {
		if p.peek(1).kind == tNot {
			p.errorf(p.off(), "an inner attribute is not permitted in this context; inner attributes (#![...]) must come before all items")
			p.attribute()
			continue
		}
		p.attrBuf = append(p.attrBuf, p.attribute())
	}
	return p.applyCfg(p.attrBuf)
}

// ---- meta items ----

type metaKind uint8

const (
	mWord  metaKind = iota // name
	mList                  // name(...)
	mValue                 // name = value
	mLit                   // a literal
)

// meta is one argument of an attribute. Nested lists are read on demand
// with metas(m.open).
type meta struct {
	kind     metaKind
	name     string // path; "" for mLit
	pos      int
	open     int // mList: token index of `(`
	from, to int // mValue, mLit: token range of the value
}

// parserState is a saved cursor.
type parserState struct {
	i   int
	tok token
}

func (p *parser) save() parserState      { return parserState{p.i, p.tok} }
func (p *parser) restore(st parserState) { p.i, p.tok = st.i, st.tok }

// listArgs reads the arguments of #[name(...)].
func (p *parser) listArgs(a attr) ([]meta, bool) {
	if !p.checkListAttr(a) {
		return nil, false
	}
	return p.metas(a.args)
}

// checkListAttr reports an attribute that is not of the form #[name(...)].
func (p *parser) checkListAttr(a attr) bool {
	if a.args >= a.end || p.toks[a.args].kind != tLParen || int(p.toks[a.args].match()) != a.end-1 {
		p.errorf(a.pos, "malformed #[%s] attribute: expected #[%s(...)]", a.name, a.name)
		return false
	}
	return true
}

// metas reads the comma-separated meta items of the group opened at
// token index open. The cursor is left unchanged.
func (p *parser) metas(open int) (items []meta, ok bool) {
	return p.metasInto(nil, open)
}

// metasInto is metas appending to buf, so that a caller that does not nest
// can reuse one buffer.
func (p *parser) metasInto(buf []meta, open int) (items []meta, ok bool) {
	items = buf[:0]
	st := p.save()
	defer p.restore(st)
	if !p.enter() {
		p.leave()
		return nil, false
	}
	defer p.leave()
	end := int(p.toks[open].match())
	p.seek(open + 1)
	for p.i < end {
		m := meta{pos: p.off()}
		switch {
		case p.tok.kind.isLiteral():
			m.kind, m.from, m.to = mLit, p.i, p.i+1
			p.next()
		case p.tok.kind == tIdent || p.tok.kind == tPathSep:
			m.name = p.metaPath()
			switch p.tok.kind {
			case tLParen:
				m.kind, m.open = mList, p.i
				p.skipGroup()
			case tEq:
				p.next()
				m.kind, m.from = mValue, p.i
				for {
					p.skipTypeLike()
					if p.i >= end || p.tok.kind == tComma {
						break
					}
					p.next()
				}
				m.to = p.i
				if m.to == m.from {
					p.errorf(m.pos, "expected a value after `%s =`", m.name)
					return items, false
				}
			default:
				m.kind = mWord
			}
		default:
			p.errorExpected("attribute argument")
			return items, false
		}
		items = append(items, m)
		if p.i >= end {
			break
		}
		if p.tok.kind != tComma {
			p.errorExpected("`,` or `)` in attribute arguments")
			return items, false
		}
		p.next()
	}
	return items, true
}

// metaPath reads a path in an attribute; keywords are allowed (as, crate).
// A path of one segment is its name, not a copy of it.
func (p *parser) metaPath() string {
	path := ""
	if p.tok.kind == tPathSep {
		path = "::"
		p.next()
	}
	for p.tok.kind == tIdent {
		path += p.name(p.tok)
		p.next()
		if p.tok.kind != tPathSep || p.peek(1).kind != tIdent {
			break
		}
		path += "::"
		p.next()
	}
	return path
}

// lastSegment returns what follows the last "::" of path.
func lastSegment(path string) string {
	if i := strings.LastIndex(path, "::"); i >= 0 {
		return path[i+2:]
	}
	return path
}

// valueTok returns the single token of a `name = value` item.
func (p *parser) valueTok(m meta) (token, bool) {
	if m.kind == mValue && m.to == m.from+1 {
		return p.toks[m.from], true
	}
	return token{}, false
}

// valueText returns the tokens of a `name = value` item without spaces.
func (p *parser) valueText(m meta) string {
	var b strings.Builder
	for i := m.from; i < m.to; i++ {
		b.WriteString(p.text(p.toks[i]))
	}
	return b.String()
}

// ---- cfg ----

// cfgNeeded reports #[cfg] a on the file, an Archive type, a field or a
// variant (what) read without the cfg set that decides it.
func (p *parser) cfgNeeded(a attr, what string) {
	hint := "--cfg flags"
	if items, ok := p.listArgs(a); ok && len(items) == 1 {
		hint = p.cfgHint(items[0])
	}
	p.errorf(a.pos, "#[cfg] on %s: the schema depends on the build; read it with the build's cfg set (%s)", what, hint)
}

// cfgHint is an example --cfg flag for predicate m: the first target key
// it tests that the cfg set lacks, else its first option.
func (p *parser) cfgHint(m meta) string {
	var first, missing string
	var walk func(m meta)
	walk = func(m meta) {
		if !p.enter() {
			p.leave()
			return
		}
		defer p.leave()
		switch m.kind {
		case mList:
			sub, _ := p.metas(m.open)
			for _, s := range sub {
				walk(s)
			}
		case mWord, mValue:
			spec := m.name
			if ex, target := targetKeys[m.name]; target && (p.cfg == nil || !p.cfg.keys[m.name]) && missing == "" {
				missing = cfgKey(m.name, ex)
			}
			if t, ok := p.valueTok(m); m.kind == mValue && ok && t.kind == tStr {
				spec = cfgKey(m.name, p.s.strValue(t))
			}
			if first == "" {
				first = spec
			}
		}
	}
	walk(m)
	switch {
	case missing != "":
		return "--cfg '" + missing + "'"
	case first != "":
		return "--cfg '" + first + "'"
	}
	return "--cfg flags"
}

// cfgOf returns the first #[cfg(...)] of attrs as written, "" for none,
// and reports layout-relevant #[cfg_attr]. The resolver reports the cfg
// only if an Archive type depends on the item.
func (p *parser) cfgOf(attrs []attr) string {
	cfg := ""
	for _, a := range attrs {
		switch a.name {
		case "cfg":
			if cfg == "" {
				cfg = p.attrText(a)
			}
		case "cfg_attr":
			p.checkCfgAttr(a)
		}
	}
	return cfg
}

// attrText returns an outer attribute as written, shortened.
func (p *parser) attrText(a attr) string {
	return p.snippet(int(p.toks[a.end].match())-1, a.end+1)
}

// isCfgTest reports whether attrs hold #[cfg(test)].
func (p *parser) isCfgTest(attrs []attr) bool {
	for _, a := range attrs {
		t := p.toks
		if a.name == "cfg" && a.end == a.args+3 && t[a.args].kind == tLParen && p.isWord(t[a.args+1], "test") {
			return true
		}
	}
	return false
}

// checkCfgAttr rejects #[cfg_attr(pred, attrs)] carrying an attribute that
// changes the schema; others (serde, docs) are harmless.
func (p *parser) checkCfgAttr(a attr) {
	items, ok := p.listArgs(a)
	if !ok {
		return
	}
	if len(items) == 0 {
		p.errorf(a.pos, "malformed #[cfg_attr]: expected #[cfg_attr(predicate, attributes...)]")
		return
	}
	p.checkCfgAttrItems(p.cfgHint(items[0]), items[1:])
}

// checkCfgAttrItems checks the attributes of a cfg_attr; hint is the
// --cfg flag that would decide it.
func (p *parser) checkCfgAttrItems(hint string, items []meta) {
	if !p.enter() {
		p.leave()
		return
	}
	defer p.leave()
	for _, m := range items {
		switch m.name {
		case "repr", "archive", "archive_attr", "rkyv", "with", "schema_version", "cell_profile":
			p.errorf(m.pos, "#[cfg_attr] carries the layout attribute `%s`: the schema depends on the build; read it with the build's cfg set (%s)", m.name, hint)
		case "derive":
			if m.kind != mList {
				continue
			}
			sub, _ := p.metas(m.open)
			for _, d := range sub {
				if lastSegment(d.name) == "Archive" {
					p.errorf(d.pos, "#[cfg_attr] derives Archive: the schema depends on the build; read it with the build's cfg set (%s)", hint)
				}
			}
		case "cfg_attr":
			if m.kind != mList {
				continue
			}
			if sub, ok := p.metas(m.open); ok && len(sub) > 0 {
				p.checkCfgAttrItems(hint, sub[1:])
			}
		}
	}
}

// ---- type, field and variant attributes ----

// typeAttrs reads the attributes of a struct or enum: whether it derives
// Archive and, if so, its source and archived reprs and rkyv options.
func (p *parser) typeAttrs(d *typeDecl, attrs []attr) {
	d.archive, d.maybe = p.derivesArchive(attrs)
	if sdkAttr(attrs, "protein") {
		d.archive, d.maybe, p.f.sdk = true, nil, true
	}
	if d.maybe != nil {
		// Parsed as an Archive type; the crate decides (see maybe).
		d.archive = true
	}
	for _, a := range attrs {
		switch a.name {
		case "cfg_attr":
			p.checkCfgAttr(a)
		case "cfg":
			if d.archive {
				p.cfgNeeded(a, "an Archive type")
			}
		}
		if !d.archive {
			continue
		}
		switch a.name {
		case "repr":
			if items, ok := p.listArgs(a); ok {
				p.reprArgs(items, &d.repr, false)
			}
			d.reprSeen(a.pos)
		case "archive":
			p.archive07(a, d)
		case "archive_attr":
			if items, ok := p.listArgs(a); ok {
				for _, m := range items {
					if m.name == "repr" {
						p.archivedRepr(m, d, true)
					}
				}
			}
		case "rkyv":
			p.rkyvType(a, d)
		}
	}
}

func (d *typeDecl) reprSeen(pos int) {
	if d.reprAt == 0 {
		d.reprAt = pos + 1 // +1: 0 means unset
	}
}

func (d *typeDecl) archivedReprSeen(pos int) {
	if d.archivedReprAt == 0 {
		d.archivedReprAt = pos + 1
	}
}

func (p *parser) archivedRepr(m meta, d *typeDecl, rkyv07 bool) {
	if m.kind != mList {
		p.errorf(m.pos, "malformed repr: expected repr(...)")
		return
	}
	if items, ok := p.metas(m.open); ok {
		p.reprArgs(items, &d.archivedRepr, rkyv07)
	}
	d.archivedReprSeen(m.pos)
}

const known07 = "archived, as, bound, check_bytes, compare, copy_safe, crate, derive, repr, resolver"

// archive07 reads rkyv 0.7's #[archive(...)].
func (p *parser) archive07(a attr, d *typeDecl) {
	items, ok := p.listArgs(a)
	if !ok {
		return
	}
	for _, m := range items {
		switch m.name {
		case "check_bytes", "copy_safe", "compare", "bound", "archived", "resolver", "crate", "derive":
			// Not layout: names, trait impls, bounds, the rkyv path.
		case "repr":
			p.archivedRepr(m, d, true)
		case "as":
			t, ok := p.valueTok(m)
			if !ok || t.kind != tStr {
				p.errorf(m.pos, "archive(as = ...) takes a string literal, e.g. as = \"ArchivedFoo\"")
				continue
			}
			p.setAs(d, strings.Join(strings.Fields(p.s.strValue(t)), ""), m.pos)
		default:
			p.errorf(m.pos, "unknown archive argument `%s` (known: %s)", m.name, known07)
		}
	}
}

func (p *parser) setAs(d *typeDecl, as string, pos int) {
	if d.as != "" {
		p.errorf(pos, "`as` specified more than once")
		return
	}
	if as == "" {
		p.errorf(pos, "`as` needs a type path")
		return
	}
	d.as = as
}

const known08Type = "archive_bounds, archived, as, attr, bytecheck, compare, crate, derive, deserialize_bounds, remote, resolver, serialize_bounds"

// rkyvType reads rkyv 0.8's #[rkyv(...)] on a type.
func (p *parser) rkyvType(a attr, d *typeDecl) {
	items, ok := p.listArgs(a)
	if !ok {
		return
	}
	for _, m := range items {
		switch m.name {
		case "bytecheck", "compare", "archive_bounds", "serialize_bounds", "deserialize_bounds",
			"archived", "resolver", "crate", "derive", "remote":
			// Not layout.
		case "attr":
			if m.kind != mList {
				p.errorf(m.pos, "malformed rkyv(attr): expected attr(...)")
				continue
			}
			sub, _ := p.metas(m.open)
			for _, am := range sub {
				if am.name == "repr" {
					p.archivedRepr(am, d, false)
				}
			}
		case "as":
			if m.kind != mValue {
				p.errorf(m.pos, "malformed rkyv(as): expected as = Type")
				continue
			}
			if t, ok := p.valueTok(m); ok && t.kind == tStr {
				p.errorf(m.pos, "rkyv 0.8 takes a type, not a string: write as = Path (0.7 used #[archive(as = \"Path\")])")
				continue
			}
			p.setAs(d, p.valueText(m), m.pos)
		default:
			p.errorf(m.pos, "unknown rkyv argument `%s` on a type (known: %s)", m.name, known08Type)
		}
	}
}

const known08Field = "attr, getter, niche, omit_bounds, with"

// fieldAttrs reads a field's attributes (for Archive types only) and
// returns its wrappers: 0.7 #[with(A, B)] and 0.8 #[rkyv(with = A)],
// each by its last path segment.
func (p *parser) fieldAttrs(attrs []attr) []string {
	var with []string
	for _, a := range attrs {
		switch a.name {
		case "cfg":
			p.cfgNeeded(a, "a field")
		case "cfg_attr":
			p.checkCfgAttr(a)
		case "with":
			if a.args >= a.end || p.toks[a.args].kind != tLParen || int(p.toks[a.args].match()) != a.end-1 {
				p.errorf(a.pos, "malformed #[with] attribute: expected #[with(Wrapper, ...)]")
				continue
			}
			for _, t := range p.typeList(a.args) {
				with = p.appendWrapper(with, t)
			}
		case "rkyv":
			items, ok := p.listArgs(a)
			if !ok {
				continue
			}
			for _, m := range items {
				switch m.name {
				case "attr", "omit_bounds", "getter":
				case "with":
					if m.kind != mValue {
						p.errorf(m.pos, "malformed rkyv(with): expected with = Wrapper")
						continue
					}
					t := p.typeAt(m.from, m.to)
					if e := p.f.node(t); e.kind == txTuple && e.nargs == 0 {
						p.errorf(m.pos, "malformed rkyv(with): expected with = Wrapper or with = (Wrapper, ...)")
					} else if e.kind == txTuple { // with = (A, B)
						for _, el := range p.f.args(e) {
							with = p.appendWrapper(with, el)
						}
					} else {
						with = p.appendWrapper(with, t)
					}
				case "niche":
					p.errorf(m.pos, "#[rkyv(niche)] is not supported: it changes the archived layout of the field")
				default:
					p.errorf(m.pos, "unknown rkyv argument `%s` on a field (known: %s)", m.name, known08Field)
				}
			}
		}
	}
	return with
}

// variantAttrs checks an Archive enum variant's attributes.
func (p *parser) variantAttrs(attrs []attr) {
	for _, a := range attrs {
		switch a.name {
		case "cfg":
			p.cfgNeeded(a, "an enum variant")
		case "cfg_attr":
			p.checkCfgAttr(a)
		case "rkyv":
			items, _ := p.listArgs(a)
			for _, m := range items {
				if m.name != "other" {
					p.errorf(m.pos, "unknown rkyv argument `%s` on a variant (known: other)", m.name)
				}
			}
		}
	}
}

// typeAt parses the type in tokens [from, to); the cursor is unchanged.
func (p *parser) typeAt(from, to int) txID {
	st := p.save()
	defer p.restore(st)
	p.seek(from)
	t := p.parseType()
	if p.i < to {
		p.errorExpected("end of wrapper type")
	}
	return t
}

// typeList parses the comma-separated types of the group opened at token
// index open; the cursor is unchanged.
func (p *parser) typeList(open int) []txID {
	st := p.save()
	defer p.restore(st)
	end := int(p.toks[open].match())
	p.seek(open + 1)
	var list []txID
	for p.i < end {
		list = append(list, p.parseType())
		if !p.listSep(end, "`,` or `)` after wrapper type") {
			break
		}
	}
	return list
}

// appendWrapper appends the normalized name of wrapper type t: the last
// path segment, with generic arguments normalized the same way
// (rkyv::with::Map<rkyv::with::Niche> is Map<Niche>).
func (p *parser) appendWrapper(with []string, t txID) []string {
	var b strings.Builder
	if !p.writeWrapper(&b, t) {
		return with
	}
	return append(with, b.String())
}

func (p *parser) writeWrapper(b *strings.Builder, id txID) bool {
	t := p.f.node(id)
	switch t.kind {
	case txPath:
		b.WriteString(p.s.src[t.name.off:t.name.end])
		if t.nargs > 0 {
			b.WriteByte('<')
			if !p.writeWrappers(b, t) {
				return false
			}
			b.WriteByte('>')
		}
		return true
	case txTuple:
		b.WriteByte('(')
		if !p.writeWrappers(b, t) {
			return false
		}
		b.WriteByte(')')
		return true
	case txBad:
		if msg := p.f.msg(t); msg != "" {
			p.errorf(t.pos, "%s", msg)
		}
		return false
	}
	p.errorf(t.pos, "a `with` wrapper must be a type path")
	return false
}

// writeWrappers writes the children of t separated by commas.
func (p *parser) writeWrappers(b *strings.Builder, t *typeExpr) bool {
	for i, a := range p.f.args(t) {
		if i > 0 {
			b.WriteByte(',')
		}
		if !p.writeWrapper(b, a) {
			return false
		}
	}
	return true
}

// ---- repr ----

// reprArgs adds the arguments of repr(...) to r. rkyv07 applies rkyv
// 0.7's stricter rules for archive(repr) and archive_attr(repr): one base
// repr (C, transparent or a fixed-size integer) and at most one of packed
// or align(N).
func (p *parser) reprArgs(items []meta, r *Repr, rkyv07 bool) {
	bases, modifiers := 0, 0
	for _, m := range items {
		switch {
		case m.kind == mWord && m.name == "C":
			r.C = true
			bases++
		case m.kind == mWord && m.name == "transparent":
			r.Transparent = true
			bases++
		case m.kind == mWord && m.name == "Rust" && !rkyv07:
		case m.kind == mWord && m.name == "packed":
			p.setPacked(r, 1, m.pos)
			modifiers++
		case m.kind == mWord && isIntTypeName(m.name):
			if rkyv07 && (m.name == "usize" || m.name == "isize") {
				p.errorf(m.pos, "rkyv 0.7 does not accept repr(%s) for archived types; use a fixed-size integer", m.name)
				continue
			}
			if r.Int != "" && r.Int != m.name {
				p.errorf(m.pos, "conflicting representation hints: %s and %s", r.Int, m.name)
				continue
			}
			r.Int = m.name
			bases++
		case m.kind == mList && m.name == "align":
			if n, ok := p.reprInt(m); ok && n > r.Align {
				r.Align = n
			}
			modifiers++
		case m.kind == mList && m.name == "packed":
			if rkyv07 {
				p.errorf(m.pos, "rkyv 0.7 ignores packed(N) on archived types; use packed")
				continue
			}
			if n, ok := p.reprInt(m); ok {
				p.setPacked(r, n, m.pos)
			}
		case m.kind == mWord && m.name == "align":
			p.errorf(m.pos, "invalid repr(align): expected align(N)")
		case m.kind == mValue && (m.name == "align" || m.name == "packed"):
			p.errorf(m.pos, "incorrect repr(%s) format: write %s(N)", m.name, m.name)
		default:
			what := m.name
			if m.kind == mLit {
				what = p.text(p.toks[m.from])
			}
			p.errorf(m.pos, "unrecognized representation hint `%s` (expected C, transparent, an integer type, align(N) or packed(N))", what)
		}
	}
	if rkyv07 && bases > 1 {
		p.errorf(items[0].pos, "rkyv 0.7 allows only one of C, transparent or an integer in an archived repr")
	}
	if rkyv07 && modifiers > 1 {
		p.errorf(items[0].pos, "rkyv 0.7 allows only one repr modifier (packed or align) on an archived type")
	}
}

func (p *parser) setPacked(r *Repr, n uint64, pos int) {
	if r.Packed != 0 && r.Packed != n {
		p.errorf(pos, "conflicting packed representation hints: packed(%d) and packed(%d)", r.Packed, n)
		return
	}
	r.Packed = n
}

// reprInt reads the N of align(N) or packed(N): an unsuffixed integer
// literal, a power of two no larger than 2^29.
func (p *parser) reprInt(m meta) (uint64, bool) {
	items, ok := p.metas(m.open)
	if !ok {
		return 0, false
	}
	if len(items) != 1 || items[0].kind != mLit || p.toks[items[0].from].kind != tInt {
		p.errorf(m.pos, "invalid repr(%s): expected %s(N) with an integer literal N", m.name, m.name)
		return 0, false
	}
	t := p.toks[items[0].from]
	v, suffix, msg := parseIntLit(p.text(t))
	switch {
	case msg != "":
		p.errorf(int(t.off), "invalid repr(%s): %s", m.name, msg)
	case suffix != "":
		p.errorf(int(t.off), "invalid repr(%s): the argument must be an unsuffixed integer", m.name)
	case v == 0 || v&(v-1) != 0:
		p.errorf(int(t.off), "invalid repr(%s): %d is not a power of two", m.name, v)
	case v > 1<<29:
		p.errorf(int(t.off), "invalid repr(%s): larger than 2^29", m.name)
	default:
		return v, true
	}
	return 0, false
}

// checkRepr reports repr combinations rustc rejects. what is "repr" or
// "archived repr".
func (p *parser) checkRepr(d *typeDecl, r Repr, what string, at int) {
	if r.isZero() || at == 0 {
		return
	}
	pos := at - 1
	switch {
	case r.Packed != 0 && r.Align != 0:
		p.errorf(pos, "conflicting packed and align representation hints in %s of %s", what, d.name)
	case r.Transparent && (r.C || r.Int != "" || r.Packed != 0 || r.Align != 0):
		p.errorf(pos, "transparent %s %s cannot have other repr hints (%s)", d.kind, d.name, what)
	case d.kind == Struct && r.Int != "":
		p.errorf(pos, "%s(%s) applies to enums, not to struct %s", what, r.Int, d.name)
	case d.kind == Enum && r.Packed != 0:
		p.errorf(pos, "%s(packed) applies to structs, not to enum %s", what, d.name)
	case d.kind == Enum && r.Transparent && len(d.variants) != 1:
		p.errorf(pos, "transparent enum %s needs exactly one variant, but has %d", d.name, len(d.variants))
	case d.kind == Enum && len(d.variants) == 0 && (r.Int != "" || r.C):
		p.errorf(pos, "unsupported %s for zero-variant enum %s", what, d.name)
	}
}

// ---- inner attributes ----

// schemaVersion reads #![schema_version = N].
func (p *parser) schemaVersion(a attr) {
	if p.f.versionSet {
		p.errorf(a.pos, "duplicate #![schema_version]")
		return
	}
	p.f.versionSet = true
	if a.end-a.args != 2 || p.toks[a.args].kind != tEq || p.toks[a.args+1].kind != tInt {
		p.errorf(a.pos, "malformed schema_version: expected #![schema_version = N] with an integer literal N")
		return
	}
	t := p.toks[a.args+1]
	v, _, msg := parseIntLit(p.text(t))
	if msg != "" {
		p.errorf(int(t.off), "invalid schema_version: %s", msg)
		return
	}
	p.f.schemaVersion = v
}

const knownProfile = "endian, pointer_width, rkyv, strict, unaligned"

// cellProfile reads #![cell_profile(...)]; omitted keys keep the defaults
// of DefaultProfile.
func (p *parser) cellProfile(a attr) {
	if p.f.profile != nil {
		p.errorf(a.pos, "duplicate #![cell_profile]")
		return
	}
	prof := DefaultProfile()
	p.f.profile = &prof
	items, ok := p.listArgs(a)
	if !ok {
		return
	}
	seen := map[string]bool{}
	for _, m := range items {
		if seen[m.name] {
			p.errorf(m.pos, "duplicate cell_profile key %s", m.name)
			continue
		}
		seen[m.name] = true
		t, single := p.valueTok(m)
		switch m.name {
		case "rkyv":
			switch {
			case single && t.kind == tStr:
				prof.Rkyv = p.s.strValue(t)
			case single && t.kind == tFloat:
				prof.Rkyv = p.text(t)
			default:
				p.errorf(m.pos, "cell_profile rkyv takes a version string: rkyv = \"0.7\" or \"0.8\"")
			}
		case "pointer_width":
			v, suffix, msg := uint64(0), "", "expected an integer"
			if single && t.kind == tInt {
				v, suffix, msg = parseIntLit(p.text(t))
			}
			if msg != "" || suffix != "" || v > 1<<16 {
				p.errorf(m.pos, "cell_profile pointer_width takes an integer: pointer_width = 16, 32 or 64")
				continue
			}
			prof.PointerWidth = int(v)
		case "endian":
			if !single || t.kind != tStr {
				p.errorf(m.pos, "cell_profile endian takes a string: endian = \"little\" or \"big\"")
				continue
			}
			prof.Endian = p.s.strValue(t)
		case "unaligned", "strict":
			b := true
			switch {
			case m.kind == mWord:
			case single && p.isWord(t, "true"):
			case single && p.isWord(t, "false"):
				b = false
			default:
				p.errorf(m.pos, "cell_profile %s is a flag: write %s or %s = true/false", m.name, m.name, m.name)
				continue
			}
			if m.name == "unaligned" {
				prof.Unaligned = b
			} else {
				prof.Strict = b
			}
		default:
			p.errorf(m.pos, "unknown cell_profile key `%s` (known: %s)", m.name, knownProfile)
		}
	}
	if err := prof.Validate(); err != nil {
		p.errorf(a.pos, "invalid cell_profile: %v", err)
	}
}

// ---- literal values ----

// parseIntLit reads an integer literal: underscores, 0x/0o/0b prefixes
// and a type suffix. msg is "" on success.
func parseIntLit(txt string) (v uint64, suffix, msg string) {
	base := uint64(10)
	if len(txt) > 1 && txt[0] == '0' {
		switch txt[1] {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 10 {
			txt = txt[2:]
		}
	}
	i, digits := 0, 0
	for ; i < len(txt); i++ {
		c := txt[i]
		var d uint64
		switch {
		case c == '_':
			continue
		case isDigit(c):
			d = uint64(c - '0')
		case base == 16 && isHexDigit(c):
			d = uint64(hexVal(c))
		default:
			goto done
		}
		if d >= base {
			return 0, "", fmt.Sprintf("invalid digit for a base %d literal", base)
		}
		if v > (1<<64-1-d)/base {
			return 0, "", "integer literal is too large"
		}
		v = v*base + d
		digits++
	}
done:
	if digits == 0 {
		return 0, "", "no valid digits found for number"
	}
	suffix = txt[i:]
	if suffix != "" && !isIntTypeName(suffix) {
		return 0, "", fmt.Sprintf("invalid suffix `%s` for an integer", suffix)
	}
	return v, suffix, ""
}

// strValue returns the value of a string literal token. Lexing already
// reported malformed escapes; here they are decoded leniently.
func (s *source) strValue(t token) string {
	txt := s.text(t)
	q := strings.IndexByte(txt, '"')
	last := strings.LastIndexByte(txt, '"')
	if q < 0 || last <= q {
		return ""
	}
	if strings.ContainsRune(txt[:q], 'r') { // raw: r#"..."#
		return txt[q+1 : last]
	}
	body := txt[q+1 : last]
	if !strings.ContainsRune(body, '\\') {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		if body[i] != '\\' {
			b.WriteByte(body[i])
			i++
			continue
		}
		r, next, _ := unescape(body, i, modeStr)
		if r >= 0 {
			b.WriteRune(r)
		}
		i = next
	}
	return b.String()
}
