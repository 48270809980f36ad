package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// startResponder serves the schema of the file at schemaPath under profile
// p as cell name on l, in this process, as serve-schema does, until the
// test ends or the returned function is called (which also removes a Unix
// socket).
func startResponder(t *testing.T, l net.Listener, name, schemaPath string, p rustschema.Profile) (stop func()) {
	t.Helper()
	sum := rustschema.Canon(parseSchema(t, schemaPath), p)
	s, err := cell.NewSchema(name, sum.Text)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveSchema(ctx, l, s) }()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serving the schema: %v", err)
			}
		}
	}
	t.Cleanup(stop)
	return stop
}

// TestAddSocketInProcess: add NAME pins the cell answering on
// $CELL_SOCKET_DIR/NAME.sock with the cell's own profile; the result loads
// as the model FromSchema builds from the same schema (with a socket
// source), re-adding and update leave it byte for byte as it was, and
// update fails without touching the lock once the socket is gone, even
// when another cell could have been updated.
func TestAddSocketInProcess(t *testing.T) {
	schema := marketSchema(t)
	socks := sockDir(t)
	t.Setenv("CELL_SOCKET_DIR", socks)
	// A profile no flag was given for: it must come from the cell.
	prof := rustschema.Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "big", Strict: true}
	stop := startResponder(t, listenUnix(t, socks, "market"), "market", schema, prof)

	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	// Non-profile flags are fine with a socket add.
	code, out, errOut := runCmd(t, "add", "market", "--lock", lock, "--connect-timeout=2s", "--read-timeout=5s")
	if code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	sock := filepath.Join(socks, "market.sock")
	want := expectCell(t, "market", lockfile.Source{Kind: lockfile.SourceSocket, Path: "market.sock"}, schema, prof)
	if wantOut := fmt.Sprintf("added market: fingerprint %s, 6 types", want.Fingerprint); !strings.HasPrefix(out, wantOut) {
		t.Errorf("add printed %q, want %q...", out, wantOut)
	}
	assertSameCell(t, loadCell(t, lock, "market"), want)
	first := readFile(t, lock)
	if !bytes.Equal(first, marshalCells(want)) {
		t.Errorf("the lock is not the canonical marshaling of the expected model:\n%s", first)
	}

	for _, args := range [][]string{{"add", "market"}, {"update"}, {"update", "market"}} {
		code, out, errOut := runCmd(t, append(args, "--lock", lock)...)
		if wantOut := "market: unchanged (fingerprint " + want.Fingerprint + ")\n"; code != exitOK || out != wantOut {
			t.Errorf("%v: exit %d, printed %q (want %q), stderr %q", args, code, out, wantOut, errOut)
		}
		if !bytes.Equal(readFile(t, lock), first) {
			t.Errorf("%v changed the lock", args)
		}
	}
	if code, _, errOut := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, errOut)
	}

	// A schema cell beside it, whose file then changes: update must not
	// write it either when the socket cell cannot be read.
	tick := writeFile(t, t.TempDir(), "tick.rs", tickV1)
	if code, _, errOut := runCmd(t, "add", "tick", "--schema", tick, "--lock", lock); code != exitOK {
		t.Fatalf("add tick: exit %d: %s", code, errOut)
	}
	writeFile(t, filepath.Dir(tick), "tick.rs", tickRetyped)
	before := readFile(t, lock)
	stop()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("the socket outlived its listener: %v", err)
	}
	for _, args := range [][]string{{"update"}, {"update", "market"}} {
		code, out, errOut := runCmd(t, append(args, "--lock", lock)...)
		wantErr := "cell market: schema request to unix:" + sock + ": cannot connect: no socket at " + sock
		if code != exitError || !strings.HasPrefix(errOut, wantErr) {
			t.Errorf("%v with the socket gone: exit %d, stderr %q; want exit 1 and %q...", args, code, errOut, wantErr)
		}
		if out != "" {
			t.Errorf("%v: printed %q", args, out)
		}
		if !bytes.Equal(readFile(t, lock), before) {
			t.Errorf("%v: a failed update changed the lock", args)
		}
		assertOnlyLock(t, dir)
	}
}

