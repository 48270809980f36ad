package layout

import (
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// measuredStd is a schema of one-field structs and the archived size and
// alignment of each, measured with the real rkyv in each profile
// (measured_std_data_test.go).
type measuredStd struct {
	src      string
	profiles []rustschema.Profile
	want     []measuredStdRow
}

type measuredStdRow struct {
	name, what string
	got        []sizeAlign // per profile
}

type sizeAlign struct{ size, align uint64 }

func (m measuredStd) check(t *testing.T) {
	s, err := rustschema.Parse("m.rs", []byte(m.src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for i, p := range m.profiles {
		l := compute(t, s, p)
		for _, w := range m.want {
			ty := lookup(l, w.name)
			if ty == nil {
				t.Fatalf("%s: no layout for %s", p.Canon(), w.name)
			}
			if want := w.got[i]; ty.Size != want.size || ty.Align != want.align {
				t.Errorf("%s: %s (%s): size %d align %d, measured %d %d", p.Canon(), w.name, w.what, ty.Size, ty.Align, want.size, want.align)
			}
		}
	}
}

func TestMeasuredStdV08(t *testing.T) { measuredStd08.check(t) }
func TestMeasuredStdV07(t *testing.T) { measuredStd07.check(t) }
