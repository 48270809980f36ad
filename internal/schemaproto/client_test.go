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
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

func checkReply(t *testing.T, r *Reply) {
	t.Helper()
	if r.Name != "market" || r.Profile != testProfile || string(r.Text) != testText {
		t.Errorf("reply = %q %+v %q, want market %+v and the test text", r.Name, r.Profile, r.Text, testProfile)
	}
	if want := rustschema.Digest(blake3.Sum256([]byte(testText))); r.Digest != want {
		t.Errorf("digest = %s, want %s", r.Digest, want)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, network := range []string{"unix", "tcp"} {
		t.Run(network, func(t *testing.T) {
			tg := startCell(t, listen(t, network), "market", testText)
			tg.Name = "market"
			r, err := Fetch(context.Background(), tg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkReply(t, r)
		})
	}
}

// TestRoundTripProfiles: the profile the runtime reads from the text of
// the schema it serves is the one the client decodes, for every profile.
func TestRoundTripProfiles(t *testing.T) {
	for _, p := range allProfiles() {
		text := strings.Replace(testText, "rkyv0.8 le aligned p32", p.Canon(), 1)
		r, err := Fetch(context.Background(), startCell(t, listen(t, "unix"), "market", text), Options{})
		if err != nil {
			t.Fatalf("%s: %v", p.Canon(), err)
		}
		if r.Profile != p || string(r.Text) != text {
			t.Errorf("%s: got profile %+v", p.Canon(), r.Profile)
		}
	}
}

// TestResolveAndFetch goes the way "cellvet add NAME" does: the name is
// resolved in $CELL_SOCKET_DIR.
func TestResolveAndFetch(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(wire.SocketDirEnv, dir)
	l, err := cell.Listen("market")
	if err != nil {
		t.Fatal(err)
	}
	startCell(t, l, "market", testText)

	tg, err := wire.Resolve("market")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Fetch(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkReply(t, r)

	// The same listener answers for "market@..." only over TCP; a wrong
	// name through the socket of another cell is refused.
	if err := os.Symlink(filepath.Join(dir, "market.sock"), filepath.Join(dir, "orders.sock")); err != nil {
		t.Fatal(err)
	}
	tg, _ = wire.Resolve("orders")
	_, err = Fetch(context.Background(), tg, Options{})
	want := "schema request to unix:" + filepath.Join(dir, "orders.sock") + `: the peer is cell "market", not "orders"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// hostile is a misbehaving peer: it reads the request and then does
// something wrong.
type hostile struct {
	name    string
	cell    string // the cell the client asks for; "" checks no name
	opts    Options
	handler func(t *testing.T, c net.Conn)
	kind    netutil.Kind
	want    string // the error text after "schema request to NET:ADDR: "
}

func hostilePeers(t *testing.T) []hostile {
	good := goodReply(t)
	goodFrame := frameOf(t, good)
	wrongDigest := *good
	wrongDigest.Digest[0] ^= 0xff
	computed := good.Digest
	wrongVersion := frameOf(t, good)
	binary.LittleEndian.PutUint16(wrongVersion[4+8:], 2)
	wrongProfile := *good
	wrongProfile.Profile = rustschema.Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "little"}
	trailingFrame := frame(append(frameOf(t, good)[4:], 1, 2, 3))
	notCFP := *good
	notCFP.Text = []byte("hello\n")
	notCFP.Digest = blake3.Sum256(notCFP.Text)
	refusal := testnet.ErrorReply("market", wire.ErrorCode(2) /* refused */, "schema not disclosed")
	badProfile := frameOf(t, good)
	badProfile[4+12+len("market")] = 9

	write := func(b []byte) func(*testing.T, net.Conn) {
		return func(t *testing.T, c net.Conn) {
			if readRequest(t, c) {
				c.Write(b)
			}
		}
	}
	le := func(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
	hang := func(b []byte) func(*testing.T, net.Conn) {
		return func(t *testing.T, c net.Conn) {
			if readRequest(t, c) {
				c.Write(b)
				io.Copy(io.Discard, c) // until the client gives up
			}
		}
	}
	short := Options{ReadTimeout: 200 * time.Millisecond}

	return []hostile{
		{name: "oversized length", handler: write(le(16 << 20)), kind: netutil.KindTooLarge,
			want: "reply length 16777216 exceeds the 1 MiB limit"},
		{name: "just over the limit", handler: write(le(1<<20 + 1)), kind: netutil.KindTooLarge,
			want: "reply length 1048577 exceeds the 1 MiB limit"},
		{name: "truncated reply", handler: write(append(le(100), make([]byte, 10)...)), kind: netutil.KindClosed,
			want: "reply truncated: the peer closed the connection after 10 of 100 bytes"},
		{name: "truncated length", handler: write([]byte{1, 0}), kind: netutil.KindClosed,
			want: "reply truncated: the peer closed the connection after 2 of 4 length bytes"},
		{name: "truncated real reply", handler: write(goodFrame[:200]), kind: netutil.KindClosed,
			want: "reply truncated: the peer closed the connection after 196 of 291 bytes"},
		{name: "wrong digest", handler: write(frameOf(t, &wrongDigest)), kind: netutil.KindDigest,
			want: "digest mismatch: the reply claims " + wrongDigest.Digest.String() + " but its canonical text hashes to " + computed.String() + "; refusing it"},
		{name: "garbage (HTTP)", handler: write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")), kind: netutil.KindTooLarge,
			want: "reply length 1347703880 exceeds the 1 MiB limit"},
		{name: "garbage in a frame", handler: write(frame([]byte("\x00\x01garbage\xff\xfe and more"))), kind: netutil.KindMalformed,
			want: `malformed reply: bad magic "\x00\x01garbag" (want "CELLSCHR"): the peer does not speak the cellvet schema protocol`},
		{name: "short garbage frame", handler: write(frame([]byte("CELL"))), kind: netutil.KindMalformed,
			want: "malformed reply: reply of 4 bytes is shorter than the 12-byte header"},
		{name: "empty frame", handler: write(le(0)), kind: netutil.KindMalformed,
			want: "malformed reply: reply of 0 bytes is shorter than the 12-byte header"},
		{name: "wrong magic", handler: write(frame([]byte("CELLSCHQ\x01\x00\x00\x06market"))), kind: netutil.KindMalformed,
			want: `malformed reply: bad magic "CELLSCHQ" (want "CELLSCHR"): the peer does not speak the cellvet schema protocol`},
		{name: "wrong version", handler: write(wrongVersion), kind: netutil.KindMalformed,
			want: "malformed reply: unsupported reply version 2 (this cellvet reads version 1)"},
		{name: "unknown status", handler: write(frame([]byte("CELLSCHR\x01\x00\x07\x06market"))), kind: netutil.KindMalformed,
			want: "malformed reply: unknown reply status 7 (want 0 for a schema or 1 for an error)"},
		{name: "bad profile byte", handler: write(badProfile), kind: netutil.KindMalformed,
			want: "malformed reply: profile: unknown rkyv format byte 9 (want 7 or 8)"},
		{name: "hostile name", handler: write(frame([]byte("CELLSCHR\x01\x00\x00\x05../..\x08\x20\x00\x00"))), kind: netutil.KindMalformed,
			want: `malformed reply: cell name "../.." must start with a letter, digit or '_'`},
		{name: "trailing bytes", handler: write(trailingFrame), kind: netutil.KindMalformed,
			want: "malformed reply: 3 trailing bytes after the canonical text"},
		{name: "profile differs from text", handler: write(frameOf(t, &wrongProfile)), kind: netutil.KindMalformed,
			want: `invalid schema reply: the reply's profile "rkyv0.7 le p32 nonstrict" differs from its canonical text's profile "rkyv0.8 le aligned p32"`},
		{name: "not CFP/1", handler: write(frameOf(t, &notCFP)), kind: netutil.KindMalformed,
			want: `invalid schema reply: canonical text starts with "hello", not "cfp 1" (this cellvet reads CFP/1)`},
		{name: "echo", handler: func(t *testing.T, c net.Conn) { io.Copy(c, c) }, kind: netutil.KindMalformed,
			want: "the reply starts with the reserved length word 0xffffffff (is the peer echoing the request?)"},
		{name: "closed without reply", handler: func(t *testing.T, c net.Conn) { readRequest(t, c) }, kind: netutil.KindClosed,
			want: "the peer closed the connection without replying (does it serve schema requests?)"},
		{name: "refusal", handler: write(refusal), kind: netutil.KindRefused,
			want: `cell "market" refused the schema request (refused): "schema not disclosed"`},
		{name: "wrong cell", cell: "orders", handler: write(goodFrame), kind: netutil.KindWrongCell,
			want: `the peer is cell "market", not "orders"`},
		{name: "silence", opts: short, handler: hang(nil), kind: netutil.KindTimeout,
			want: "no reply within 200ms (read timeout)"},
		{name: "silence after the length", opts: short, handler: hang(le(100)), kind: netutil.KindTimeout,
			want: "reply incomplete after 200ms: got 0 of 100 payload bytes (read timeout)"},
		{name: "silence mid-payload", opts: short, handler: hang(append(le(100), 1, 2, 3)), kind: netutil.KindTimeout,
			want: "reply incomplete after 200ms: got 3 of 100 payload bytes (read timeout)"},
		{name: "silence mid-length", opts: short, handler: hang([]byte{1, 2, 3}), kind: netutil.KindTimeout,
			want: "reply incomplete after 200ms: got 3 of 4 length bytes (read timeout)"},
		{name: "trickle", opts: short, handler: func(t *testing.T, c net.Conn) {
			// A slow-loris peer sending one byte every 50ms cannot stretch
			// the deadline: it covers the whole reply.
			if !readRequest(t, c) {
				return
			}
			c.Write(goodFrame[:4])
			for _, b := range goodFrame[4:] {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}, kind: netutil.KindTimeout, want: `re:reply incomplete after 200ms: got [0-9] of 291 payload bytes \(read timeout\)`},
	}
}

func TestHostilePeers(t *testing.T) {
	for _, network := range []string{"unix", "tcp"} {
		for _, h := range hostilePeers(t) {
			t.Run(network+"/"+h.name, func(t *testing.T) {
				tg := serve(t, network, func(c net.Conn) { h.handler(t, c) })
				tg.Name = h.cell
				addr := tg.Address
				start := time.Now()
				r, err := Fetch(context.Background(), tg, h.opts)
				if err == nil {
					t.Fatalf("Fetch succeeded with %+v", r)
				}
				want := "schema request to " + network + ":" + addr + ": " + h.want
				if re, ok := strings.CutPrefix(h.want, "re:"); ok {
					want = "^" + regexp.QuoteMeta("schema request to "+network+":"+addr+": ") + re + "$"
					if !regexp.MustCompile(want).MatchString(err.Error()) {
						t.Errorf("error:\n got %s\nwant %s", err, want)
					}
				} else if err.Error() != want {
					t.Errorf("error:\n got %s\nwant %s", err, want)
				}
				if e := asError(t, err); e.Kind != h.kind {
					t.Errorf("kind = %d, want %d", e.Kind, h.kind)
				}
				if h.opts.ReadTimeout != 0 && time.Since(start) > h.opts.ReadTimeout+2*time.Second {
					t.Errorf("gave up after %v, read timeout %v", time.Since(start), h.opts.ReadTimeout)
				}
			})
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	// TCP: a port nobody listens on any more.
	l := listen(t, "tcp")
	addr := l.Addr().String()
	l.Close()
	_, err := Fetch(context.Background(), wire.Target{Network: "tcp", Address: addr}, Options{})
	want := "schema request to tcp:" + addr + ": cannot connect: connection refused: nothing listens on " + addr + " (is the cell running?)"
	if err == nil || err.Error() != want {
		t.Errorf("tcp: got %v\nwant %s", err, want)
	}
	if e := asError(t, err); e.Kind != netutil.KindConnect {
		t.Errorf("kind = %d", e.Kind)
	}

	// Unix: a stale socket file left by a cell that stopped.
	path := filepath.Join(t.TempDir(), "stale.sock")
	ul, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ul.SetUnlinkOnClose(false)
	ul.Close()
	_, err = Fetch(context.Background(), wire.Target{Network: "unix", Address: path}, Options{})
	want = "schema request to unix:" + path + ": cannot connect: connection refused: nothing listens on " + path + " (a stale socket of a stopped cell?)"
	if err == nil || err.Error() != want {
		t.Errorf("unix: got %v\nwant %s", err, want)
	}
}

func TestSocketMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "market.sock")
	_, err := Fetch(context.Background(), wire.Target{Network: "unix", Address: path}, Options{})
	want := "schema request to unix:" + path + ": cannot connect: no socket at " + path + " (is the cell running? CELL_SOCKET_DIR sets the socket directory)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("errors.Is(err, os.ErrNotExist) = false")
	}
	// A directory that does not exist reads the same.
	path = filepath.Join(t.TempDir(), "nodir", "market.sock")
	_, err = Fetch(context.Background(), wire.Target{Network: "unix", Address: path}, Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot connect: no socket at "+path) {
		t.Errorf("missing directory: got %v", err)
	}
}

func TestNotASocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "market.sock")
	os.WriteFile(path, []byte("x"), 0o600)
	_, err := Fetch(context.Background(), wire.Target{Network: "unix", Address: path}, Options{})
	want := "schema request to unix:" + path + ": cannot connect: " + path + " is not a socket (a regular file); a cell listens on a Unix socket there"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestConnectionReset(t *testing.T) {
	addr := serve(t, "tcp", func(c net.Conn) {
		if readRequest(t, c) {
			c.(*net.TCPConn).SetLinger(0) // close with RST
		}
	}).Address
	_, err := Fetch(context.Background(), wire.Target{Network: "tcp", Address: addr}, Options{})
	want := "schema request to tcp:" + addr + ": reading the reply: the peer closed the connection (connection reset by peer)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestContextCanceled(t *testing.T) {
	addr := serve(t, "unix", func(c net.Conn) {
		if readRequest(t, c) {
			io.Copy(io.Discard, c)
		}
	}).Address
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Fetch(ctx, wire.Target{Network: "unix", Address: addr}, Options{ReadTimeout: time.Minute})
	want := "schema request to unix:" + addr + ": reading the reply: context deadline exceeded"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("not a context.DeadlineExceeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	_, err = Fetch(ctx, wire.Target{Network: "unix", Address: addr}, Options{})
	if want := "schema request to unix:" + addr + ": context canceled"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestFetchDetachesText(t *testing.T) {
	r, err := Fetch(context.Background(), startCell(t, listen(t, "unix"), "market", testText), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cap(r.Text) != len(r.Text) || !bytes.Equal(r.Text, []byte(testText)) {
		t.Errorf("text not detached: len %d cap %d", len(r.Text), cap(r.Text))
	}
}