// TestAddTCPInProcess: add NAME@127.0.0.1:PORT pins the cell answering
// over TCP and records the address; update reads it from there again.
func TestAddTCPInProcess(t *testing.T) {
	schema := marketSchema(t)
	l := listenTCP(t)
	stop := startResponder(t, l, "market", schema, rustschema.DefaultProfile())
	addr := l.Addr().String()

	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	code, out, errOut := runCmd(t, "add", "market@"+addr, "--lock", lock)
	if code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	want := expectCell(t, "market", lockfile.Source{Kind: lockfile.SourceTCP, Addr: addr}, schema, rustschema.DefaultProfile())
	if wantOut := fmt.Sprintf("added market: fingerprint %s, 6 types", want.Fingerprint); !strings.HasPrefix(out, wantOut) {
		t.Errorf("add printed %q, want %q...", out, wantOut)
	}
	assertSameCell(t, loadCell(t, lock, "market"), want)
	first := readFile(t, lock)
	if !bytes.Equal(first, marshalCells(want)) {
		t.Errorf("the lock is not the canonical marshaling of the expected model:\n%s", first)
	}
	code, out, _ = runCmd(t, "update", "--lock", lock)
	if code != exitOK || out != "market: unchanged (fingerprint "+want.Fingerprint+")\n" {
		t.Errorf("update: exit %d, printed %q", code, out)
	}
	if code, _, errOut := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, errOut)
	}

	// The same schema pinned from its file gives the same lock but for the
	// source line.
	lock2 := filepath.Join(t.TempDir(), "cell.lock")
	if code, _, errOut := runCmd(t, "add", "market", "--schema", schema, "--lock", lock2); code != exitOK {
		t.Fatalf("add --schema: exit %d: %s", code, errOut)
	}
	diff := diffLines(string(first), string(readFile(t, lock2)))
	if len(diff) != 1 || !strings.HasPrefix(diff[0], "source = ") {
		t.Errorf("locks from TCP and from the schema file differ in %q, want only the source line", diff)
	}

	stop()
	code, _, errOut = runCmd(t, "update", "--lock", lock)
	if code != exitError || !strings.Contains(errOut, "schema request to tcp:"+addr+": cannot connect: connection refused") {
		t.Errorf("update with the cell stopped: exit %d, stderr %q", code, errOut)
	}
	if !bytes.Equal(readFile(t, lock), first) {
		t.Errorf("a failed update changed the lock")
	}
}

// diffLines returns the lines of a that differ from b's at the same index
// (the two must have as many lines).
func diffLines(a, b string) []string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(al) != len(bl) {
		return []string{fmt.Sprintf("%d lines vs %d", len(al), len(bl))}
	}
	var out []string
	for i := range al {
		if al[i] != bl[i] {
			out = append(out, al[i])
		}
	}
	return out
}

