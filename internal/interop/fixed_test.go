package interop_test

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellvet/cellvet/cell"
)

// pingSamples mirrors ping_samples in testdata/interop/common/values.rs.
var pingSamples = []Ping08{
	{Seq: 1, Value: 1.5, Count: 7, Code: 0x1234, Flag: true, Tag: 9},
	{Seq: ^uint64(0), Value: -0.25, Count: ^uint32(0), Code: 0, Flag: false, Tag: 255},
}

// pong mirrors pong in values.rs: the cell's answer to a Ping.
func pong(p *Ping08) *Pong08 {
	return &Pong08{Seq: p.Seq + 1, Sum: p.Value * 2, Count: p.Count * 3, Code: p.Code ^ 0xffff, OK: !p.Flag, Tag: p.Tag + 1}
}

// A fixedCell is one crate with the calls of its fixed-size messages:
// Ping07 and Pong07 have Ping08's and Pong08's layouts, so the cases
// share samples and answers through conversions.
type fixedCell struct {
	c     *crate
	call  func(ctx context.Context, sock string, p Ping08) (*Pong08, error)
	serve serveFunc
}

// A serveFunc serves a crate's messages on l with cell.Serve, answering
// schema requests with canon, counting the handler's calls and sending the
// server's errors to errs.
type serveFunc func(ctx context.Context, l net.Listener, canon []byte, calls *atomic.Int32, errs func(error)) error

