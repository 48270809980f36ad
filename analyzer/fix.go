package analyzer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/cellvet/cellvet/internal/celltag"
	"golang.org/x/tools/go/analysis"
)

// layoutFix returns the fix that rewrites the fields of a struct bound to
// w so that its layout is the lock's: fields in the lock's offset order
// and padding fields (_ [N]byte) where the archived type has padding Go
// does not add. It returns nil unless the only problems are offsets,
// sizes and alignments and the rewrite then matches the lock exactly: a
// missing field or a wrong kind needs the author, not a fix.
func (s *state) layoutFix(ts *ast.TypeSpec, cmp *comparer, w *structWant) []analysis.SuggestedFix {
	if !onlyLayoutProblems(cmp) {
		return nil
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil || !st.Fields.Opening.IsValid() || !st.Fields.Closing.IsValid() {
		return nil
	}
	src, err := s.source(ts)
	if err != nil {
		return nil
	}
	fields, oldPads, ok := s.goFields(st, src)
	if !ok {
		return nil
	}
	plan, ok := s.layoutLines(fields, w)
	if !ok {
		return nil
	}
	body, ok := formatFields(plan.lines)
	if !ok {
		return nil
	}
	msg := "Insert padding to match cell.lock"
	switch {
	case plan.reordered:
		msg = "Reorder fields to match cell.lock"
	case plan.aligned:
		msg = "Add a zero-size field for cell.lock's alignment"
	case len(oldPads) > 0 && len(plan.pads) > 0:
		msg = "Resize padding to match cell.lock"
	case len(plan.pads) == 0:
		msg = "Remove padding to match cell.lock"
	}
	// Replace from the first field to the end of the last one, so that
	// comments on the brace lines stay.
	first, last := st.Fields.List[0], st.Fields.List[len(st.Fields.List)-1]
	start, end := first.Pos(), last.End()
	if first.Doc != nil {
		start = first.Doc.Pos()
	}
	if last.Comment != nil {
		end = last.Comment.End()
	}
	return []analysis.SuggestedFix{{
		Message:   msg,
		TextEdits: []analysis.TextEdit{{Pos: start, End: end, NewText: []byte(body)}},
	}}
}

// onlyLayoutProblems reports whether cmp found a layout problem (offset,
// size, alignment), each with a position, and nothing a rewrite of the
// field list cannot mend. decl problems are kept by the rewrite, their own
// fix held back (emit).
func onlyLayoutProblems(cmp *comparer) bool {
	layout := false
	for _, p := range cmp.probs {
		switch p.category {
		case "offset", "size", "align":
			layout = true
		case "decl":
			continue
		default:
			return false
		}
		if p.pos == token.NoPos {
			return false
		}
	}
	return layout
}

// goField is one named field of a struct, as layoutFix rewrites it.
type goField struct {
	line    string // its source: doc, name, type, tag and comment
	t       types.Type
	rust    string // the Rust field it binds
	isTag   bool   // a variant struct's tag field
	origIdx int
}

// goFields returns st's named fields and the types of its padding fields,
// or false for a struct layoutFix cannot rewrite (an embedded field).
func (s *state) goFields(st *ast.StructType, src []byte) ([]goField, []string, bool) {
	text := func(n ast.Node) string {
		return string(src[s.Fset.Position(n.Pos()).Offset:s.Fset.Position(n.End()).Offset])
	}
	var fields []goField
	var pads []string
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			return nil, nil, false // embedded fields are not bound by name
		}
		tag, comment, doc := "", "", ""
		if f.Doc != nil {
			doc = text(f.Doc) + "\n"
		}
		if f.Tag != nil {
			tag = " " + f.Tag.Value
		}
		if f.Comment != nil {
			comment = " " + strings.TrimSpace(text(f.Comment))
		}
		for _, name := range f.Names {
			v, _ := s.TypesInfo.Defs[name].(*types.Var)
			if v == nil {
				return nil, nil, false
			}
			if name.Name == "_" {
				pads = append(pads, text(f.Type))
				continue
			}
			rust, isTag := "", false
			if f.Tag != nil {
				rust, isTag = fieldTag(strings.Trim(f.Tag.Value, "`"), name.Name)
			} else {
				rust = snake(name.Name)
			}
			fields = append(fields, goField{line: doc + name.Name + " " + text(f.Type) + tag + comment, t: v.Type(), rust: rust, isTag: isTag, origIdx: len(fields)})
		}
	}
	return fields, pads, true
}

// layoutPlan is the field list a layout fix writes.
type layoutPlan struct {
	lines     []string // the field lines
	pads      []string // the types of the padding fields it writes
	reordered bool     // the fields changed order
	aligned   bool     // it adds a zero-size field for the alignment
}