// TestServeSchemaProcess: cellvet serve-schema in a separate process, on
// TCP and on the cell's own Unix socket, serves what add pins (add run both
// in-process and as a separate process); it stops on SIGTERM, removing its
// socket, after which update fails and leaves the lock alone.
func TestServeSchemaProcess(t *testing.T) {
	schema := marketSchema(t)
	prof := rustschema.Profile{Rkyv: "0.8", PointerWidth: 64, Endian: "little"}

	t.Run("tcp", func(t *testing.T) {
		srv := startServer(t, nil, "--name", "market", schema, "--pointer-width=64", "--listen", "127.0.0.1:0")
		if srv.Network != "tcp" || !strings.HasPrefix(srv.Addr, "127.0.0.1:") {
			t.Fatalf("serving on %s:%s, want tcp:127.0.0.1:PORT", srv.Network, srv.Addr)
		}
		if fp := fingerprint(t, schema, prof); srv.Fingerprint != fp {
			t.Errorf("serve-schema announced fingerprint %s, want %s", srv.Fingerprint, fp)
		}
		dir := t.TempDir()
		lock := filepath.Join(dir, "cell.lock")
		// add as a separate process: nothing of this test process is
		// involved in the exchange.
		code, out, errOut := runProc(t, nil, "add", "market@"+srv.Addr, "--lock", lock)
		if code != exitOK {
			t.Fatalf("add: exit %d: %s", code, errOut)
		}
		if !strings.HasPrefix(out, "added market: fingerprint "+srv.Fingerprint+", 6 types") {
			t.Errorf("add printed %q", out)
		}
		want := expectCell(t, "market", lockfile.Source{Kind: lockfile.SourceTCP, Addr: srv.Addr}, schema, prof)
		assertSameCell(t, loadCell(t, lock, "market"), want)
		if code, _, errOut := runProc(t, nil, "lock", "verify", "--lock", lock); code != exitOK {
			t.Errorf("lock verify: exit %d: %s", code, errOut)
		}
		if code := srv.stop(t); code != exitOK {
			t.Errorf("serve-schema exited %d on SIGTERM: %s", code, srv.stderr.String())
		}
	})

	t.Run("unix", func(t *testing.T) {
		socks := sockDir(t)
		t.Setenv("CELL_SOCKET_DIR", socks) // for the server and for add
		srv := startServer(t, nil, "--name", "market", schema, "--pointer-width=64")
		sock := filepath.Join(socks, "market.sock")
		if srv.Network != "unix" || srv.Addr != sock {
			t.Fatalf("serving on %s:%s, want unix:%s", srv.Network, srv.Addr, sock)
		}
		dir := t.TempDir()
		lock := filepath.Join(dir, "cell.lock")
		code, out, errOut := runCmd(t, "add", "market", "--lock", lock)
		if code != exitOK {
			t.Fatalf("add: exit %d: %s", code, errOut)
		}
		if !strings.HasPrefix(out, "added market: fingerprint "+srv.Fingerprint+", 6 types") {
			t.Errorf("add printed %q", out)
		}
		want := expectCell(t, "market", lockfile.Source{Kind: lockfile.SourceSocket, Path: "market.sock"}, schema, prof)
		assertSameCell(t, loadCell(t, lock, "market"), want)
		first := readFile(t, lock)

		// A second server for the same cell must not steal the socket.
		code, _, errOut = runProc(t, nil, "serve-schema", "--name", "market", schema)
		if code != exitError || !strings.Contains(errOut, sock+" is in use") {
			t.Errorf("second serve-schema on a live socket: exit %d, stderr %q", code, errOut)
		}
		code, out, _ = runProc(t, nil, "update", "--lock", lock)
		if code != exitOK || out != "market: unchanged (fingerprint "+srv.Fingerprint+")\n" {
			t.Errorf("update: exit %d, printed %q", code, out)
		}

		if code := srv.stop(t); code != exitOK {
			t.Errorf("serve-schema exited %d on SIGTERM: %s", code, srv.stderr.String())
		}
		if _, err := os.Stat(sock); !os.IsNotExist(err) {
			t.Errorf("serve-schema left its socket behind: %v", err)
		}
		code, out, errOut = runProc(t, nil, "update", "market", "--lock", lock)
		if code != exitError || !strings.Contains(errOut, "schema request to unix:"+sock+": cannot connect: no socket at "+sock) {
			t.Errorf("update with the server gone: exit %d, stderr %q", code, errOut)
		}
		if out != "" {
			t.Errorf("failed update printed %q", out)
		}
		if !bytes.Equal(readFile(t, lock), first) {
			t.Errorf("a failed update changed the lock")
		}
		assertOnlyLock(t, dir)
	})
}

