package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/lockfile"
)

// TestAddBinary pins a cell from a binary whose archived layout differs
// from the computed one: add must report the difference, pin the measured
// layout, and lock verify must accept it.
func TestAddBinary(t *testing.T) {
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		t.Skip("rustc is not on PATH: skipping the --binary test (CI has rustc)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cell")
	out, err := exec.Command(rustc, "-g", "--edition=2021", "-o", bin, filepath.Join("testdata", "binary", "cell.rs")).CombinedOutput()
	if err != nil {
		t.Fatalf("rustc: %v\n%s", err, out)
	}
	lock := filepath.Join(dir, "cell.lock")
	schema, _ := filepath.Abs(filepath.Join("testdata", "binary", "quote.rs"))
	code, stdout, stderr := runCmd(t, "add", "q", "--schema", schema, "--binary", bin, "--module", "schema", "--lock", lock)
	if code != exitOK {
		t.Fatalf("add --binary: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"differences between computed and measured", "Quote.bid", "Quote.ask", "added q"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	l, err := lockfile.Load(lock)
	if err != nil {
		t.Fatal(err)
	}
	q := l.Cell("q").Type("Quote")
	if q.Origin != lockfile.Measured || q.Field("bid").Offset != 8 || q.Field("ask").Offset != 0 || q.Size != 16 {
		t.Errorf("pinned Quote: origin %s, bid@%d, ask@%d, size %d; want measured, 8, 0, 16",
			q.Origin, q.Field("bid").Offset, q.Field("ask").Offset, q.Size)
	}
	if q.Field("bid").Type != "u64" {
		t.Errorf("field type %q, want the schema's spelling u64", q.Field("bid").Type)
	}
	if code, _, stderr := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, stderr)
	}
	// update re-measures from the recorded binary and module.
	before, _ := os.ReadFile(lock)
	if code, stdout, stderr := runCmd(t, "update", "--lock", lock); code != exitOK || !strings.Contains(stdout, "unchanged") {
		t.Errorf("update: exit %d: %s%s", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(lock); string(after) != string(before) {
		t.Error("update of an unchanged binary changed the lock")
	}
	// Without a schema and without a lock entry there is nothing to name
	// the types: a usage error, and no lock written.
	other := filepath.Join(dir, "other.lock")
	if code, _, stderr := runCmd(t, "add", "q", "--binary", bin, "--lock", other); code != exitUsage || !strings.Contains(stderr, "no schema for q") {
		t.Errorf("add --binary without schema: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("a failed add left %s", other)
	}
	// A binary built from another schema is refused, whatever the numbers.
	extra, _ := filepath.Abs(filepath.Join("testdata", "binary", "quote_extra.rs"))
	if code, _, stderr := runCmd(t, "add", "q", "--schema", extra, "--binary", bin, "--module", "schema", "--lock", lock); code != exitError || !strings.Contains(stderr, "Quote.extra: field missing from the binary") {
		t.Errorf("mismatched schema: exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(lock); string(after) != string(before) {
		t.Error("a failed add changed the lock")
	}
	// A stripped binary is refused clearly.
	stripped := filepath.Join(dir, "stripped")
	if out, err := exec.Command(rustc, "-C", "strip=debuginfo", "-o", stripped, filepath.Join("testdata", "binary", "cell.rs")).CombinedOutput(); err != nil {
		t.Fatalf("rustc: %v\n%s", err, out)
	}
	before, _ = os.ReadFile(lock)
	if code, _, stderr := runCmd(t, "add", "q", "--schema", schema, "--binary", stripped, "--lock", lock); code != exitError || !strings.Contains(stderr, "no DWARF debug info") {
		t.Errorf("stripped binary: exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(lock); string(after) != string(before) {
		t.Error("a failed add changed the lock")
	}
}

// TestAddBinaryUnusedType: a schema type the binary's code never uses has
// no debug info; add --binary reports it, keeps its computed layout and
// pins the others measured. When the measured layouts equal the computed
// ones, the report says so and does not also call the layouts changed. A
// binary holding none of the schema's types is refused, the lock left as
// it was.
func TestAddBinaryUnusedType(t *testing.T) {
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		t.Skip("rustc is not on PATH: skipping the --binary test (CI has rustc)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cell")
	if out, err := exec.Command(rustc, "-g", "--edition=2021", "-o", bin, filepath.Join("testdata", "binary", "cell.rs")).CombinedOutput(); err != nil {
		t.Fatalf("rustc: %v\n%s", err, out)
	}
	lock := filepath.Join(dir, "cell.lock")
	schema, _ := filepath.Abs(filepath.Join("testdata", "binary", "quote_unused.rs"))
	if code, _, stderr := runCmd(t, "add", "q", "--schema", schema, "--lock", lock); code != exitOK {
		t.Fatalf("add --schema: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCmd(t, "add", "q", "--schema", schema, "--binary", bin, "--module", "schema", "--lock", lock)
	if code != exitOK {
		t.Fatalf("add --binary: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"q: not in the binary's debug info (its code never uses them), so not measured: Unused\n",
		"q: measured layouts equal the computed ones\n",
		"q: same schema and layouts (fingerprint ",
		"  type Quote: layout computed → measured\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "layouts changed") || strings.Contains(stdout, "Unused: layout") {
		t.Errorf("output calls equal layouts changed, or Unused measured:\n%s", stdout)
	}
	c := loadCell(t, lock, "q")
	if q, u := c.Type("Quote"), c.Type("Unused"); q.Origin != lockfile.Measured || u.Origin != lockfile.Computed {
		t.Errorf("origins: Quote %s, Unused %s; want measured, computed", q.Origin, u.Origin)
	}
	if code, _, stderr := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, stderr)
	}
	before := readFile(t, lock)
	tick := writeFile(t, dir, "tick.rs", tickV1)
	code, _, stderr = runCmd(t, "add", "q", "--schema", tick, "--binary", bin, "--lock", lock)
	if code != exitError || !strings.Contains(stderr, "no ArchivedTick in the debug info") {
		t.Errorf("a binary without any schema type: exit %d: %s", code, stderr)
	}
	if !bytes.Equal(readFile(t, lock), before) {
		t.Error("a failed add changed the lock")
	}
}
