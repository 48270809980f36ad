// Package interop_test proves the Go runtime against real rkyv: the Rust
// crates of testdata/interop (rkyv 0.8.18 and 0.7.45), built with cargo,
// serve and call Go, and their archived bytes meet the Go validator.
// Without cargo the tests that need Rust skip, so `go test ./...` needs no
// Rust; CI has cargo, so they run there.
package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/testnet"
)

// A crate is one of the Rust crates, with what the tests need of it.
type crate struct {
	dir     string   // testdata/interop/rkyv08
	cell    string   // the cell name its binaries serve and call: interop08
	profile []string // the cellvet profile flags of its rkyv features
	bin     string   // the directory of its binaries
	canon   string   // the canonical text of schema.rs (cellvet fp --canon)
	drift   string   // the canonical text the drifted cell serves
	driftFP string   // its fingerprint (cellvet fp), 16 hex digits
}

var (
	rkyv08 = &crate{dir: "rkyv08", cell: "interop08"}
	rkyv07 = &crate{dir: "rkyv07", cell: "interop07", profile: []string{"--rkyv=0.7"}}
)

// repoRoot is the module root, two levels above this package.
var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

var interopDir = filepath.Join(repoRoot, "testdata", "interop")

var cellvetOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "interop-cellvet")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "cellvet")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/cellvet/cellvet/cmd/cellvet").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build cellvet: %v\n%s", err, out)
	}
	return bin, nil
})

