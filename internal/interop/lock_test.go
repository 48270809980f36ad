package interop_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cellvet/cellvet/lockfile"
)

// TestLockCurrent: the module's cell.lock, which the vet pass checks this
// package's bound types against, is what `cellvet add` writes today for the
// interop schemas: interop08 from its schema (rkyv 0.8 archives repr(C),
// layouts computed), interop07 measured from the DWARF of the built rkyv
// 0.7 cell (rustc lays out its repr(Rust) archived structs). Regenerate it
// with the commands in testdata/interop/README.md.
func TestLockCurrent(t *testing.T) {
	r08, r07 := rust(t)
	// A scratch module root holding only a link to testdata, so that the
	// lock records the same relative source paths as the committed one.
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(repoRoot, "testdata"), filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, "cell.lock")
	schema := func(c *crate) string { return filepath.Join("testdata", "interop", c.dir, "schema.rs") }
	cellvet(t, dir, append([]string{"add", r08.cell, "--schema", schema(r08), "--lock", lock}, r08.profile...)...)
	cellvet(t, dir, append([]string{"add", r07.cell, "--schema", schema(r07), "--lock", lock,
		"--binary", filepath.Join("testdata", "interop", "target", r07.dir, "debug", "cell")}, r07.profile...)...)
	fresh, err := lockfile.Parse(lock, readFile(t, lock))
	if err != nil {
		t.Fatal(err)
	}
	// The module's lock pins other cells too (the example's market): they
	// stay as they are, and the whole file must be what cellvet writes.
	path := filepath.Join(repoRoot, "cell.lock")
	old := readFile(t, path)
	want, err := lockfile.Parse(path, old)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range fresh.Cells {
		want.Set(c)
	}
	if got := want.Marshal(); string(got) != string(old) {
		t.Errorf("cell.lock is stale: regenerate it as testdata/interop/README.md says; with cellvet add's entries for the interop cells it reads:\n%s", got)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