// layoutLines orders fields as the lock lays them out (the tag first,
// then by offset) with the padding fields the lock's offsets and size
// need, and a zero-size _ [0]uintN where no field gives the struct the
// lock's alignment; false when the lock puts a field where Go cannot.
func (s *state) layoutLines(fields []goField, w *structWant) (layoutPlan, bool) {
	wantOf := map[string]fieldWant{}
	for _, f := range w.fields {
		wantOf[f.name] = f
	}
	sort.SliceStable(fields, func(i, j int) bool {
		if fields[i].isTag != fields[j].isTag {
			return fields[i].isTag
		}
		return wantOf[fields[i].rust].off < wantOf[fields[j].rust].off
	})
	var p layoutPlan
	var cur, maxAlign uint64 = 0, 1
	for _, f := range fields {
		maxAlign = max(maxAlign, uint64(s.TypesSizes.Alignof(f.t)))
	}
	// Fields of byte arrays (an enum mirrored as [N]byte) leave the
	// struct less aligned than rkyv's: a zero-size field of the
	// alignment's width fixes that, before the first field at a multiple
	// of it (not before a variant's tag, which the runtime wants first).
	want := min(w.align, uint64(s.TypesSizes.Alignof(types.Typ[types.Uint64])))
	needAlign := want > maxAlign
	alignField := func() {
		p.lines = append(p.lines, fmt.Sprintf("_ [0]uint%d", want*8))
		p.aligned, needAlign, maxAlign = true, false, want
	}
	pad := func(n uint64) {
		t := fmt.Sprintf("[%d]byte", n)
		p.lines = append(p.lines, "_ "+t)
		p.pads = append(p.pads, t)
		cur += n
	}
	for i, f := range fields {
		p.reordered = p.reordered || f.origIdx != i
		size, align := uint64(s.TypesSizes.Sizeof(f.t)), uint64(s.TypesSizes.Alignof(f.t))
		off := uint64(0)
		if !f.isTag {
			fw, ok := wantOf[f.rust]
			if !ok {
				return p, false
			}
			off = fw.off
		}
		switch {
		case off == alignUp(cur, align):
		case off > cur && off%align == 0:
			pad(off - cur)
		default:
			return p, false // the lock puts it where Go cannot
		}
		if needAlign && !f.isTag && off%want == 0 {
			alignField()
		}
		cur = off + size
		p.lines = append(p.lines, f.line)
	}
	return p, s.trailing(&p, cur, maxAlign, want, needAlign, w.size, pad, alignField)
}

// trailing adds the padding after the last field (with the alignment
// field when no field took it: not last, where Go would pad it).
func (s *state) trailing(p *layoutPlan, cur, maxAlign, want uint64, needAlign bool, size uint64, pad func(uint64), alignField func()) bool {
	if needAlign {
		if a := alignUp(cur, want); a > cur {
			pad(a - cur)
			cur = a
		}
		if cur >= size {
			return false
		}
		alignField()
		maxAlign = want
	}
	if alignUp(cur, maxAlign) != size {
		if size < cur || alignUp(size, maxAlign) != size {
			return false
		}
		pad(size - cur)
	}
	return true
}

// typeFix is the Go type a field must have, "cell." standing for the
// runtime's package.
type typeFix struct {
	pos  token.Pos // the field's name
	want string
}

// fieldTypeFix returns the fix that gives the field its type, or nil when
// the field shares its type with others or the type names the runtime's
// package, which the file does not import.
func (s *state) fieldTypeFix(tf *typeFix) []analysis.SuggestedFix {
	field := s.fieldAt(tf.pos)
	if field == nil || len(field.Names) != 1 {
		return nil
	}
	want := tf.want
	if strings.Contains(want, "cell.") {
		name := s.runtimeName(tf.pos)
		if name == "" {
			return nil
		}
		want = strings.ReplaceAll(want, "cell.", name+".")
	}
	return []analysis.SuggestedFix{{
		Message:   "Change the type to " + want,
		TextEdits: []analysis.TextEdit{{Pos: field.Type.Pos(), End: field.Type.End(), NewText: []byte(want)}},
	}}
}

// runtimeName returns the name the file holding pos imports the runtime
// under, or "".
func (s *state) runtimeName(pos token.Pos) string {
	for _, f := range s.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path != RuntimePath {
				continue
			}
			switch {
			case imp.Name == nil:
				return "cell"
			case imp.Name.Name != "_" && imp.Name.Name != ".":
				return imp.Name.Name
			}
		}
	}
	return ""
}

// tagFix is the tag a field of a cell.Enum's variants struct must decode.
type tagFix struct {
	pos        token.Pos // the field's name
	key, value string    // tag=N (a variant's tag) or enum=SET
}

// optionTagFix returns the fix that sets the field's `cell:",KEY=VALUE"`,
// keeping its name, other options and other tag keys.
func (s *state) optionTagFix(tf *tagFix) []analysis.SuggestedFix {
	edit, ok := s.setTagOption(tf.pos, tf.key, tf.value)
	if !ok {
		return nil
	}
	msg := "Set the tag to cell.lock's"
	switch {
	case tf.key == "enum" && tf.value == "":
		msg = "Remove the enum option"
	case tf.key == "enum":
		msg = "Set the enum's tags to cell.lock's"
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: []analysis.TextEdit{edit}}}
}

