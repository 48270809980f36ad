package main

// End-to-end tests of the command line in broken states (issue 11): a
// corrupt lock and its way out, socket sources under another
// CELL_SOCKET_DIR, a changed source, misspelt commands.

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// TestCorruptLockRecovery: with one cell's entry corrupted, every command
// fails and leaves the lock as it was; add prints the command that gets
// out, and running that command (from the lock's directory, as the
// advice's relative paths assume) drops the corrupt entry only, says so,
// and pins the cell again. A lock that is not TOML at all is rebuilt the
// same way.
func TestCorruptLockRecovery(t *testing.T) {
	src := readFile(t, example)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "market.rs", string(src))
	writeFile(t, dir, "tick.rs", tickV1)
	for _, name := range []string{"market", "tick"} {
		if code, _, errOut := runCmd(t, "add", name, "--schema", name+".rs"); code != exitOK {
			t.Fatalf("add %s: exit %d: %s", name, code, errOut)
		}
	}
	good := readFile(t, "cell.lock")
	tick := loadCell(t, "cell.lock", "tick")
	market := loadCell(t, "cell.lock", "market")
	corrupt := bytes.Replace(good, []byte(market.Digest), []byte(strings.Repeat("0", 64)), 1)
	writeFile(t, dir, "cell.lock", string(corrupt))

	for _, args := range [][]string{{"update"}, {"lock", "verify"}, {"add", "tick", "--schema", "tick.rs"}} {
		code, _, errOut := runCmd(t, args...)
		if code != exitError || !strings.Contains(errOut, "cell.lock:") {
			t.Errorf("%v on a corrupt lock: exit %d: %s", args, code, errOut)
		}
		if !bytes.Equal(readFile(t, "cell.lock"), corrupt) {
			t.Fatalf("%v changed a lock that does not load", args)
		}
	}
	_, _, errOut := runCmd(t, "add", "market", "--schema", "market.rs")
	out := runAdvice(t, errOut, "cellvet add market --schema market.rs --repair")
	if !strings.Contains(out, "dropped cell market: cell.lock:") || !strings.Contains(out, "added market") {
		t.Errorf("repair printed:\n%s", out)
	}
	assertSameCell(t, loadCell(t, "cell.lock", "tick"), tick)
	if !bytes.Equal(readFile(t, "cell.lock"), good) {
		t.Error("the repaired lock is not the lock before the corruption")
	}

	// The advice in the lock's own error is a command that works too.
	writeFile(t, dir, "cell.lock", string(corrupt))
	_, _, errOut = runCmd(t, "lock", "verify")
	runAdvice(t, errOut, "cellvet add market --schema market.rs --repair")
	if !bytes.Equal(readFile(t, "cell.lock"), good) {
		t.Error("the lock error's advice did not restore the lock")
	}

	// Not a lock at all: everything goes, and the output says so.
	writeFile(t, dir, "cell.lock", "version = 1\n[[cell]\n")
	_, _, errOut = runCmd(t, "add", "tick", "--schema", "tick.rs")
	out = runAdvice(t, errOut, "cellvet add tick --schema tick.rs --repair")
	if !strings.Contains(out, "dropped every cell: the lock does not load: cell.lock:2:") {
		t.Errorf("repair of a non-TOML lock printed:\n%s", out)
	}
	l, err := lockfile.Load("cell.lock")
	if err != nil || len(l.Cells) != 1 || l.Cell("tick") == nil {
		t.Fatalf("rebuilt lock: %v, %v", err, l)
	}
	// A repair that fails (a schema that does not parse) writes nothing.
	writeFile(t, dir, "cell.lock", string(corrupt))
	writeFile(t, dir, "bad.rs", "pub struct {")
	if code, _, _ := runCmd(t, "add", "market", "--schema", "bad.rs", "--repair"); code != exitError || !bytes.Equal(readFile(t, "cell.lock"), corrupt) {
		t.Errorf("a failed repair: exit %d, or the lock changed", code)
	}
}