func fixedCells() []fixedCell {
	return []fixedCell{
		{
			c: rkyv08,
			call: func(ctx context.Context, sock string, p Ping08) (*Pong08, error) {
				return cell.Call[Pong08](ctx, "interop08", &p, cell.WithAddress("unix", sock))
			},
			serve: func(ctx context.Context, l net.Listener, canon []byte, calls *atomic.Int32, errs func(error)) error {
				return cell.Serve(ctx, l, func(_ context.Context, p *Ping08) (*Pong08, error) {
					calls.Add(1)
					return pong(p), nil
				}, cell.WithCanon("interop08", canon), cell.WithErrorLog(errs))
			},
		},
		{
			c: rkyv07,
			call: func(ctx context.Context, sock string, p Ping08) (*Pong08, error) {
				q := Ping07(p)
				r, err := cell.Call[Pong07](ctx, "interop07", &q, cell.WithAddress("unix", sock))
				return (*Pong08)(r), err
			},
			serve: func(ctx context.Context, l net.Listener, canon []byte, calls *atomic.Int32, errs func(error)) error {
				return cell.Serve(ctx, l, func(_ context.Context, p *Ping07) (*Pong07, error) {
					calls.Add(1)
					return (*Pong07)(pong((*Ping08)(p))), nil
				}, cell.WithCanon("interop07", canon), cell.WithErrorLog(errs))
			},
		},
	}
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestFixedGoToRust: Go calls the Rust cells with 24-byte messages; the
// cells validate each request with rkyv's checked access and answer it.
func TestFixedGoToRust(t *testing.T) {
	rust(t)
	for _, fc := range fixedCells() {
		t.Run(fc.c.dir, func(t *testing.T) {
			sock, log := startCell(t, fc.c, "cell", "ping", fc.c.canon)
			for i, p := range pingSamples {
				got, err := fc.call(timeout(t), sock, p)
				if err != nil {
					t.Fatalf("ping %d: %v (cell log: %s)", i, err, log)
				}
				if want := pong(&p); *got != *want {
					t.Errorf("ping %d: got %+v, want %+v", i, *got, *want)
				}
			}
			if !log.waitCount("message 24 bytes", len(pingSamples)) {
				t.Errorf("the cell did not log %d messages of 24 bytes:\n%s", len(pingSamples), log)
			}
		})
	}
}

// serveGo runs serve on a fresh socket until the test ends; the server's
// errors are logged to the test.
func serveGo(t *testing.T, serve serveFunc, canon string) (string, *atomic.Int32) {
	t.Helper()
	sock := filepath.Join(socketDir(t), "go.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	calls := new(atomic.Int32)
	errs := func(err error) { t.Logf("Go server: %v", err) }
	go func() { done <- serve(ctx, l, []byte(canon), calls, errs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return sock, calls
}

// rustToGo runs c's Rust client for kind messages against serve and checks
// that the Go handler answered each of its n calls.
func rustToGo(t *testing.T, c *crate, kind string, n int, serve serveFunc) {
	t.Helper()
	sock, calls := serveGo(t, serve, c.canon)
	runClient(t, c, sock, kind, c.canon, n)
	if got := calls.Load(); got != int32(n) {
		t.Errorf("the Go handler ran %d times, want %d", got, n)
	}
}

// TestFixedRustToGo: the Rust client, its requests built by rkyv, calls a
// Go cell.Serve, checks its schema reply and validates every reply with
// rkyv's checked access.
func TestFixedRustToGo(t *testing.T) {
	rust(t)
	for _, fc := range fixedCells() {
		t.Run(fc.c.dir, func(t *testing.T) { rustToGo(t, fc.c, "ping", len(pingSamples), fc.serve) })
	}
}

// TestFixedGolden: the bytes Go sends for each sample are the bytes rkyv
// archives for it, and rkyv's archived answers read back in Go as the
// expected values.
func TestFixedGolden(t *testing.T) {
	rust(t)
	for _, fc := range fixedCells() {
		t.Run(fc.c.dir, func(t *testing.T) {
			dir := golden(t, fc.c)
			for i, p := range pingSamples {
				ping := readGolden(t, dir, "ping", i)
				reply := readGolden(t, dir, "pong", i)
				sock, requests := replay(t, fc.c, reply)
				got, err := fc.call(timeout(t), sock, p)
				if err != nil {
					t.Fatalf("ping %d: %v", i, err)
				}
				if req := <-requests; string(req) != string(ping) {
					t.Errorf("ping %d: Go sent\n% x\nrkyv archives\n% x", i, req, ping)
				}
				if want := pong(&p); *got != *want {
					t.Errorf("pong %d: Go read %+v from rkyv's bytes, want %+v", i, *got, *want)
				}
			}
		})
	}
}

// golden writes c's golden files into a fresh directory.
func golden(t *testing.T, c *crate) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := execOutput(filepath.Join(c.bin, "golden"), dir); err != nil {
		t.Fatalf("%s golden: %v\n%s", c.dir, err, out)
	}
	return dir
}

func readGolden(t *testing.T, dir, kind string, i int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, kind+"-"+itoa(i)+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRustCellRejectsInvalid: the Rust cells really validate: a Ping whose
// bool is 2 fails rkyv's checked access, and the cell closes the connection
// without a reply.
func TestRustCellRejectsInvalid(t *testing.T) {
	rust(t)
	for _, c := range []*crate{rkyv08, rkyv07} {
		t.Run(c.dir, func(t *testing.T) {
			sock, log := startCell(t, c, "cell", "ping", c.canon)
			conn, err := net.Dial("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			frame := make([]byte, 4+24)
			frame[0] = 24
			frame[4+23] = 2 // Ping.flag
			if _, err := conn.Write(frame); err != nil {
				t.Fatal(err)
			}
			if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
				t.Fatalf("read %d bytes, %v; want the cell to close the connection", n, err)
			}
			if !log.waitCount("invalid request", 1) {
				t.Errorf("the cell did not log the invalid request:\n%s", log)
			}
		})
	}
}

// TestRustClientChecksReplies: the Rust client fails on a wrong answer (a
// Go server whose Pong tag is off by one), naming the difference.
func TestRustClientChecksReplies(t *testing.T) {
	rust(t)
	c := rkyv08
	sock, _ := serveGo(t, func(ctx context.Context, l net.Listener, canon []byte, _ *atomic.Int32, errs func(error)) error {
		return cell.Serve(ctx, l, func(_ context.Context, p *Ping08) (*Pong08, error) {
			r := pong(p)
			r.Tag++
			return r, nil
		}, cell.WithCanon("interop08", canon), cell.WithErrorLog(errs))
	}, c.canon)
	out, err := execOutput(filepath.Join(c.bin, "client"), c.cell, sock, writeCanon(t, socketDir(t), c.canon), "ping")
	if err == nil || !strings.Contains(string(out), "client: ping 0: wrong reply") {
		t.Fatalf("client: %v, output %q; want a failure naming the wrong reply", err, out)
	}
}