// declTagFix returns the fix that sets `decl=N` in the cell tags of
// fields, or nil when one of them cannot take it.
func (s *state) declTagFix(edits []declEdit) []analysis.SuggestedFix {
	var tes []analysis.TextEdit
	for _, e := range edits {
		te, ok := s.setTagOption(e.pos, "decl", strconv.FormatUint(e.n, 10))
		if !ok {
			return nil
		}
		tes = append(tes, te)
	}
	msg := "Set the declaration index to cell.lock's"
	if len(tes) > 1 {
		msg = "Tag the fields with their declaration indexes"
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: tes}}
}

// setTagOption returns the edit that sets option key=value in the cell tag
// of the field named at pos, adding the tag or the option and keeping the
// name, the other options and the other tag keys; an empty value drops the
// option (and the tag, if nothing is left of it).
func (s *state) setTagOption(pos token.Pos, key, value string) (analysis.TextEdit, bool) {
	field := s.fieldAt(pos)
	if field == nil || len(field.Names) != 1 {
		return analysis.TextEdit{}, false // a tag shared by several fields cannot be right for all
	}
	opt := key + "=" + value
	if field.Tag == nil {
		end := field.Type.End()
		return analysis.TextEdit{Pos: end, End: end, NewText: []byte(fmt.Sprintf(" `cell:%q`", ","+opt))}, value != ""
	}
	raw, err := strconv.Unquote(field.Tag.Value)
	if err != nil {
		return analysis.TextEdit{}, false
	}
	updated := strings.TrimSpace(raw + ` cell:",` + opt + `"`)
	if v, ok := reflect.StructTag(raw).Lookup("cell"); ok {
		name, opts := celltag.Split(v)
		keep := []string{name}
		for _, o := range opts {
			if !strings.HasPrefix(o, key+"=") {
				keep = append(keep, o)
			}
		}
		if value != "" {
			keep = append(keep, opt)
		}
		updated = strings.Replace(raw, `cell:"`+v+`"`, `cell:"`+strings.Join(keep, ",")+`"`, 1)
		if len(keep) == 1 && name == "" { // nothing left: drop the key and a space beside it
			before, after, _ := strings.Cut(raw, `cell:"`+v+`"`)
			updated = strings.TrimRight(before, " ") + " " + strings.TrimLeft(after, " ")
			updated = strings.TrimSpace(updated)
		}
	}
	switch {
	case updated == raw || strings.Contains(updated, "`") || value == "" && !strings.Contains(raw, "cell:"):
		return analysis.TextEdit{}, false
	case updated == "":
		return analysis.TextEdit{Pos: field.Type.End(), End: field.Tag.End()}, true
	}
	return analysis.TextEdit{Pos: field.Tag.Pos(), End: field.Tag.End(), NewText: []byte("`" + updated + "`")}, true
}

// fieldAt returns the struct field of the package whose name is at pos.
func (s *state) fieldAt(pos token.Pos) *ast.Field {
	for _, f := range s.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		var found *ast.Field
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > pos || n.End() <= pos {
				return false
			}
			if fd, ok := n.(*ast.Field); ok && len(fd.Names) > 0 && fd.Names[0].Pos() == pos {
				found = fd
			}
			return true
		})
		return found
	}
	return nil
}

// source returns the content of the file holding n, the content the
// syntax was parsed from (a driver's overlay can make the file on disk
// another: its offsets would then cut the wrong text).
func (s *state) source(n ast.Node) ([]byte, error) {
	tf := s.Fset.File(n.Pos())
	read := s.ReadFile
	if s.cfg.ReadFile != nil {
		read = s.cfg.ReadFile
	}
	src, err := read(tf.Name())
	if err != nil {
		return nil, fmt.Errorf("reading %s for a fix: %w", tf.Name(), err)
	}
	if len(src) != tf.Size() {
		return nil, fmt.Errorf("%s changed since it was parsed (%d bytes, parsed %d)", tf.Name(), len(src), tf.Size())
	}
	return src, nil
}

// formatFields lays out struct field lines as gofmt would.
func formatFields(lines []string) (string, bool) {
	src := "package p\n\ntype _ struct {\n" + strings.Join(lines, "\n") + "\n}\n"
	out, err := format.Source([]byte(src))
	if err != nil {
		return "", false
	}
	i := bytes.Index(out, []byte("struct {"))
	j := bytes.LastIndexByte(out, '}')
	if i < 0 || j < 0 {
		return "", false
	}
	return strings.TrimSpace(string(out[i+len("struct {") : j])), true
}

// exprString returns the source form of e, for messages.
func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, e); err != nil {
		return "?"
	}
	return b.String()
}
