package cell

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"runtime"
	"testing"
	"time"
)

// TestHostileReplies: peers that break the framing fail the call with the
// right kind, fast, without allocating on their behalf.
func TestHostileReplies(t *testing.T) {
	socketDir(t)
	after := func(reply []byte) func(net.Conn) {
		return func(c net.Conn) {
			if _, err := io.ReadFull(c, make([]byte, 4+16)); err != nil {
				return
			}
			c.Write(reply)
			io.Copy(io.Discard, c)
		}
	}
	le := binary.LittleEndian
	for _, tc := range []struct {
		name  string
		serve func(net.Conn)
		kind  Kind
		want  string
	}{
		{"huge", after(le.AppendUint32(nil, 0xFFFFFFFE)), KindTooLarge, "reply length 4294967294 exceeds the 16777216-byte limit"},
		{"control", after([]byte{0xff, 0xff, 0xff, 0xff}), KindMalformed, "reserved length word 0xffffffff"},
		{"short length", after([]byte{1, 0}), KindTimeout, "timed out while reading the reply (got 2 of 4 length bytes)"},
		{"short payload", after(append(le.AppendUint32(nil, quoteSize), 1, 2)), KindTimeout, fmt.Sprintf("timed out while reading the reply (got 2 of %d payload bytes)", quoteSize)},
		{"never", silent, KindTimeout, "timed out while waiting for the reply"},
		{"wrong size", after(append(le.AppendUint32(nil, 8), make([]byte, 8)...)), KindSize, "reply of 8 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rawServer(t, "hostile", tc.serve)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Call[Quote](context.Background(), "hostile", &QuoteRequest{}, WithTimeout(100*time.Millisecond))
			wantKind(t, err, tc.kind, tc.want)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
				t.Errorf("allocated %d bytes for a hostile peer", grew)
			}
		})
	}
}

// TestWithMaxReply: the caller's own limit is checked before reading.
func TestWithMaxReply(t *testing.T) {
	socketDir(t)
	startServe(t, "quotes", quoteHandler)
	_, err := Call[Quote](context.Background(), "quotes", &QuoteRequest{}, WithMaxReply(16))
	wantKind(t, err, KindTooLarge, fmt.Sprintf("reply length %d exceeds the 16-byte limit", quoteSize))
	mustCall(t, "quotes", 2, WithMaxReply(int(quoteSize)))
}

// TestServeHostileClients: a served connection is bounded by the request
// limit and the request timeout.
func TestServeHostileClients(t *testing.T) {
	old := requestTimeout
	t.Cleanup(func() { requestTimeout = old })
	requestTimeout = 100 * time.Millisecond
	socketDir(t)
	log := startServe(t, "quotes", quoteHandler, WithMaxRequest(8))
	for _, tc := range []struct {
		name  string
		frame []byte
		want  string
	}{
		{"huge", binary.LittleEndian.AppendUint32(nil, 0xFFFFFFF0), "request length 4294967280 exceeds the 8-byte limit"},
		{"over max", binary.LittleEndian.AppendUint32(nil, 16), "request length 16 exceeds the 8-byte limit"},
		{"stalled length", []byte{1, 0}, "reading a frame (got 2 of 4 bytes): i/o timeout"},
		{"truncated", []byte{1, 0, 0}, "truncated frame: the client closed the connection after 3 of 4 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, "quotes")
			c.Write(tc.frame)
			if tc.name == "truncated" {
				c.(*net.UnixConn).CloseWrite()
			}
			buf := make([]byte, 1)
			if n, err := c.Read(buf); err != io.EOF {
				t.Fatalf("read %d, %v; want the connection closed without a reply", n, err)
			}
			log.waitFor(t, tc.want)
		})
	}
}
