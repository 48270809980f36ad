package lockfile

import (
	"strconv"
	"strings"
)

// crossCheck compares the types of a cell with its authentic canonical
// text (docs/fingerprint.md §2): every type of the text has a
// [[cell.type]] of the same kind, with the same fields (names and
// canonical types, in order) and variants (names, in order, with the tags
// rkyv gives them), and there are no others. Types are sorted by name, as
// in the text. One problem is reported per type.
//
// Type fingerprints and layout digests are not re-derived here: that needs
// the full model of the text (rustschema.ParseCanonical, planned).
func (k *checker) crossCheck(c *Cell, x ctx) {
	sc := canonScanner{s: c.Canonical}
	for range 3 { // the header, checked by checkCanonHeader
		sc.next()
	}
	at := func(n int) int {
		if c.canonLine == 0 {
			return 0
		}
		return int(c.canonLine) + n - 1
	}
	malformed := func() {
		k.addLine(at(sc.line), c.at[ckCanonical], x, "canonical text line %d: unexpected %s; the text is not CFP/1 as this cellvet writes it", sc.line, strconv.Quote(sc.cur))
	}
	extra := func(t *Type) {
		k.add(k.typeAt(t)[tkName], t.m.off, x, "type %s is not in the canonical text; %s", quoteName(t.Name), repin(c))
	}
	ti := 0
	for sc.next() {
		kind, rest := cutWord(sc.cur)
		name, _ := cutWord(rest)
		if kind != "struct" && kind != "enum" || name == "" {
			malformed()
			return
		}
		for ti < len(c.Types) && c.Types[ti].Name < name {
			extra(c.Types[ti])
			ti++
		}
		var t *Type
		if ti < len(c.Types) && c.Types[ti].Name == name {
			t = c.Types[ti]
			ti++
		} else {
			k.addLine(at(sc.line), c.at[ckCanonical], x, "the canonical text defines %s %s, which has no [[cell.type]]; %s", kind, name, repin(c))
		}
		tx := ctx{c: c, t: t}
		bad := t == nil
		if !bad && t.Kind != kind {
			k.add(k.typeAt(t)[tkKind], t.m.off, tx, "kind %s differs from the canonical text, where %s is a %s; %s", t.Kind, name, kind, repin(c))
			bad = true
		}
		report := func(at, fallback int32, x ctx, format string, args ...any) {
			if !bad {
				k.add(at, fallback, x, format+"; "+repin(c), args...)
				bad = true
			}
		}
		var v *Variant
		nv, nf := 0, 0 // variants and fields of the current owner seen
		fields := func() []Field {
			if kind == "struct" {
				return t.Fields
			}
			if v == nil {
				return nil
			}
			return v.Fields
		}
		endFields := func() {
			if bad {
				return
			}
			if fs := fields(); nf < len(fs) {
				f := &fs[nf]
				report(k.fieldAt(f)[fkName], f.m.off, ctx{c: c, t: t, v: v, f: f}, "field %s is not in the canonical text", quoteName(f.Name))
			}
		}
		ended := false
		for {
			// The common case, fast: the next fields match, each on a
			// line of its own.
			if !bad && (kind == "struct" || nv > 0) {
				if fs := fields(); nf < len(fs) {
					nf = sc.fieldLines(fs, nf)
				}
			}
			if !sc.next() {
				break
			}
			line := sc.cur
			if line == "end" {
				ended = true
				break
			}
			w, rest := "", ""
			switch {
			case strings.HasPrefix(line, "field "):
				w, rest = "field", line[len("field "):]
				// The common case, fast: the next field matches.
				if !bad && (kind == "struct" || nv > 0) {
					if fs := fields(); nf < len(fs) && fieldLine(rest, &fs[nf]) {
						nf++
						continue
					}
				}
			case strings.HasPrefix(line, "variant "):
				w, rest = "variant", line[len("variant "):]
			}
			switch {
			case w == "field" && (kind == "struct" || nv > 0):
				fname, rest := cutWord(rest)
				ftype, _ := cutWord(rest)
				if bad {
					continue
				}
				fs := fields()
				if nf >= len(fs) {
					owner := &t.m
					ox := tx
					if v != nil {
						owner, ox = &v.m, ctx{c: c, t: t, v: v}
					}
					report(owner.off, 0, ox, "field %s of the canonical text is missing", quoteName(fname))
					continue
				}
				f := &fs[nf]
				nf++
				fx := ctx{c: c, t: t, v: v, f: f}
				if f.Name != fname {
					report(k.fieldAt(f)[fkName], f.m.off, fx, "the canonical text has field %s here", quoteName(fname))
				} else if f.Type != ftype {
					report(k.fieldAt(f)[fkType], f.m.off, fx, "type %s differs from the canonical text's %s", f.Type, ftype)
				}
			case w == "variant" && kind == "enum":
				vname, rest := cutWord(rest)
				_, rest = cutWord(rest) // shape
				disc, _ := cutWord(rest)
				endFields()
				if bad {
					continue
				}
				if nv >= len(t.Variants) {
					report(t.m.off, 0, tx, "variant %s of the canonical text is missing", quoteName(vname))
					continue
				}
				v = &t.Variants[nv]
				nv++
				nf = 0
				vx := ctx{c: c, t: t, v: v}
				if v.Name != vname {
					report(k.variantAt(v)[vkName], v.m.off, vx, "the canonical text has variant %s here", quoteName(vname))
				} else if want, ok := rkyvTag(c.Profile.Rkyv, nv-1, disc); ok && v.Tag != want {
					report(k.variantAt(v)[vkTag], v.m.off, vx, "tag %d: rkyv %s gives this variant the tag %d", v.Tag, c.Profile.Rkyv, want)
				}
			default:
				malformed()
				return
			}
		}
		if !ended {
			malformed()
			return
		}
		endFields()
		if !bad && kind == "enum" && nv < len(t.Variants) {
			v := &t.Variants[nv]
			report(k.variantAt(v)[vkName], v.m.off, ctx{c: c, t: t, v: v}, "variant %s is not in the canonical text", quoteName(v.Name))
		}
	}
	for ; ti < len(c.Types); ti++ {
		extra(c.Types[ti])
	}
}

