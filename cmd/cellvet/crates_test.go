package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCrateShapes re-runs, on fixtures of the same shapes, the table of
// what real crates do (issue 12): each crate reads, from its directory,
// with the types it declares; the function-local one gets the message that
// says where they are and what to do. The crates are the layout oracle's
// fixtures (testdata/oracle/fixtures), so their layouts are measured too.
func TestCrateShapes(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		flags []string
		types []string // the schema's types, sorted
	}{
		{"crossfile", nil, []string{"Header", "Limits", "Stamp", "Status", "control::Packet", "net::client::Packet", "wire::Packet"}},
		{"renamed", nil, []string{"Block", "Tx"}},
		{"cfgitems", nil, []string{"Sample"}},
		{"optional", []string{"--cfg", `feature="rkyv"`}, []string{"Path", "Point"}},
		{"lifetimes", nil, []string{"Empty", "Frame", "Kind", "Peer", "Trailing"}},
		{"stdtypes", nil, []string{"Peer"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			dir := filepath.Join("..", "..", "testdata", "oracle", "fixtures", "v08", tc.dir)
			for _, path := range []string{dir, filepath.Join(dir, "Cargo.toml")} {
				args := append([]string{"layout", "--json", path}, tc.flags...)
				code, out, errOut := runCmd(t, args...)
				if code != exitOK {
					t.Fatalf("%v: exit %d: %s", args, code, errOut)
				}
				var got struct {
					Types []struct{ Name string }
				}
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatalf("%v: %v", args, err)
				}
				var names []string
				for _, ty := range got.Types {
					names = append(names, ty.Name)
				}
				slices.Sort(names)
				if !slices.Equal(names, tc.types) {
					t.Errorf("%v: types %v, want %v", args, names, tc.types)
				}
			}
		})
	}
	code, _, errOut := runCmd(t, "fp", filepath.Join("testdata", "crates", "fnlocal"))
	want := filepath.Join("testdata", "crates", "fnlocal", "src", "main.rs") + ":4:5: Archive type Test is declared inside fn main, where it is not part of the schema"
	if code != exitError || !strings.HasPrefix(errOut, want) {
		t.Errorf("fnlocal: exit %d, stderr %q; want exit 1 and %q...", code, errOut, want)
	}
}