// TestAddConcurrentProcesses: 8 add processes started together, each
// pinning another cell into one lock, lose none of each other's cells.
func TestAddConcurrentProcesses(t *testing.T) {
	const n = 8
	schema := marketSchema(t)
	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	type result struct {
		name         string
		code         int
		stdout, errs string
	}
	results := make(chan result, n)
	for i := range n {
		name := fmt.Sprintf("cell%d", i)
		go func() {
			code, out, errOut, err := runProcErr(nil, "add", name, "--schema", schema, "--lock", lock)
			if err != nil {
				code, errOut = -1, err.Error()
			}
			results <- result{name, code, out, errOut}
		}()
	}
	var names []string
	for range n {
		r := <-results
		if r.code != exitOK {
			t.Errorf("add %s: exit %d: %s", r.name, r.code, r.errs)
		}
		if !strings.HasPrefix(r.stdout, "added "+r.name+": fingerprint ") {
			t.Errorf("add %s printed %q", r.name, r.stdout)
		}
		names = append(names, r.name)
	}
	l, err := lockfile.Load(lock)
	if err != nil {
		t.Fatalf("the lock does not load: %v", err)
	}
	var got []string
	for _, c := range l.Cells {
		got = append(got, c.Name)
	}
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Errorf("the lock holds cells %q, want %q", got, names)
	}
	for _, c := range l.Cells {
		rel := schema // an absolute path is recorded as given
		assertSameCell(t, c, expectCell(t, c.Name, lockfile.Source{Kind: lockfile.SourceSchema, Path: filepath.ToSlash(rel)}, schema, rustschema.DefaultProfile()))
	}
	code, out, errOut := runProc(t, nil, "lock", "verify", "--lock", lock)
	if code != exitOK || !regexp.MustCompile(`: 8 cells ok\n$`).MatchString(out) {
		t.Errorf("lock verify: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	assertOnlyLock(t, dir)
}

// TestAddCellSDKRefused: add NAME against a running Cell SDK cell (its
// socket at $HOME/.cell/io/NAME.sock or .cell/neighbors/NAME/tx) says to
// pin it from source and sends it nothing, whether cellvet's own socket
// for the name is absent or a link to the cell's; the lock is untouched.
func TestAddCellSDKRefused(t *testing.T) {
	for _, where := range []string{"home", "neighbor", "native link"} {
		t.Run(where, func(t *testing.T) {
			home, work, socks := sockDir(t), sockDir(t), sockDir(t)
			t.Setenv("HOME", home)
			t.Setenv("CELL_SOCKET_DIR", socks)
			t.Chdir(work)
			dir := filepath.Join(home, ".cell", "io")
			if where == "neighbor" {
				dir = filepath.Join(work, ".cell", "neighbors", "exchange")
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			sock := filepath.Join(dir, "exchange.sock")
			if where == "neighbor" {
				sock = filepath.Join(dir, "tx")
			}
			l, err := net.Listen("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if where == "native link" {
				if err := os.Symlink(sock, filepath.Join(socks, "exchange.sock")); err != nil {
					t.Fatal(err)
				}
			}
			accepted := make(chan int, 1)
			go func() {
				c, err := l.Accept()
				if err != nil {
					return
				}
				n, _ := c.Read(make([]byte, 16))
				accepted <- n
			}()
			lock := filepath.Join(t.TempDir(), "cell.lock")
			before := []byte("version = 1\n")
			if err := os.WriteFile(lock, before, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCmd(t, "add", "exchange", "--lock", lock, "--connect-timeout=1s", "--read-timeout=1s")
			want := "exchange is a Cell SDK cell (its socket is " + sock + "): Cell SDK cells cannot be asked for their schema"
			if code != exitError || !strings.Contains(errOut, want) || !strings.Contains(errOut, "\tcellvet add exchange --schema path/to/the/cell/crate") || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
			}
			if !bytes.Equal(readFile(t, lock), before) {
				t.Error("the lock changed")
			}
			select {
			case n := <-accepted:
				t.Errorf("the cell was connected to (%d bytes sent)", n)
			default:
			}
		})
	}
}
