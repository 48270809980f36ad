package rustschema

import (
	"runtime"
	"strings"
	"unicode/utf8"
)

// A large file is lexed and parsed in two halves at the same time, on
// two processors: the halves meet at an item boundary past the middle,
// and the second half's AST is appended to the first's. Items do not
// depend on each other until names are resolved, so the merged AST is
// the one the whole file gives, as long as the boundary really is one:
// each half must lex and parse without any error, with balanced
// delimiters, and the second half must hold no inner attribute (#!),
// which only the start of a file may. Anything else, any error included,
// and the file is lexed and parsed whole, so that messages and their
// order do not change.

// splitMin is the smallest file worth two front ends, some 600 types of
// the benchmark schema (measured: 0.88 of the time of one front end at 1,000
// types, 212 kB). (A variable so that
// tests can split small files.)
var splitMin = 128 << 10

// splitPoint returns the offset of an item boundary candidate past the
// middle of src, the start of the line after a line holding just "}", or
// -1.
func splitPoint(src string) int {
	mid := len(src) / 2
	i := strings.Index(src[mid:], "\n}\n")
	if i < 0 {
		return -1
	}
	at := mid + i + len("\n}\n")
	if at >= len(src) || strings.Contains(src[at:], "#!") {
		return -1
	}
	return at
}

// frontEnd lexes and parses src[from:to] of s (the whole file's name,
// text and BOM) as a file of its own, with positions in the whole file.
// It reports false on any error.
func frontEnd(s *source, from, to int, buf []token) (*fileAST, []token, bool) {
	part := &source{name: s.name, src: s.src[:to], bom: s.bom}
	var toks []token
	if from == 0 {
		toks = lexInto(part, buf)
	} else {
		if !utf8.ValidString(part.src[from:]) {
			return nil, buf, false
		}
		l := &lexer{s: part, src: part.src, off: from}
		toks = l.run(buf)
	}
	if part.fatal || len(part.errs) > 0 || !part.delims.finish(part, toks) {
		return nil, toks, false
	}
	f := parseFile(part, toks)
	return f, toks, len(part.errs) == 0
}

// parseHalves parses s in two halves at once (see above), or reports
// false when it does not: a small file, one processor, no boundary, or
// any error. Tokens are taken from and returned to tokPool.
func parseHalves(s *source) (*fileAST, bool) {
	if len(s.src) < splitMin || len(s.src) > maxSrcLen || runtime.GOMAXPROCS(0) < 2 {
		return nil, false
	}
	at := splitPoint(s.src)
	if at < 0 {
		return nil, false
	}
	return parseHalvesAt(s, at)
}

// parseHalvesAt is parseHalves with the halves meeting at offset at.
func parseHalvesAt(s *source, at int) (*fileAST, bool) {
	// Only at a line start: a line comment or a shebang line lexes to
	// the end of the line, and would end early at a split inside it.
	if at <= s.bom || at >= len(s.src) || s.src[at-1] != '\n' {
		return nil, false
	}
	type half struct {
		f    *fileAST
		toks []token
		ok   bool
	}
	second := make(chan half, 1)
	go func() {
		var h half
		h.f, h.toks, h.ok = frontEnd(s, at, len(s.src), getTokens())
		second <- h
	}()
	f, toks, ok := frontEnd(s, 0, at, getTokens())
	putTokens(toks)
	h := <-second
	putTokens(h.toks)
	if !ok || !h.ok || h.f.versionSet || h.f.profile != nil {
		return nil, false
	}
	f.appendFile(h.f)
	return f, true
}

func getTokens() []token {
	if bp, _ := tokPool.Get().(*[]token); bp != nil {
		return *bp
	}
	return nil
}

// putTokens returns a token slice to the pool: the AST holds no token.
func putTokens(toks []token) {
	if toks != nil {
		toks = toks[:0]
		tokPool.Put(&toks)
	}
}

// appendFile appends the items of g, parsed from a later part of the same
// file, to f, renumbering the indices g's nodes hold. g is left unusable.
func (f *fileAST) appendFile(g *fileAST) {
	txOff := txID(len(f.tx) * txChunk)
	argOff, segOff := int32(len(f.txArgs)), int32(len(f.segs))
	exprOff, msgOff, withOff := int32(len(f.exprs)), int32(len(f.msgs)), int32(len(f.withs))
	for id := txID(0); id < txID(g.ntx); id++ {
		e := g.node(id)
		e.args += argOff
		e.lead += segOff
		switch {
		case e.kind == txArray:
			e.extra += exprOff
		case e.kind == txBad && e.extra >= 0:
			e.extra += msgOff
		}
	}
	for i := range g.txArgs {
		g.txArgs[i] += txOff
	}
	fields := func(fs []fieldDecl) {
		for i := range fs {
			fs[i].typ += txOff
			if fs[i].with >= 0 {
				fs[i].with += withOff
			}
		}
	}
	for _, d := range g.types {
		fields(d.fields)
		for _, v := range d.variants {
			fields(v.fields)
		}
	}
	for _, a := range g.aliases {
		a.typ += txOff
	}
	f.tx = append(f.tx, g.tx...)
	f.ntx = int32(txOff) + g.ntx
	f.txArgs = append(f.txArgs, g.txArgs...)
	f.segs = append(f.segs, g.segs...)
	f.exprs = append(f.exprs, g.exprs...)
	f.msgs = append(f.msgs, g.msgs...)
	f.withs = append(f.withs, g.withs...)
	f.uses = append(f.uses, g.uses...)
	f.types = append(f.types, g.types...)
	f.aliases = append(f.aliases, g.aliases...)
	f.consts = append(f.consts, g.consts...)
}
