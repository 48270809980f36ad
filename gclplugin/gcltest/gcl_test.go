package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The fixture: a Rust schema pinned into cell.lock and a Go type bound to
// it. Point.Y is a uint32 where the Rust field is a u64 (the finding), and
// the lock edit makes the fixed uint64 stale again.
const (
	schemaV1 = "use rkyv::Archive;\n\n#[derive(Archive)]\npub struct Point {\n    pub x: u32,\n    pub y: u64,\n}\n"
	schemaV2 = "use rkyv::Archive;\n\n#[derive(Archive)]\npub struct Point {\n    pub x: u32,\n    pub y: u32,\n}\n"
	goSource = `package fx

//cell:type shapes.Point
type Point struct {
	X uint32
	_ [4]byte
	Y uint32
}
`
	golangciYML = `version: "2"
linters:
  default: none
  enable:
    - cellvet
  settings:
    custom:
      cellvet:
        type: module
        description: checks Go types bound to Rust types against cell.lock
`
)

var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	abs, _ := filepath.Abs(filepath.Join(filepath.Dir(file), "..", ".."))
	return abs
}()

// TestGolangciLint builds golangci-lint with the plugin and runs it on the
// fixture, with its cache on: text and JSON output carry the finding,
// --fix applies the fix, and after a cell.lock edit the next run reports
// the new finding instead of serving the old result from the cache.
func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint (-short)")
	}
	bin := t.TempDir()
	gcl, cellvet := filepath.Join(bin, "custom-gcl"), filepath.Join(bin, "cellvet")
	run(t, ".", nil, "go", "build", "-o", gcl, ".")
	run(t, ".", nil, "go", "build", "-o", cellvet, "github.com/cellvet/cellvet/cmd/cellvet")

	mod := t.TempDir()
	write(t, mod, "go.mod", "module example.com/fx\n\ngo 1.26\n\nrequire github.com/cellvet/cellvet v0.0.0\n\nreplace github.com/cellvet/cellvet => "+repoRoot+"\n")
	write(t, mod, "go.sum", string(read(t, filepath.Join(repoRoot, "go.sum"))))
	write(t, mod, "shapes.rs", schemaV1)
	write(t, mod, "point.go", goSource)
	write(t, mod, ".golangci.yml", golangciYML)
	run(t, mod, nil, cellvet, "add", "shapes", "--schema", "shapes.rs")
	env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir(), "GOFLAGS=-mod=mod"}
	lint := func(args ...string) (string, bool) {
		cmd := exec.Command(gcl, append([]string{"run"}, args...)...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
			t.Fatalf("custom-gcl: %v", err)
		}
		return string(out), err == nil
	}

	want := "Point.Y: uint32 does not match shapes.Point.y u64: want uint64 (cellvet)"
	out, clean := lint("./...")
	if clean || !strings.Contains(out, want) {
		t.Fatalf("text output:\n%s\nwant a failing run with %q", out, want)
	}
	t.Logf("text output:\n%s", out)

	out, _ = lint("--output.json.path=stdout", "--output.text.path=", "./...")
	var report struct {
		Issues []struct{ FromLinter, Text string }
	}
	if err := json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &report); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, out)
	}
	if len(report.Issues) != 1 || report.Issues[0].FromLinter != "cellvet" || !strings.HasPrefix(want, report.Issues[0].Text) {
		t.Errorf("JSON issues %+v, want the one cellvet finding", report.Issues)
	}

	lint("--fix", "./...")
	if src := string(read(t, filepath.Join(mod, "point.go"))); !strings.Contains(src, "\tY uint64\n") {
		t.Fatalf("--fix left:\n%s", src)
	}
	if out, clean := lint("./..."); !clean {
		t.Fatalf("after --fix:\n%s", out)
	}

	// Re-pin from a changed schema: the cached clean result must not be
	// served for the new lock.
	write(t, mod, "shapes.rs", schemaV2)
	run(t, mod, nil, cellvet, "add", "shapes", "--schema", "shapes.rs")
	want = "Point.Y: uint64 does not match shapes.Point.y u32: want uint32 (cellvet)"
	if out, clean := lint("./..."); clean || !strings.Contains(out, want) {
		t.Errorf("after the lock edit:\n%s\nwant %q", out, want)
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
