package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// peerBehavior is what a fake cell does with a connection.
type peerBehavior struct {
	name string
	// serve handles a connection whose schema request was already read.
	// A nil serve is a peer that closes the connection right after
	// reading the request.
	serve func(t *testing.T, c net.Conn)
	// want is in add's error message, after "schema request to ADDR: " or
	// the address.
	want string
}

// write writes b and then waits for the client to hang up, so that the
// client, not the peer, ends the exchange.
func write(b []byte) func(*testing.T, net.Conn) {
	return func(t *testing.T, c net.Conn) {
		c.Write(b)
		io.Copy(io.Discard, c)
	}
}

// hostilePeers are the fake cells: each breaks the protocol one way.
func hostilePeers(t *testing.T, name string) []peerBehavior {
	text := string(rustschema.Canon(parseSchema(t, writeFile(t, t.TempDir(), "tick.rs", tickV1)), rustschema.DefaultProfile()).Text)
	goodFrame := testnet.SchemaReply(t, name, text)
	badDigest := bytes.Clone(goodFrame)
	badDigest[4+wire.ReplyHeaderLen+len(name)+4] ^= 0xff // the digest's first byte
	// A reply that passes the protocol checks (digest, header lines) but
	// whose canonical text does not describe a schema.
	junkText := "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\nstruct ?? named\nend\n"
	oversized := binary.LittleEndian.AppendUint32(nil, wire.MaxReplySize+1)
	garbage := []byte("\x00\x01garbage, not a CELLSCHR reply\xfe\xff")
	garbage = append(binary.LittleEndian.AppendUint32(nil, uint32(len(garbage))), garbage...)

	return []peerBehavior{
		{"oversized length", write(oversized), "reply length 1048577 exceeds the 1 MiB limit"},
		{"huge length", write([]byte{0xfe, 0xff, 0xff, 0xff}), "reply length 4294967294 exceeds the 1 MiB limit"},
		{"truncated reply", func(t *testing.T, c net.Conn) {
			c.Write(goodFrame[:len(goodFrame)/2])
		}, "reply truncated: the peer closed the connection after"},
		{"truncated length", func(t *testing.T, c net.Conn) {
			c.Write(goodFrame[:2])
		}, "reply truncated: the peer closed the connection after 2 of 4 length bytes"},
		{"wrong digest", write(badDigest), "digest mismatch: the reply claims"},
		{"garbage frame", write(garbage), "malformed reply: bad magic"},
		{"garbage text", write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")), "exceeds the 1 MiB limit"},
		{"echo", write(wire.AppendRequest(nil, wire.Version)), "reserved length word 0xffffffff"},
		{"silence", func(t *testing.T, c net.Conn) {
			io.Copy(io.Discard, c) // never answers
		}, "no reply within 200ms (read timeout)"},
		{"trickle", func(t *testing.T, c net.Conn) {
			// A byte every 50ms: the read timeout bounds the whole
			// exchange, not each read.
			for _, b := range goodFrame {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}, "reply incomplete after 200ms"},
		{"closes", nil, "the peer closed the connection without replying"},
		{"another cell", write(testnet.SchemaReply(t, "other", text)), `the peer is cell "other", not "` + name + `"`},
		{"refuses", write(testnet.ErrorReply(name, wire.ErrorCode(2) /* refused */, "not disclosed")), `refused the schema request (refused): "not disclosed"`},
		{"unreadable schema", write(testnet.SchemaReply(t, name, junkText)), "served a schema cellvet cannot read"},
	}
}

// hostileFixture is a lock pinned with another cell, to be left alone.
type hostileFixture struct {
	dir, lock string
	before    []byte
}

func newHostileFixture(t *testing.T) hostileFixture {
	t.Helper()
	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	if code, _, errOut := runCmd(t, "add", "market", "--schema", marketSchema(t), "--lock", lock); code != exitOK {
		t.Fatalf("add --schema: exit %d: %s", code, errOut)
	}
	return hostileFixture{dir, lock, readFile(t, lock)}
}

// addFails runs add and checks that it fails with exit 1 and a message
// naming addr and holding want, without printing a change report, and
// that the lock and its directory are exactly as they were.
func (f hostileFixture) addFails(t *testing.T, spec, addr, want string) {
	t.Helper()
	start := time.Now()
	code, out, errOut := runCmd(t, "add", spec, "--lock", f.lock, "--read-timeout=200ms", "--connect-timeout=2s")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("add took %v", d)
	}
	t.Logf("add %s: %s", spec, errOut)
	if code != exitError {
		t.Errorf("exit %d, want %d (stdout %q, stderr %q)", code, exitError, out, errOut)
	}
	if !strings.Contains(errOut, addr) || !strings.Contains(errOut, want) {
		t.Errorf("stderr %q, want the address %q and %q", errOut, addr, want)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	if !bytes.Equal(readFile(t, f.lock), f.before) {
		t.Errorf("the failed add changed the lock")
	}
	assertOnlyLock(t, f.dir)
}

// TestAddHostilePeers: add from a peer that breaks the protocol, over a
// Unix socket and over TCP, fails with a clear error naming the address,
// and leaves the existing lock byte for byte as it was with no temporary
// file beside it.
func TestAddHostilePeers(t *testing.T) {
	const name = "feed"
	fx := newHostileFixture(t)
	for _, network := range []string{"unix", "tcp"} {
		for _, p := range hostilePeers(t, name) {
			t.Run(network+"/"+strings.ReplaceAll(p.name, " ", "_"), func(t *testing.T) {
				var l net.Listener
				var spec, addr string
				if network == "unix" {
					socks := sockDir(t)
					t.Setenv("CELL_SOCKET_DIR", socks)
					l = listenUnix(t, socks, name)
					spec, addr = name, "unix:"+filepath.Join(socks, name+".sock")
				} else {
					l = listenTCP(t)
					spec, addr = name+"@"+l.Addr().String(), "tcp:"+l.Addr().String()
				}
				testnet.Serve(t, l, func(c net.Conn) {
					c.SetDeadline(time.Now().Add(procTimeout))
					req := make([]byte, len(wire.AppendRequest(nil, wire.Version)))
					if _, err := io.ReadFull(c, req); err != nil || !bytes.Equal(req, wire.AppendRequest(nil, wire.Version)) {
						t.Errorf("the fake cell got %q, %v; want a schema request", req, err)
						return
					}
					if p.serve != nil {
						p.serve(t, c)
					}
				})
				fx.addFails(t, spec, addr, p.want)
			})
		}
	}
}

// TestAddUnreachable: add from a cell that is not there (no socket file, a
// stale socket nobody listens on, a closed TCP port) fails the same way.
func TestAddUnreachable(t *testing.T) {
	fx := newHostileFixture(t)

	t.Run("missing socket", func(t *testing.T) {
		socks := sockDir(t)
		t.Setenv("CELL_SOCKET_DIR", socks)
		sock := filepath.Join(socks, "feed.sock")
		fx.addFails(t, "feed", "unix:"+sock, "cannot connect: no socket at "+sock)
	})
	t.Run("missing socket dir", func(t *testing.T) {
		socks := filepath.Join(sockDir(t), "nodir")
		t.Setenv("CELL_SOCKET_DIR", socks)
		fx.addFails(t, "feed", "unix:"+filepath.Join(socks, "feed.sock"), "no socket at")
	})
	t.Run("stale socket", func(t *testing.T) {
		socks := sockDir(t)
		t.Setenv("CELL_SOCKET_DIR", socks)
		l := listenUnix(t, socks, "feed")
		l.(*net.UnixListener).SetUnlinkOnClose(false)
		l.Close()
		sock := filepath.Join(socks, "feed.sock")
		if _, err := os.Stat(sock); err != nil {
			t.Fatal(err)
		}
		fx.addFails(t, "feed", "unix:"+sock, "connection refused: nothing listens on "+sock)
	})
	t.Run("not a socket", func(t *testing.T) {
		socks := sockDir(t)
		t.Setenv("CELL_SOCKET_DIR", socks)
		writeFile(t, socks, "feed.sock", "a regular file")
		fx.addFails(t, "feed", "unix:"+filepath.Join(socks, "feed.sock"), "cannot connect")
	})
	t.Run("connection refused", func(t *testing.T) {
		l := listenTCP(t)
		addr := l.Addr().String()
		l.Close()
		fx.addFails(t, "feed@"+addr, "tcp:"+addr, "cannot connect: connection refused: nothing listens on "+addr)
	})
}
