package schemaproto

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/testnet"
)

// testText is the canonical text of docs/fingerprint.md §2.1.
const testText = `cfp 1
schema_version 0
profile rkyv0.8 le aligned p32
struct Quote named repr=rust archived=rust
field bid f64
field ask f64
field venue String
end
enum Side repr=u8 archived=rust
variant Buy unit disc=1
variant Sell unit disc=2
end
`

var testProfile = Profile{Rkyv: "0.8", PointerWidth: 32, Endian: "little"}

// listen opens a loopback listener: a Unix socket in a temporary directory
// or TCP on 127.0.0.1.
func listen(t *testing.T, network string) net.Listener {
	t.Helper()
	var l net.Listener
	var err error
	switch network {
	case "unix":
		l, err = net.Listen("unix", filepath.Join(t.TempDir(), "cell.sock"))
	case "tcp":
		l, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		t.Fatalf("unknown network %q", network)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// serve runs handler for every connection accepted on a fresh loopback
// listener until the test ends, and returns the listener's address.
func serve(t *testing.T, network string, handler func(net.Conn)) string {
	t.Helper()
	l := listen(t, network)
	testnet.Serve(t, l, handler)
	return l.Addr().String()
}

// startResponder serves s on a fresh loopback listener until the test ends.
func startResponder(t *testing.T, network string, s *Responder) string {
	t.Helper()
	l := listen(t, network)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeContext(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ServeContext: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("ServeContext did not return after cancel")
		}
	})
	return l.Addr().String()
}

func mustResponder(t *testing.T, name string, p Profile, text string) *Responder {
	t.Helper()
	s, err := NewResponder(name, p, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	s.ErrorLog = func(err error) { t.Logf("responder: %v", err) }
	return s
}

// readRequest reads and checks the 16-byte schema request a client sends.
func readRequest(t *testing.T, c net.Conn) bool {
	var b [RequestSize]byte
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := readFull(c, b[:]); err != nil {
		t.Errorf("fake server: reading the request: %v", err)
		return false
	}
	c.SetReadDeadline(time.Time{})
	if !IsSchemaRequest(b[:]) {
		t.Errorf("fake server: not a schema request: % x", b)
		return false
	}
	return true
}

func readFull(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := c.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// encode returns the frame of a reply, failing the test on error.
func encodeFrame(t *testing.T, r *Reply) []byte {
	t.Helper()
	p, err := EncodeReply(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := AppendFrame(nil, p)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func okReply(t *testing.T) *Reply {
	t.Helper()
	r, err := NewReply("market", testProfile, []byte(testText))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *schemaproto.Error", err, err)
	}
	return e
}
