package main

// Helpers of the end-to-end tests of add, update, lock verify and
// serve-schema (add_test.go, remote_test.go, hostile_test.go).
//
// Separate processes run this test binary re-executed as cellvet: with
// runMainEnv set, TestMain calls run on the arguments instead of running
// the tests, so the "cellvet binary" is built once, by go test itself.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// runMainEnv makes the test binary behave as the cellvet command.
const runMainEnv = "CELLVET_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		if args := os.Args[1:]; isVetInvocation(args) {
			vet(args) // as go vet -vettool runs it: vet_test.go
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// The lock cache of the tests and of the cellvet processes they
	// start stays out of the user's (docs/lockfile.md §6).
	lockCache, err := os.MkdirTemp("", "cellvet-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("CELLVET_CACHE", lockCache)
	dir, err := os.MkdirTemp("", "cellvet-gocache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	goCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.RemoveAll(lockCache)
	os.Exit(code)
}

// goCache is the GOCACHE of every go command the tests run (go vet, and
// go list under the standalone pass): one fresh cache for the package's
// test run, so that the runtime and its standard packages compile once.
var goCache string

// goEnv is the environment of those go commands, besides the test's own:
// the temporary modules replace cellvet by this repository.
func goEnv() []string {
	return []string{"GOCACHE=" + goCache, "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local"}
}

// procTimeout bounds every child process, so that a hang fails the test
// instead of the package.
const procTimeout = 30 * time.Second

var testBinary = sync.OnceValues(os.Executable)

// cellvetCmd returns the command that runs "cellvet ARGS..." in a separate
// process. The child inherits the environment (CELL_SOCKET_DIR set with
// t.Setenv included) plus env.
func cellvetCmd(ctx context.Context, env []string, args ...string) (*exec.Cmd, error) {
	exe, err := testBinary()
	if err != nil {
		return nil, fmt.Errorf("cannot find the test binary: %v", err)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), env...)
	cmd.WaitDelay = 5 * time.Second
	return cmd, nil
}

// runProc runs "cellvet ARGS..." as a separate process and returns its
// exit code and output.
func runProc(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	code, stdout, stderr, err := runProcErr(env, args...)
	if err != nil {
		t.Fatal(err)
	}
	return code, stdout, stderr
}

// runProcErr is runProc for any goroutine: it returns an error when the
// process could not run or did not exit by itself within procTimeout.
func runProcErr(env []string, args ...string) (code int, stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), procTimeout)
	defer cancel()
	cmd, err := cellvetCmd(ctx, env, args...)
	if err != nil {
		return 0, "", "", err
	}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		code, err = ee.ExitCode(), nil
	default:
		err = fmt.Errorf("cellvet %s: %v (stderr %q)", strings.Join(args, " "), err, e.String())
	}
	return code, o.String(), e.String(), err
}

// server is a "cellvet serve-schema" child process.
type server struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	// Network and Addr are where it serves, from its "serving" line.
	Network, Addr string
	// Fingerprint is the fingerprint it announced.
	Fingerprint string
	done        bool
}

var servingLine = regexp.MustCompile(`^serving the schema of (\S+) \(fingerprint ([0-9a-f]{16})\) on (unix|tcp):(.+)$`)

// startServer starts "cellvet serve-schema ARGS..." and waits for its
// "serving" line. The process is killed when the test ends, if it is still
// running.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	s := &server{}
	cmd, err := cellvetCmd(context.Background(), env, append([]string{"serve-schema"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = cmd
	s.cmd.Stderr = &s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !s.done {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		io.Copy(io.Discard, out)
	}()
	select {
	case l, ok := <-line:
		if !ok {
			s.cmd.Wait()
			s.done = true
			t.Fatalf("serve-schema %v exited without serving: %v\nstderr: %s", args, s.cmd.ProcessState, s.stderr.String())
		}
		m := servingLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("serve-schema printed %q, want a serving line", l)
		}
		s.Fingerprint, s.Network, s.Addr = m[2], m[3], m[4]
	case <-time.After(procTimeout):
		t.Fatalf("serve-schema %v printed no serving line within %v", args, procTimeout)
	}
	return s
}

// stop sends SIGTERM and returns the exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("signaling serve-schema: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(procTimeout):
		s.cmd.Process.Kill()
		<-exited
		t.Fatalf("serve-schema did not stop on SIGTERM")
	}
	s.done = true
	return s.cmd.ProcessState.ExitCode()
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// marketSchema copies examples/market/schema.rs into a fresh temporary
// directory, so that no test depends on the repository's copy staying put.
func marketSchema(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, t.TempDir(), "market.rs", string(src))
}

