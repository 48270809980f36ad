package layout

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// The layout oracle (testdata/oracle, see its README.md) compiles generated
// schemas with the real rkyv and rustc and records size_of, align_of and
// offset_of! of every archived type and field, one JSON line per schema in
// testdata/oracle/golden/<family>.jsonl. TestOracle compares the engine
// with every measured number.

// goldenDir holds the committed golden files. CELLVET_ORACLE_GOLDEN points
// the test at another directory of oracle output (run.sh FAMILY N OUT with
// other seeds or the optional families); the known-limits table of
// docs/layout.md is then not enforced, only the exact categories are.
const goldenDir = "../../testdata/oracle/golden"

func oracleDir() (dir string, custom bool) {
	if d := os.Getenv("CELLVET_ORACLE_GOLDEN"); d != "" {
		return d, true
	}
	return goldenDir, false
}

type oracleRecord struct {
	Family  string `json:"family"`
	ID      int    `json:"id"`
	Seed    int64  `json:"seed"`
	Rkyv    string `json:"rkyv_version"`
	Rustc   string `json:"rustc"`
	Profile struct {
		Rkyv         string `json:"rkyv"`
		PointerWidth int    `json:"pointer_width"`
		Endian       string `json:"endian"`
		Aligned      bool   `json:"aligned"`
		Strict       bool   `json:"strict"`
	} `json:"profile"`
	Source string       `json:"source"`
	Types  []oracleType `json:"types"`
	// Fixture records (golden/fixtures) name the crate instead of a source.
	Fixture string   `json:"fixture"`
	Cfg     []string `json:"cfg"`
}

