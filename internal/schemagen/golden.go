package schemagen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Record is one line of an oracle JSON-lines file: one schema compiled with
// the real rkyv and its measured archived layouts. The format is documented
// in testdata/oracle/README.md. All sizes, alignments and offsets are bytes.
type Record struct {
	Family      Family        `json:"family"`
	ID          int           `json:"id"`
	Seed        int64         `json:"seed"` // GenerateSchema(Seed, Family).Source == Source
	RkyvVersion string        `json:"rkyv_version"`
	Rustc       string        `json:"rustc"`
	Profile     RecordProfile `json:"profile"`
	Source      string        `json:"source"`
	Types       []RecordType  `json:"types"` // in source order
}

// RecordProfile is the rkyv format the oracle was built with, measured where
// possible (pointer width, alignment, endianness, strict).
type RecordProfile struct {
	Rkyv         string `json:"rkyv"`          // "0.7" or "0.8"
	PointerWidth int    `json:"pointer_width"` // 16, 32 or 64 (0.7: size_16/32/64)
	Endian       string `json:"endian"`        // "little" or "big" (0.7 default: native)
	Aligned      bool   `json:"aligned"`       // false only for 0.8 unaligned
	Strict       bool   `json:"strict"`        // 0.7 strict
}

// RecordType is the layout of rkyv::Archived<T> for one schema type.
type RecordType struct {
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`            // "struct" or "enum"
	Shape    string          `json:"shape,omitempty"` // structs: "named", "tuple", "unit"
	Size     int             `json:"size"`
	Align    int             `json:"align"`
	Fields   []RecordField   `json:"fields,omitempty"`   // structs, declaration order
	Variants []RecordVariant `json:"variants,omitempty"` // enums, declaration order
}

// RecordVariant is one enum variant. Tag is the archived discriminant,
// present only for variants without fields (the only ones the oracle can
// measure without building a value).
type RecordVariant struct {
	Name   string        `json:"name"`
	Shape  string        `json:"shape"` // "named", "tuple" or "unit"
	Tag    *uint64       `json:"tag,omitempty"`
	Fields []RecordField `json:"fields"`
}

// RecordField is one field: its offset in the archived struct (for enum
// variants, from the start of the archived enum, so after the tag) and the
// size and alignment of rkyv::Archived<Type>.
type RecordField struct {
	Name   string `json:"name"` // tuple fields: "0", "1", ...
	Type   string `json:"type"` // Rust type as written in Source
	Offset int    `json:"offset"`
	Size   int    `json:"size"`
	Align  int    `json:"align"`
}

// GoldenDir is the directory of the committed golden files, relative to the
// module root.
const GoldenDir = "testdata/oracle/golden"

// GoldenPath is the golden file of a family under the module root.
func GoldenPath(moduleRoot string, fam Family) string {
	return filepath.Join(moduleRoot, GoldenDir, string(fam)+".jsonl")
}

// ReadGolden reads an oracle JSON-lines file. Unknown keys are errors, so a
// format change cannot go unnoticed.
func ReadGolden(path string) ([]Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseGolden(data)
}

// ParseGolden parses oracle JSON lines (see ReadGolden).
func ParseGolden(data []byte) ([]Record, error) {
	var recs []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var r Record
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return recs, nil
}

func (r *Record) validate() error {
	if r.Source == "" || len(r.Types) == 0 {
		return fmt.Errorf("record %d: empty source or types", r.ID)
	}
	for _, t := range r.Types {
		if t.Align <= 0 || t.Align&(t.Align-1) != 0 || t.Size%t.Align != 0 {
			return fmt.Errorf("record %d: type %s: bad size/align %d/%d", r.ID, t.Name, t.Size, t.Align)
		}
		switch t.Kind {
		case "struct", "enum":
		default:
			return fmt.Errorf("record %d: type %s: bad kind %q", r.ID, t.Name, t.Kind)
		}
	}
	return nil
}

// Compare describes the first differences between two record lists (at most
// max lines), or returns "" when they are equal.
func Compare(want, got []Record, max int) string {
	var out []string
	add := func(format string, args ...any) bool {
		out = append(out, fmt.Sprintf(format, args...))
		return len(out) >= max
	}
	if len(want) != len(got) {
		if add("record count: want %d, got %d", len(want), len(got)) {
			return strings.Join(out, "\n")
		}
	}
	for i := 0; i < min(len(want), len(got)); i++ {
		w, g := want[i], got[i]
		at := fmt.Sprintf("%s id %d", w.Family, w.ID)
		if w.Family != g.Family || w.ID != g.ID || w.Seed != g.Seed {
			if add("%s: header differs: got family %s id %d seed %d", at, g.Family, g.ID, g.Seed) {
				break
			}
		}
		if w.RkyvVersion != g.RkyvVersion || w.Rustc != g.Rustc || w.Profile != g.Profile {
			if add("%s: toolchain/profile differs: want %s / %s / %+v, got %s / %s / %+v", at,
				w.RkyvVersion, w.Rustc, w.Profile, g.RkyvVersion, g.Rustc, g.Profile) {
				break
			}
		}
		if w.Source != g.Source {
			if add("%s: schema source differs (the generator changed?)", at) {
				break
			}
			continue
		}
		if len(w.Types) != len(g.Types) {
			if add("%s: type count: want %d, got %d", at, len(w.Types), len(g.Types)) {
				break
			}
			continue
		}
		stop := false
		for j := range w.Types {
			for _, d := range diffType(w.Types[j], g.Types[j]) {
				if add("%s: %s", at, d) {
					stop = true
					break
				}
			}
			if stop {
				break
			}
		}
		if stop {
			break
		}
	}
	return strings.Join(out, "\n")
}

func diffType(w, g RecordType) []string {
	var d []string
	p := w.Name
	if w.Name != g.Name || w.Kind != g.Kind || w.Shape != g.Shape {
		return []string{fmt.Sprintf("type %s: name/kind/shape: want %s %s %s, got %s %s %s", p, w.Name, w.Kind, w.Shape, g.Name, g.Kind, g.Shape)}
	}
	if w.Size != g.Size || w.Align != g.Align {
		d = append(d, fmt.Sprintf("%s: size/align: want %d/%d, got %d/%d", p, w.Size, w.Align, g.Size, g.Align))
	}
	d = append(d, diffFields(p, w.Fields, g.Fields)...)
	if len(w.Variants) != len(g.Variants) {
		return append(d, fmt.Sprintf("%s: variant count: want %d, got %d", p, len(w.Variants), len(g.Variants)))
	}
	for k := range w.Variants {
		wv, gv := w.Variants[k], g.Variants[k]
		vp := p + "::" + wv.Name
		if wv.Name != gv.Name || wv.Shape != gv.Shape {
			d = append(d, fmt.Sprintf("%s: name/shape: got %s %s", vp, gv.Name, gv.Shape))
			continue
		}
		if tagString(wv.Tag) != tagString(gv.Tag) {
			d = append(d, fmt.Sprintf("%s: tag: want %s, got %s", vp, tagString(wv.Tag), tagString(gv.Tag)))
		}
		d = append(d, diffFields(vp, wv.Fields, gv.Fields)...)
	}
	return d
}

func tagString(t *uint64) string {
	if t == nil {
		return "none"
	}
	return fmt.Sprint(*t)
}

func diffFields(p string, w, g []RecordField) []string {
	if len(w) != len(g) {
		return []string{fmt.Sprintf("%s: field count: want %d, got %d", p, len(w), len(g))}
	}
	var d []string
	for i := range w {
		if w[i] != g[i] {
			d = append(d, fmt.Sprintf("%s.%s (%s): want offset %d size %d align %d, got %s (%s) offset %d size %d align %d",
				p, w[i].Name, w[i].Type, w[i].Offset, w[i].Size, w[i].Align, g[i].Name, g[i].Type, g[i].Offset, g[i].Size, g[i].Align))
		}
	}
	return d
}
