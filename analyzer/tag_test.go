package analyzer

import (
	"testing"

	"github.com/cellvet/cellvet/internal/celltag"
)

// TestFieldTags: the cell tag forms a field of a bound struct takes: a
// Rust name, the variant tag, decl=N, together and beside other keys.
func TestFieldTags(t *testing.T) {
	for _, tc := range []struct {
		tag, goName string
		rust        string
		isTag       bool
		decl        uint64
		hasDecl     bool
		badDecl     string // the N of a decl=N that does not parse
	}{
		{``, "BidSizes", "bid_sizes", false, 0, false, ""},
		{`cell:"depth"`, "Depth", "depth", false, 0, false, ""},
		{`cell:",tag"`, "Tag", "", true, 0, false, ""},
		{`cell:",decl=2"`, "Legs", "legs", false, 2, true, ""},
		{`cell:"legs,decl=2"`, "L", "legs", false, 2, true, ""},
		{`json:"n" cell:"note,decl=0" x:"y"`, "N", "note", false, 0, true, ""},
		{`cell:"1,decl=1"`, "Leg", "1", false, 1, true, ""},
		{`cell:",tag,decl=0"`, "Tag", "", true, 0, true, ""},
		{`cell:",decl=one"`, "V", "v", false, 0, false, "one"},
		{`cell:",decl=-1"`, "V", "v", false, 0, false, "-1"},
	} {
		rust, isTag := fieldTag(tc.tag, tc.goName)
		ct, err := cellTag(tc.tag)
		decl, has, bad := uint64(max(ct.Decl, 0)), ct.Decl >= 0, ""
		if e, ok := err.(*celltag.Error); ok && e.Problem == celltag.BadNumber && e.Key == "decl" {
			bad = e.Num
		} else if err != nil {
			t.Errorf("%s: %v", tc.tag, err)
		}
		if rust != tc.rust || isTag != tc.isTag || decl != tc.decl || has != tc.hasDecl || bad != tc.badDecl {
			t.Errorf("%s on %s: rust %q, tag %v, decl %d %v, bad %q; want %q, %v, %d %v, %q",
				tc.tag, tc.goName, rust, isTag, decl, has, bad, tc.rust, tc.isTag, tc.decl, tc.hasDecl, tc.badDecl)
		}
	}
}

// TestVariantTags: a field of a cell.Enum's variants struct takes a
// variant name and tag=N, nothing else (decl belongs to struct fields).
func TestVariantTags(t *testing.T) {
	for _, tc := range []struct {
		tag, name string
		n         uint64
		has       bool
		err       string
	}{
		{`cell:"Open,tag=3"`, "Open", 3, true, ""},
		{`json:"c" cell:"Closed"`, "Closed", 0, false, ""},
		{`cell:",tag=x"`, "", 0, false, "tag=x is not a decimal tag value"},
		{`cell:",decl=0"`, "", 0, false, "unknown option \"decl=0\" in a field of cell.Enum's variants struct: it takes `cell:\"VARIANT,tag=N\"`"},
	} {
		name, n, has, err := variantTag(tc.tag)
		if name != tc.name || n != tc.n || has != tc.has || err != tc.err {
			t.Errorf("%s: %q %d %v %q; want %q %d %v %q", tc.tag, name, n, has, err, tc.name, tc.n, tc.has, tc.err)
		}
	}
}