type oracleType struct {
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`
	Shape    string          `json:"shape"`
	Size     uint64          `json:"size"`
	Align    uint64          `json:"align"`
	Fields   []oracleField   `json:"fields"`
	Variants []oracleVariant `json:"variants"`
}

type oracleVariant struct {
	Name   string        `json:"name"`
	Shape  string        `json:"shape"`
	Tag    *uint64       `json:"tag"`
	Fields []oracleField `json:"fields"`
}

type oracleField struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Offset uint64 `json:"offset"`
	Size   uint64 `json:"size"`
	Align  uint64 `json:"align"`
}

func (r *oracleRecord) profile() rustschema.Profile {
	return rustschema.Profile{
		Rkyv:         r.Profile.Rkyv,
		PointerWidth: r.Profile.PointerWidth,
		Endian:       r.Profile.Endian,
		Unaligned:    !r.Profile.Aligned,
		Strict:       r.Profile.Strict,
	}
}

// Agreement categories.
const (
	cat08        = "0.8"
	cat07C       = "0.7 strict/repr(C)"
	cat07Rust    = "0.7 repr(Rust) predicted"
	catUncounted = "no layout"
)

type limitKey struct {
	Family string
	ID     int
	Type   string
}

func (k limitKey) String() string { return fmt.Sprintf("%s #%d %s", k.Family, k.ID, k.Type) }

type tally struct{ agree, total int }

func (t tally) String() string {
	if t.total == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d (%.2f%%)", t.agree, t.total, 100*float64(t.agree)/float64(t.total))
}

func readGolden(t *testing.T, path string) []*oracleRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*oracleRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		r := new(oracleRecord)
		if err := json.Unmarshal(sc.Bytes(), r); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// compareType returns the differences between the engine's layout of a
// type and the oracle's measurements.
func compareType(got *Type, want *oracleType) []string {
	var d []string
	if got == nil {
		return []string{"no layout computed"}
	}
	if got.Kind != want.Kind {
		d = append(d, fmt.Sprintf("kind %s, measured %s", got.Kind, want.Kind))
		return d
	}
	if got.Size != want.Size || got.Align != want.Align {
		d = append(d, fmt.Sprintf("size/align %d/%d, measured %d/%d", got.Size, got.Align, want.Size, want.Align))
	}
	cmpFields := func(where string, gf []Field, wf []oracleField) {
		if len(gf) != len(wf) {
			d = append(d, fmt.Sprintf("%s%d fields, measured %d", where, len(gf), len(wf)))
			return
		}
		for i := range wf {
			g, w := gf[i], wf[i]
			if g.Name != w.Name {
				d = append(d, fmt.Sprintf("%sfield %d named %s, measured %s", where, i, g.Name, w.Name))
				continue
			}
			if g.Offset != w.Offset || g.Size != w.Size || g.Align != w.Align {
				d = append(d, fmt.Sprintf("%s%s: %s offset %d size %d align %d, measured offset %d size %d align %d",
					where, g.Name, w.Type, g.Offset, g.Size, g.Align, w.Offset, w.Size, w.Align))
			}
		}
	}
	if want.Kind == "struct" {
		cmpFields("", got.Fields, want.Fields)
		return d
	}
	if len(got.Variants) != len(want.Variants) {
		return append(d, fmt.Sprintf("%d variants, measured %d", len(got.Variants), len(want.Variants)))
	}
	for i := range want.Variants {
		g, w := got.Variants[i], want.Variants[i]
		if g.Name != w.Name {
			d = append(d, fmt.Sprintf("variant %d named %s, measured %s", i, g.Name, w.Name))
			continue
		}
		if w.Tag != nil && *w.Tag != g.Tag {
			d = append(d, fmt.Sprintf("%s: tag %d, measured %d", g.Name, g.Tag, *w.Tag))
		}
		cmpFields(g.Name+".", g.Fields, w.Fields)
	}
	return d
}

func TestOracle(t *testing.T) {
	dir, custom := oracleDir()
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if len(files) == 0 {
		t.Skipf("no golden files in %s", dir)
	}
	limits := readKnownLimits(t)

	perFamily := map[string]map[string]*tally{}
	total := map[string]*tally{}
	var unparsed []string
	disagree := map[limitKey][]string{} // predicted category only
	var hard []string                   // disagreements outside the predicted category
	var nFields, nTags int              // measured numbers compared besides type size/align

	for _, file := range files {
		for _, r := range readGolden(t, file) {
			fam := r.Family
			if perFamily[fam] == nil {
				perFamily[fam] = map[string]*tally{}
			}
			count := func(cat string, ok bool) {
				for _, m := range []map[string]*tally{perFamily[fam], total} {
					if m[cat] == nil {
						m[cat] = &tally{}
					}
					m[cat].total++
					if ok {
						m[cat].agree++
					}
				}
			}
			name := fmt.Sprintf("%s_%04d.rs", fam, r.ID)
			s, err := rustschema.Parse(name, []byte(r.Source))
			if err != nil {
				// The oracle compiled this source: rejecting it is a parser bug.
				unparsed = append(unparsed, fmt.Sprintf("%s #%d: %v", fam, r.ID, firstLine(err.Error())))
				continue
			}
			p := r.profile()
			ls, err := Compute(s, p)
			if err != nil {
				for _, ot := range r.Types {
					count(catUncounted, false)
					hard = append(hard, fmt.Sprintf("%s #%d %s: Compute(%s): %v", fam, r.ID, ot.Name, p.Canon(), err))
				}
				continue
			}
			for i := range r.Types {
				ot := &r.Types[i]
				nFields += len(ot.Fields)
				for _, v := range ot.Variants {
					nFields += len(v.Fields)
					if v.Tag != nil {
						nTags++
					}
				}
				got := lookup(ls, ot.Name)
				cat := cat08
				if p.Rkyv == "0.7" {
					cat = cat07C
					if got != nil && got.Predicted {
						cat = cat07Rust
					}
				}
				diffs := compareType(got, ot)
				count(cat, len(diffs) == 0)
				if len(diffs) == 0 {
					continue
				}
				if cat == cat07Rust {
					disagree[limitKey{fam, r.ID, ot.Name}] = diffs
				} else {
					hard = append(hard, fmt.Sprintf("%s #%d %s [%s]: %s", fam, r.ID, ot.Name, cat, strings.Join(diffs, "; ")))
				}
			}
		}
	}

	fams := make([]string, 0, len(perFamily))
	for f := range perFamily {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		for _, cat := range []string{cat08, cat07C, cat07Rust, catUncounted} {
			if tl := perFamily[f][cat]; tl != nil {
				t.Logf("%-14s %-26s %s types agree", f, cat, tl)
			}
		}
	}
	for _, cat := range []string{cat08, cat07C, cat07Rust, catUncounted} {
		if tl := total[cat]; tl != nil {
			t.Logf("%-14s %-26s %s types agree", "all", cat, tl)
		}
	}

	t.Logf("compared: every type's size and align, %d field offsets/sizes/aligns, %d measured tags", nFields, nTags)
	t.Logf("skipped: %d oracle schemas that rustschema.Parse rejects", len(unparsed))
	if len(unparsed) > 0 {
		t.Logf("SKIPPED %d oracle schemas that rustschema.Parse rejects (parser bugs: the oracle compiled them):", len(unparsed))
		for i, u := range unparsed {
			if i == 20 {
				t.Logf("  ... and %d more", len(unparsed)-20)
				break
			}
			t.Logf("  %s", u)
		}
	}

	for i, h := range hard {
		if i == 40 {
			t.Errorf("... and %d more exact-category disagreements", len(hard)-40)
			break
		}
		t.Errorf("%s", h)
	}

	if tl := total[cat07Rust]; tl != nil && tl.total > 0 {
		if float64(tl.agree) < 0.995*float64(tl.total) {
			t.Errorf("0.7 repr(Rust) agreement %s is below 99.5%%", tl)
		}
	}
	keys := make([]limitKey, 0, len(disagree))
	for k := range disagree {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	if custom {
		for _, k := range keys {
			t.Logf("predicted-layout disagreement: %s: %s", k, strings.Join(disagree[k], "; "))
		}
		return
	}
	for _, k := range keys {
		if _, ok := limits[k]; !ok {
			t.Errorf("new predicted-layout disagreement (not in docs/layout.md known limits): %s: %s", k, strings.Join(disagree[k], "; "))
		}
	}
	for k := range limits {
		if _, ok := disagree[k]; !ok {
			t.Errorf("docs/layout.md lists %s as a known limit, but it now agrees (or is gone): remove it from the table", k)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// readKnownLimits parses the table between the known-limits markers of
// docs/layout.md: | family | id | type | cause |.
func readKnownLimits(t *testing.T) map[limitKey]string {
	t.Helper()
	b, err := os.ReadFile("../../docs/layout.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	const begin, end = "<!-- known-limits:begin -->", "<!-- known-limits:end -->"
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("docs/layout.md: no %s ... %s table", begin, end)
	}
	out := map[limitKey]string{}
	for n, line := range strings.Split(text[i+len(begin):j], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		if len(cells) != 4 {
			t.Fatalf("docs/layout.md known limits, row %d: want 4 cells, got %q", n, line)
		}
		if cells[0] == "family" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		var id int
		if _, err := fmt.Sscanf(cells[1], "%d", &id); err != nil {
			t.Fatalf("docs/layout.md known limits, row %q: bad id", line)
		}
		k := limitKey{cells[0], id, cells[2]}
		if _, dup := out[k]; dup {
			t.Fatalf("docs/layout.md known limits: %s listed twice", k)
		}
		out[k] = cells[3]
	}
	return out
}

// TestLazy: layouts computed on demand (Lazy, as the vet pass uses them)
// are those Compute gives, whatever type is asked for first: every type
// of the oracle's schemas, in reverse order, on one Lazy per schema.
func TestLazy(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "oracle", "golden", "*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	n := 0
	for _, file := range files {
		for _, r := range readGolden(t, file) {
			s, err := rustschema.Parse("s.rs", []byte(r.Source))
			if err != nil {
				continue // TestOracle reports it
			}
			all, err := Compute(s, r.profile())
			if err != nil {
				continue
			}
			lazy, err := Lazy(s, r.profile())
			if err != nil {
				t.Fatal(err)
			}
			for i := len(s.Types) - 1; i >= 0; i-- {
				d := s.Types[i]
				size, align, err := lazy.Of(&rustschema.Type{Kind: rustschema.Local, Name: d.Name, Def: d})
				if want := all.Types[i]; err != nil || size != want.Size || align != want.Align {
					t.Fatalf("%s #%d %s: Lazy gives %d/%d (%v), Compute %d/%d", r.Family, r.ID, d.Name, size, align, err, want.Size, want.Align)
				}
				n++
			}
		}
	}
	t.Logf("%d types", n)
}
