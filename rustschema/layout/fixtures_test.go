package layout

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// The oracle also measures hand-written crates (testdata/oracle/fixtures:
// modules across files, renamed derives, cfg, lifetimes, with-wrappers and
// the std types rkyv archives) in every family; each record of
// testdata/oracle/golden/fixtures/<family>.jsonl holds one crate's archived
// types, named by module path. TestOracleFixtures reads each crate as
// cellvet does and requires every type, field offset and tag to agree.
func TestOracleFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "fixtures", "*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no fixture golden files")
	}
	var nTypes int
	for _, file := range files {
		for _, r := range readGolden(t, file) {
			where := r.Family + " " + r.Fixture
			cfg, err := rustschema.ParseCfg(r.Cfg)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			s, err := rustschema.ParseCrate(filepath.Join(goldenDir, "..", "fixtures", r.Fixture), rustschema.Options{Cfg: cfg})
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			ls, err := Compute(s, r.profile())
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			var read, measured []string
			for i, d := range s.Types {
				name := modulePath(d)
				read = append(read, name)
				ot := measuredType(r, name)
				if ot == nil {
					continue
				}
				if diffs := compareType(ls.Types[i], ot); len(diffs) > 0 {
					t.Errorf("%s %s: %s", where, name, strings.Join(diffs, "; "))
				}
				nTypes++
			}
			for _, ot := range r.Types {
				measured = append(measured, ot.Name)
			}
			slices.Sort(read)
			slices.Sort(measured)
			if !slices.Equal(read, measured) {
				t.Errorf("%s: cellvet reads types %v, the oracle measured %v", where, read, measured)
			}
		}
	}
	t.Logf("%d fixture types agree in %d families", nTypes, len(files))
}

// modulePath names a type as the oracle does: its module path and plain
// name, whether or not the name collides.
func modulePath(d *rustschema.TypeDef) string {
	plain := d.Name[strings.LastIndex(d.Name, ":")+1:]
	if d.Module == "" {
		return plain
	}
	return d.Module + "::" + plain
}

func measuredType(r *oracleRecord, name string) *oracleType {
	for i := range r.Types {
		if r.Types[i].Name == name {
			return &r.Types[i]
		}
	}
	return nil
}