// rkyvTag returns the archived tag of the i-th variant with discriminant
// disc ("disc=N"): rkyv 0.8 archives the discriminant, rkyv 0.7 the index.
func rkyvTag(rkyv string, i int, disc string) (uint64, bool) {
	switch rkyv {
	case "0.7":
		return uint64(i), true
	case "0.8":
		d, ok := strings.CutPrefix(disc, "disc=")
		if !ok {
			return 0, false
		}
		// strconv.ParseUint(d, 10, 64), without its generality.
		if d == "" {
			return 0, false
		}
		var n uint64
		for i := 0; i < len(d); i++ {
			c := d[i] - '0'
			if c > 9 || n > (1<<64-1-uint64(c))/10 {
				return 0, false
			}
			n = n*10 + uint64(c)
		}
		return n, true
	}
	return 0, false
}

// fieldLine reports whether rest, a canonical field line after "field ",
// is f's name and type (and maybe wrappers).
func fieldLine(rest string, f *Field) bool {
	n, t := len(f.Name), len(f.Type)
	return len(rest) >= n+1+t && rest[:n] == f.Name && rest[n] == ' ' &&
		rest[n+1:n+1+t] == f.Type && (len(rest) == n+1+t || rest[n+1+t] == ' ')
}

// fieldLines consumes the lines "field NAME TYPE" (without wrappers) of
// fs[nf], fs[nf+1], ... and returns the index of the first field whose
// line does not follow.
func (sc *canonScanner) fieldLines(fs []Field, nf int) int {
	s := sc.s
	for nf < len(fs) {
		f := &fs[nf]
		n := len(f.Name)
		e := len("field ") + n + 1 + len(f.Type)
		if len(s) <= e || s[e] != '\n' || s[:6] != "field " || s[6+n] != ' ' ||
			s[6:6+n] != f.Name || s[7+n:e] != f.Type {
			break
		}
		sc.cur, s = s[:e], s[e+1:]
		sc.line++
		nf++
	}
	sc.s = s
	return nf
}

type canonScanner struct {
	s    string
	cur  string
	line int // 1-based line number of cur
}

func (sc *canonScanner) next() bool {
	if sc.s == "" {
		return false
	}
	sc.cur, sc.s = cutLine(sc.s)
	sc.line++
	return true
}

func cutWord(s string) (word, rest string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}
