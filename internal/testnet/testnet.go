// Package testnet holds test helpers for fake cells and peers: a server
// for hand-written peers and the bytes of schema replies, good and bad.
package testnet

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/cellvet/cellvet/internal/wire"
)

// Serve runs handler, in its own goroutine, for every connection accepted
// on l until the test ends; cleanup closes l and every connection and waits
// for the handlers.
func Serve(t testing.TB, l net.Listener, handler func(net.Conn)) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handler(c)
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
}

// Canon is a canonical text: the one of docs/fingerprint.md §2.1.
const Canon = `cfp 1
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

// SchemaReply returns the reply frame a cell named name serving the
// canonical text sends for a schema request: wire.Schema's, byte for byte.
func SchemaReply(t testing.TB, name, text string) []byte {
	t.Helper()
	s, err := wire.NewSchema(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	req := wire.AppendRequest(nil, wire.Version)[4:] // past the control word
	if err := s.Handle(struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(req), &out}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// OKReply lays out a schema reply frame field by field (docs/protocol.md,
// "Reply"), checking nothing, for peers that break the protocol.
func OKReply(name string, profile [4]byte, digest [32]byte, text string) []byte {
	b := replyHeader(wire.StatusOK, name)
	b = append(b, profile[:]...)
	b = append(b, digest[:]...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(text)))
	return frame(append(b, text...))
}

// ErrorReply lays out an error reply frame, checking nothing.
func ErrorReply(name string, code wire.ErrorCode, msg string) []byte {
	b := replyHeader(wire.StatusError, name)
	b = binary.LittleEndian.AppendUint16(b, uint16(code))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(msg)))
	return frame(append(b, msg...))
}

func replyHeader(status byte, name string) []byte {
	b := append([]byte(wire.ReplyMagic), wire.Version, 0, status, byte(len(name)))
	return append(b, name...)
}

// frame prefixes a payload with its length word.
func frame(payload []byte) []byte {
	return append(binary.LittleEndian.AppendUint32(nil, uint32(len(payload))), payload...)
}

// LockedBuffer collects what a process writes (its standard error) while
// the test reads it.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
