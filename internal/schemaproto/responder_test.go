package schemaproto

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
)

// exchange dials addr, writes req and reads one reply frame.
func exchange(t *testing.T, c net.Conn, req []byte) *Reply {
	t.Helper()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(req); err != nil {
		t.Fatal(err)
	}
	p, err := ReadFrame(c, MaxReplySize)
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeReply(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func dial(t *testing.T, network, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func expectClosed(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("connection not closed by the responder: read %d, %v", n, err)
	}
}

func TestResponderVersions(t *testing.T) {
	addr := startResponder(t, "unix", mustResponder(t, "market", testProfile, testText))

	// Version 0 is refused with an error reply and the connection closed.
	c := dial(t, "unix", addr)
	r := exchange(t, c, AppendRequest(nil, 0))
	if r.Status != StatusError || r.Code != CodeUnsupportedVersion || r.Name != "market" ||
		r.Message != "schema protocol version 0 is not supported (this cell speaks version 1)" {
		t.Errorf("version 0: %+v", r)
	}
	expectClosed(t, c)

	// A newer client is answered in version 1.
	c = dial(t, "unix", addr)
	r = exchange(t, c, AppendRequest(nil, 7))
	if r.Status != StatusOK || r.Version != 1 || r.Verify() != nil {
		t.Errorf("version 7: %+v", r)
	}

	// Reserved flags are ignored.
	req := AppendRequest(nil, 1)
	req[14] = 0xff
	r = exchange(t, c, req)
	if r.Status != StatusOK {
		t.Errorf("flags: %+v", r)
	}
}

func TestResponderBadRequest(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	s := mustResponder(t, "market", testProfile, testText)
	s.ErrorLog = func(err error) { mu.Lock(); logged = append(logged, err.Error()); mu.Unlock() }
	addr := startResponder(t, "unix", s)
	c := dial(t, "unix", addr)
	req := AppendRequest(nil, 1)
	copy(req[4:], "NOTSCHEM")
	r := exchange(t, c, req)
	if r.Status != StatusError || r.Code != CodeBadRequest ||
		r.Message != `malformed schema request: control frame magic "NOTSCHEM" is not "CELLSCHQ"` {
		t.Errorf("bad magic: %+v", r)
	}
	expectClosed(t, c)
	mu.Lock()
	defer mu.Unlock()
	if len(logged) != 1 || !strings.Contains(logged[0], `control frame magic "NOTSCHEM"`) {
		t.Errorf("logged %q", logged)
	}
}

func TestResponderRefusing(t *testing.T) {
	s, err := NewRefusingResponder("vault", CodeRefused, "this cell does not disclose its schema")
	if err != nil {
		t.Fatal(err)
	}
	addr := startResponder(t, "tcp", s)
	_, err = Fetch(context.Background(), "tcp", addr, Options{})
	want := "schema request to tcp:" + addr + `: cell "vault" refused the schema request (refused): "this cell does not disclose its schema"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if e := asError(t, err); e.Kind != netutil.KindRefused || e.Reply == nil || e.Reply.Code != CodeRefused {
		t.Errorf("error = %+v", e)
	}
}

// TestResponderNext shows how a runtime shares one connection between
// schema requests and normal messages: requests first, then the first
// message frame hands the connection on, with nothing lost.
func TestResponderNext(t *testing.T) {
	s := mustResponder(t, "market", testProfile, testText)
	got := make(chan string, 1)
	s.Next = func(c net.Conn) {
		defer c.Close()
		p, err := ReadFrame(c, 1024)
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- string(p)
		WriteFrame(c, []byte("pong"))
	}
	addr := startResponder(t, "tcp", s)
	c := dial(t, "tcp", addr)
	for i := 0; i < 3; i++ {
		if r := exchange(t, c, AppendRequest(nil, 1)); r.Status != StatusOK {
			t.Fatalf("request %d: %+v", i, r)
		}
	}
	if err := WriteFrame(c, []byte("ping")); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "ping" {
			t.Errorf("Next read %q, want ping", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next not called")
	}
	p, err := ReadFrame(c, 1024)
	if err != nil || string(p) != "pong" {
		t.Errorf("reply %q, %v", p, err)
	}
}

func TestResponderNoNext(t *testing.T) {
	addr := startResponder(t, "unix", mustResponder(t, "market", testProfile, testText))
	c := dial(t, "unix", addr)
	WriteFrame(c, []byte("an rkyv message"))
	expectClosed(t, c)
}

func TestResponderIdleTimeout(t *testing.T) {
	s := mustResponder(t, "market", testProfile, testText)
	s.RequestTimeout = 100 * time.Millisecond
	addr := startResponder(t, "unix", s)
	c := dial(t, "unix", addr)
	start := time.Now()
	expectClosed(t, c)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("closed after %v, before the request timeout", d)
	}
	// A client that stops halfway through its request is dropped too.
	c = dial(t, "unix", addr)
	c.Write(AppendRequest(nil, 1)[:6])
	expectClosed(t, c)
}

// TestRuntimeLoop is the loop a runtime runs on each connection: ReadFrame
// for normal messages, Responder.Handle for control frames.
func TestRuntimeLoop(t *testing.T) {
	s := mustResponder(t, "market", testProfile, testText)
	client, server := net.Pipe()
	defer client.Close()
	var msgs []string
	done := make(chan error, 1)
	go func() {
		defer server.Close()
		for {
			p, err := ReadFrame(server, 1<<16)
			switch {
			case errors.Is(err, ErrControlFrame):
				if err := s.Handle(server); err != nil {
					done <- err
					return
				}
			case err == io.EOF:
				done <- nil
				return
			case err != nil:
				done <- err
				return
			default:
				msgs = append(msgs, string(p))
			}
		}
	}()
	WriteFrame(client, []byte("one"))
	if r := exchange(t, client, AppendRequest(nil, 1)); r.Status != StatusOK || r.Verify() != nil {
		t.Errorf("reply %+v", r)
	}
	WriteFrame(client, []byte("two"))
	client.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if strings.Join(msgs, ",") != "one,two" {
		t.Errorf("messages %q", msgs)
	}
}

func TestServeContextShutdown(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.sock")
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- ServeSchema(ctx, "market", testProfile, []byte(testText), "unix:"+path, func(a net.Addr) { ready <- a })
	}()
	var a net.Addr
	select {
	case a = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	if a.String() != path {
		t.Errorf("ready at %s", a)
	}
	// An idle connection does not hold up the shutdown.
	c := dial(t, "unix", path)
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeSchema did not return")
	}
	expectClosed(t, c)
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}

func TestServeSchemaErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, text, addr string
		p                Profile
		want             string
	}{
		{"a/b", testText, "", testProfile, `cell name "a/b" holds a path separator`},
		{"market", "not canonical\n", "", testProfile, `canonical text starts with "not canonical", not "cfp 1" (this cellvet reads CFP/1)`},
		{"market", testText, "", Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "little"},
			`the reply's profile "rkyv0.7 le p32 nonstrict" differs from its canonical text's profile "rkyv0.8 le aligned p32"`},
		{"market", testText, "", Profile{Rkyv: "0.9", PointerWidth: 32, Endian: "little"}, `profile: unsupported rkyv version "0.9" (want 0.7 or 0.8)`},
		{"market", "cfp 1\nschema_version x\n", "", testProfile, `canonical text line 2 is "schema_version x", want "schema_version N"`},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32", "", testProfile, "canonical text ends inside its profile line"},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\n" + strings.Repeat("x", MaxTextLen) + "\n", "", testProfile,
			"canonical text of 1048451 bytes is too long for a schema reply (at most 1048396)"},
		{"market", testText, "nonsense", testProfile, `listen address "nonsense": want HOST:PORT, unix:PATH or a socket path`},
		{"market", testText, "unix:" + t.TempDir() + "/" + strings.Repeat("s", 120), testProfile, "Unix socket paths are limited to 107"},
	} {
		err := ServeSchema(ctx, tc.name, tc.p, []byte(tc.text), tc.addr, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q %q: got %v, want %s", tc.name, tc.addr, err, tc.want)
		}
	}
}

func TestListenSocketFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "market.sock")

	// A stale socket is replaced.
	ul, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ul.SetUnlinkOnClose(false)
	ul.Close()
	l, err := Listen("market", path)
	if err != nil {
		t.Fatalf("stale socket: %v", err)
	}

	// A live one is not.
	if _, err := Listen("market", path); err == nil || err.Error() != path+" is in use: another process is serving on it" {
		t.Errorf("live socket: %v", err)
	}
	l.Close()

	// Nor is a regular file.
	os.WriteFile(path, []byte("keep me"), 0o600)
	if _, err := Listen("market", path); err == nil || err.Error() != path+" exists and is not a socket; not replacing it" {
		t.Errorf("regular file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("regular file changed")
	}

	// The default address creates the socket directory.
	t.Setenv(SocketDirEnv, filepath.Join(dir, "new"))
	l, err = Listen("market", "")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}

func TestReadFrame(t *testing.T) {
	le := func(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
	for _, tc := range []struct {
		in   []byte
		max  int
		want string // payload, or "error: ..."
	}{
		{nil, 10, "error: EOF"},
		{append(le(3), "abc"...), 10, "abc"},
		{append(le(0), "abc"...), 10, ""},
		{le(11), 10, "error: frame length 11 exceeds the 10-byte limit"},
		{le(2 << 20), MaxReplySize, "error: frame length 2097152 exceeds the 1 MiB limit"},
		{le(0xffffffff), 10, "error: control frame (length word 0xffffffff)"},
		{[]byte{1, 0, 0}, 10, "error: truncated frame: stream ended after 3 of 4 length bytes"},
		{append(le(5), "ab"...), 10, "error: truncated frame: stream ended after 2 of 5 payload bytes"},
		{le(5), 10, "error: truncated frame: stream ended after 0 of 5 payload bytes"},
	} {
		p, err := ReadFrame(bytes.NewReader(tc.in), tc.max)
		got := string(p)
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("ReadFrame(% x, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
	var b bytes.Buffer
	WriteFrame(&b, []byte("hello"))
	if b.String() != "\x05\x00\x00\x00hello" {
		t.Errorf("WriteFrame wrote %q", b.Bytes())
	}
}
