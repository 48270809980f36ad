package lockfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSalvage: of every corrupted lock of testdata/bad, Salvage keeps
// only what loads, says what it dropped with the error's position, and
// what it keeps writes a lock that loads. Of the lock with a cell pinned
// twice it keeps the first entry.
func TestSalvage(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.lock")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		l, dropped := Salvage("cell.lock", data)
		if len(dropped) == 0 {
			t.Errorf("%s: nothing dropped", file)
		}
		for _, d := range dropped {
			if !strings.Contains(d, "cell.lock:") || strings.Contains(d, "--repair") {
				t.Errorf("%s: dropped line without a position, or with the advice to repair: %s", file, d)
			}
		}
		if _, err := Parse("cell.lock", l.Marshal()); err != nil {
			t.Errorf("%s: the salvaged lock does not load: %v", file, err)
		}
		wantKept := 0
		if strings.HasSuffix(file, "duplicate-cell.lock") {
			wantKept = 1
		}
		if len(l.Cells) != wantKept {
			t.Errorf("%s: kept %d cells, want %d (dropped %q)", file, len(l.Cells), wantKept, dropped)
		}
	}
}

// TestSalvageKeepsGoodCells: a lock with one good and one corrupt cell
// keeps the good one unchanged.
func TestSalvageKeepsGoodCells(t *testing.T) {
	good := exampleLockValue(t)
	data := good.Marshal()
	// Corrupt the digest of the first cell only.
	first := good.Cells[0]
	i := strings.Index(string(data), first.Digest)
	bad := []byte(string(data[:i]) + strings.Repeat("0", 64) + string(data[i+64:]))
	l, dropped := Salvage("cell.lock", bad)
	if len(dropped) != 1 || !strings.Contains(dropped[0], "cell "+first.Name) {
		t.Fatalf("dropped %q, want the first cell only", dropped)
	}
	if len(l.Cells) != len(good.Cells)-1 || l.Cell(good.Cells[1].Name) == nil {
		t.Fatalf("kept %d cells", len(l.Cells))
	}
	if l, dropped := Salvage("cell.lock", data); len(dropped) != 0 || len(l.Cells) != len(good.Cells) {
		t.Errorf("a lock that loads: dropped %q", dropped)
	}
}
