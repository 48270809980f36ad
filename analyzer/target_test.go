package analyzer

import "testing"

// TestParseTarget reads directive targets, where a type may be named by
// its module path (a crate's colliding names) and the last segment may be
// a variant.
func TestParseTarget(t *testing.T) {
	for _, tc := range []struct{ arg, typ, variant, err string }{
		{"fleet.Report", "Report", "", ""},
		{"fleet.Status::Idle", "Status", "Idle", ""},
		{"fleet.vehicle::Status", "vehicle", "Status", ""}, // settled against the lock
		{"fleet.vehicle::Status::Idle", "vehicle::Status", "Idle", ""},
		{"fleet.vehicle::", "", "", "want CELL.Type or CELL.Enum::Variant"},
		{"fleet", "", "", "want CELL.Type or CELL.Enum::Variant"},
	} {
		b, err := parseTarget(tc.arg)
		if err != tc.err || err == "" && (b.typ != tc.typ || b.variant != tc.variant) {
			t.Errorf("%s: %+v %q, want typ %q variant %q err %q", tc.arg, b, err, tc.typ, tc.variant, tc.err)
		}
	}
}