// runCellvet runs this repository's cellvet in dir and returns its
// standard output.
func runCellvet(dir string, args ...string) ([]byte, error) {
	bin, err := cellvetOnce()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("cellvet %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// cellvet is runCellvet failing the test on an error.
func cellvet(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	out, err := runCellvet(dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	buildOnce sync.Once
	buildErr  error
	buildSkip string
)

// rust builds both crates once per test binary (cargo reuses
// testdata/interop/target between runs) and returns them with their
// canonical texts; it skips the test when cargo is absent.
func rust(t *testing.T) (*crate, *crate) {
	t.Helper()
	buildOnce.Do(func() {
		if _, err := exec.LookPath("cargo"); err != nil {
			buildSkip = "cargo not found: the Rust interop tests need Rust (rustup/cargo); CI has it"
			return
		}
		for _, c := range []*crate{rkyv08, rkyv07} {
			if buildErr = c.build(); buildErr == nil {
				buildErr = c.fingerprint()
			}
			if buildErr != nil {
				return
			}
		}
	})
	if buildSkip != "" {
		t.Skip(buildSkip)
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return rkyv08, rkyv07
}

// fingerprint sets the canonical texts of c's schema and of the drifted
// schema, and the drifted fingerprint, as cellvet computes them.
func (c *crate) fingerprint() error {
	fp := func(schema string, flags ...string) (string, error) {
		out, err := runCellvet(repoRoot, append(append(append([]string{"fp"}, flags...), c.profile...), schema)...)
		return string(out), err
	}
	var err error
	if c.canon, err = fp(filepath.Join(interopDir, c.dir, "schema.rs"), "--canon"); err != nil {
		return err
	}
	// The drifted cell prints the schema it was built from.
	text, err := exec.Command(filepath.Join(c.bin, "cell-drift"), "--print-schema").Output()
	if err != nil {
		return fmt.Errorf("%s cell-drift --print-schema: %v", c.dir, err)
	}
	dir, err := os.MkdirTemp("", "interop-drift")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	drift := filepath.Join(dir, "schema.rs")
	if err := os.WriteFile(drift, text, 0o644); err != nil {
		return err
	}
	if c.drift, err = fp(drift, "--canon"); err != nil {
		return err
	}
	c.driftFP, err = fp(drift)
	c.driftFP = strings.TrimSpace(c.driftFP)
	return err
}

// build runs cargo twice: the drifted cell first (kept as cell-drift), then
// every binary of the real schema, so that the binaries named in cell.lock
// are the real ones. Each crate has its own target directory (both have a
// binary named cell); a second run only relinks.
func (c *crate) build() error {
	target := filepath.Join(interopDir, "target", c.dir)
	c.bin = filepath.Join(target, "debug")
	manifest := filepath.Join(interopDir, c.dir, "Cargo.toml")
	cargo := func(args ...string) error {
		start := time.Now()
		cmd := exec.Command("cargo", append([]string{"build", "--locked", "--quiet", "--manifest-path", manifest}, args...)...)
		cmd.Env = append(os.Environ(), "CARGO_TARGET_DIR="+target)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("cargo build %s %s: %v\n%s", c.dir, strings.Join(args, " "), err, out)
		}
		if testing.Verbose() {
			fmt.Printf("interop: cargo build %s %s: %v\n", c.dir, strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	if err := cargo("--features", "drift", "--bin", "cell"); err != nil {
		return err
	}
	drift, err := os.ReadFile(filepath.Join(c.bin, "cell"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.bin, "cell-drift"), drift, 0o755); err != nil {
		return err
	}
	if err := cargo(); err != nil {
		return err
	}
	return readSources(filepath.Join(interopDir, c.dir), filepath.Join(interopDir, "common"))
}

// readSources reads every source file of the crates, so that the go
// command's test cache knows the results depend on them.
func readSources(dirs ...string) error {
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case e.IsDir() && e.Name() == "target": // a plain `cargo build`'s output
				return filepath.SkipDir
			case e.IsDir():
				return nil
			}
			_, err = os.ReadFile(path)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// socketDir is a short temporary directory: Unix socket paths are limited
// to 107 bytes, and t.TempDir's names can be longer.
func socketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "iop")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// writeCanon writes a canonical text where a Rust binary can read it.
func writeCanon(t *testing.T, dir, canon string) string {
	t.Helper()
	path := filepath.Join(dir, "schema.cfp")
	if err := os.WriteFile(path, []byte(canon), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lockedBuffer collects a process's standard error.
type lockedBuffer struct{ testnet.LockedBuffer }

// count is how many lines of the log start with prefix.
func (l *lockedBuffer) count(prefix string) int {
	n := 0
	for _, line := range strings.Split(l.String(), "\n") {
		if strings.HasPrefix(line, prefix) {
			n++
		}
	}
	return n
}

// waitCount waits up to 10 s until n lines of the log start with prefix
// (the log is copied from the process's pipe asynchronously) and reports
// whether they did; it never waits when there are more.
func (l *lockedBuffer) waitCount(prefix string, n int) bool {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if got := l.count(prefix); got == n || got > n || time.Now().After(deadline) {
			return got == n
		}
	}
}

// startCell runs a Rust cell (binary "cell" or "cell-drift") answering
// kind ("ping" or "order") messages with the canonical text canon, and
// returns its socket and its log (one line per schema request and per
// message). The cell is killed when the test ends.
func startCell(t *testing.T, c *crate, binary, kind, canon string) (string, *lockedBuffer) {
	t.Helper()
	dir := socketDir(t)
	sock := filepath.Join(dir, "cell.sock")
	cmd := exec.Command(filepath.Join(c.bin, binary), c.cell, sock, writeCanon(t, dir, canon), kind)
	log := &lockedBuffer{}
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && line != "ready\n" {
			err = fmt.Errorf("first line %q, want \"ready\"", line)
		}
		ready <- err
		io.Copy(io.Discard, stdout)
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("%s %s: %v (stderr: %s)", c.dir, binary, err, log)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s %s: not ready after 10s (stderr: %s)", c.dir, binary, log)
	}
	return sock, log
}

// runClient runs the Rust client against the cell at sock, checking that
// the cell serves canon, for kind messages; it fails the test unless the
// client reports every call correct.
func runClient(t *testing.T, c *crate, sock, kind, canon string, calls int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, "client"), c.cell, sock, writeCanon(t, socketDir(t), canon), kind)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s client %s: %v\n%s", c.dir, kind, err, stderr.Bytes())
	}
	if want := fmt.Sprintf("ok: %d calls\n", calls); string(out) != want {
		t.Fatalf("%s client %s printed %q, want %q", c.dir, kind, out, want)
	}
}