// runAdvice finds the command line want in stderr, runs it and returns
// its output; it must succeed.
func runAdvice(t *testing.T, stderr, want string) string {
	t.Helper()
	if !strings.Contains(stderr, want) {
		t.Fatalf("the advice lacks %q:\n%s", want, stderr)
	}
	code, out, errOut := runCmd(t, strings.Fields(want)[1:]...)
	if code != exitOK {
		t.Fatalf("the advice %q: exit %d: %s", want, code, errOut)
	}
	return out
}

// TestSocketSourceRelative: add NAME records the socket relative to the
// socket directory, so update reads the cell under another
// CELL_SOCKET_DIR; switching a cell between its schema file and its socket
// is reported as a source change, never as "unchanged".
func TestSocketSourceRelative(t *testing.T) {
	schema := marketSchema(t)
	s := parseSchema(t, schema)
	prof := rustschema.DefaultProfile()
	if s.Profile != nil {
		prof = *s.Profile
	}
	first := sockDir(t)
	t.Setenv("CELL_SOCKET_DIR", first)
	stop := startResponder(t, listenUnix(t, first, "market"), "market", schema, prof)
	lock := filepath.Join(t.TempDir(), "cell.lock")
	if code, _, errOut := runCmd(t, "add", "market", "--lock", lock); code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	c := loadCell(t, lock, "market")
	if c.Source.Path != "market.sock" || c.AddCommand() != "cellvet add market" {
		t.Fatalf("recorded socket %q, re-pin command %q", c.Source.Path, c.AddCommand())
	}
	stop()
	second := sockDir(t)
	t.Setenv("CELL_SOCKET_DIR", second)
	startResponder(t, listenUnix(t, second, "market"), "market", schema, prof)
	before := readFile(t, lock)
	if code, out, errOut := runCmd(t, "update", "--lock", lock); code != exitOK || !strings.HasPrefix(out, "market: unchanged") {
		t.Fatalf("update under another CELL_SOCKET_DIR: exit %d: %s%s", code, out, errOut)
	}
	if !bytes.Equal(readFile(t, lock), before) {
		t.Error("an unchanged update changed the lock")
	}

	// The same schema from its file: a source change, layouts and all
	// else the same.
	code, out, errOut := runCmd(t, "add", "market", "--schema", schema, "--lock", lock)
	wantLine := "  source socket market.sock → schema " + relTo(lock, schema) + "\n"
	if code != exitOK || strings.Contains(out, "unchanged") || !strings.Contains(out, "same schema and layouts") || !strings.Contains(out, wantLine) {
		t.Errorf("add --schema after the socket: exit %d, printed %q (want the line %q), stderr %q", code, out, wantLine, errOut)
	}
	code, out, _ = runCmd(t, "add", "market", "--lock", lock)
	if code != exitOK || !strings.Contains(out, "→ socket market.sock") || strings.Contains(out, "unchanged") {
		t.Errorf("add from the socket after --schema: exit %d, printed %q", code, out)
	}
	if !bytes.Equal(readFile(t, lock), before) {
		t.Error("back on the socket, the lock is not what it was")
	}
}

// TestTypos: a misspelt command, at the top or under lock or help, is an
// unknown command with the one it probably means, exit 2, and never
// reaches package loading (the process has no module to load from).
func TestTypos(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"ad market", `cellvet: unknown command "ad"; did you mean "add"?`},
		{"updat", `cellvet: unknown command "updat"; did you mean "update"?`},
		{"verison", `cellvet: unknown command "verison"; did you mean "version"?`},
		{"lock verfy", `cellvet lock: unknown command "verfy"; did you mean "verify"?`},
		{"lock check", `cellvet lock: unknown command "check"; the commands are verify (cellvet help lock)`},
		{"help ad", `cellvet help: unknown command "ad"; did you mean "add"?`},
	} {
		code, out, errOut := runProc(t, nil, strings.Fields(tc.args)...)
		if code != exitUsage || !strings.HasPrefix(errOut, tc.want) || out != "" {
			t.Errorf("cellvet %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	code, out, errOut := runProc(t, nil, "version")
	if code != exitOK || !strings.HasPrefix(out, "cellvet ") || !strings.Contains(out, "\nlock format version 1\n") {
		t.Errorf("version: exit %d: %q %q", code, out, errOut)
	}
}