// sockDir returns a fresh directory for Unix sockets. It is short (unlike
// t.TempDir, whose name holds the test's), because socket paths are limited
// to 107 bytes.
func sockDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "cv")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// readFile returns the content of path, failing the test if it cannot.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// assertOnlyLock checks that dir holds the lock file and nothing else: no
// temporary file, no leftover sidecar lock.
func assertOnlyLock(t *testing.T, dir string) {
	t.Helper()
	if got := dirNames(t, dir); !slices.Equal(got, []string{"cell.lock"}) {
		t.Errorf("%s holds %q, want only cell.lock", dir, got)
	}
}

// parseSchema parses a schema file as add --schema does.
func parseSchema(t *testing.T, path string) *rustschema.Schema {
	t.Helper()
	s, err := rustschema.Parse(path, readFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expectCell is the cell add must pin: lockfile.FromSchema of the schema
// file under profile p, with source src.
func expectCell(t *testing.T, name string, src lockfile.Source, schemaPath string, p rustschema.Profile) *lockfile.Cell {
	t.Helper()
	c, err := lockfile.FromSchema(name, src, parseSchema(t, schemaPath), p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fingerprint is the fingerprint of a schema file under profile p,
// computed without the command.
func fingerprint(t *testing.T, path string, p rustschema.Profile) string {
	t.Helper()
	return rustschema.Canon(parseSchema(t, path), p).Fingerprint().String()
}

// loadCell loads the lock at path and returns its cell name.
func loadCell(t *testing.T, path, name string) *lockfile.Cell {
	t.Helper()
	l, err := lockfile.Load(path)
	if err != nil {
		t.Fatalf("the lock does not load: %v", err)
	}
	c := l.Cell(name)
	if c == nil {
		t.Fatalf("%s has no cell %q", path, name)
	}
	return c
}

// assertSameCell checks that two cells have the same model: every exported
// field, recursively, except file positions.
func assertSameCell(t *testing.T, got, want *lockfile.Cell) {
	t.Helper()
	diffs := diffModel("cell "+want.Name, plain(reflect.ValueOf(got)), plain(reflect.ValueOf(want)))
	for i, d := range diffs {
		if i == 10 {
			t.Errorf("... and %d more differences", len(diffs)-i)
			break
		}
		t.Errorf("loaded model differs: %s", d)
	}
}

// plain turns v into maps (exported struct fields but Pos), slices and
// scalars, so that models parsed from a file and built in memory compare.
func plain(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return plain(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "Pos" {
				continue
			}
			m[f.Name] = plain(v.Field(i))
		}
		return m
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = plain(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

func diffModel(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			out = append(out, diffModel(path+"."+k, g[k], w[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %d elements, want %d", path, len(g), len(w))}
		}
		var out []string
		for i := range w {
			out = append(out, diffModel(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(got, want) {
		return []string{fmt.Sprintf("%s: got %#v, want %#v", path, got, want)}
	}
	return nil
}

// marshalCells is the lock holding exactly cells, as Update writes it.
func marshalCells(cells ...*lockfile.Cell) []byte {
	l := &lockfile.Lock{Version: lockfile.Version}
	for _, c := range cells {
		l.Set(c)
	}
	return l.Marshal()
}

// listenUnix listens on the socket of cell name in dir.
func listenUnix(t *testing.T, dir, name string) net.Listener {
	t.Helper()
	l, err := net.Listen("unix", filepath.Join(dir, name+".sock"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// listenTCP listens on a free loopback port.
func listenTCP(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}
