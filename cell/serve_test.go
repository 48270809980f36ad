package cell

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/schemaproto"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
)

// testCanon is the canonical text of docs/fingerprint.md §2.1.
const testCanon = testnet.Canon

// serveQuotes serves cell quotes, with its schema, until the test ends.
func serveQuotes(t *testing.T) *errLog {
	t.Helper()
	schema, err := NewSchema("quotes", []byte(testCanon))
	if err != nil {
		t.Fatal(err)
	}
	return startServe(t, "quotes", quoteHandler, WithSchema(schema))
}

func quoteHandler(ctx context.Context, r *QuoteRequest) (*Quote, error) {
	return &Quote{Bid: float64(r.Depth), Ask: float64(r.Depth) + 1, Qty: 9}, nil
}

func dial(t *testing.T, name string) net.Conn {
	t.Helper()
	c, err := net.Dial("unix", wire.SocketPath(name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second))
	return c
}

// requestFrame encodes a request frame with the archive's own plan.
func requestFrame(t *testing.T, r *QuoteRequest) []byte {
	t.Helper()
	b, err := planFor(reflect.TypeFor[QuoteRequest]()).encode(binary.LittleEndian.AppendUint32(nil, 16), unsafe.Pointer(r), nil, format08, MaxFrameSize)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readQuote reads a reply frame and validates it with the archive's plan.
func readQuote(t *testing.T, c net.Conn) *Quote {
	t.Helper()
	payload, err := wire.ReadFrame(c, MaxFrameSize)
	if err != nil {
		t.Fatal(err)
	}
	aligned := alignedBuf(nil, len(payload))
	copy(aligned, payload)
	p, err := planFor(reflect.TypeFor[Quote]()).access(aligned, format08)
	if err != nil {
		t.Fatal(err)
	}
	q := *(*Quote)(p)
	return &q
}

func TestServeSchemaRequest(t *testing.T) {
	socketDir(t)
	serveQuotes(t)

	// The schema client against the cell's message socket.
	tg := wire.Target{Name: "quotes", Network: "unix", Address: wire.SocketPath("quotes")}
	reply, err := schemaproto.Fetch(context.Background(), tg, schemaproto.Options{ReadTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if string(reply.Text) != testCanon || reply.Profile.Canon() != "rkyv0.8 le aligned p32" {
		t.Fatalf("reply %+v", reply)
	}
	// Calls still work on the same socket.
	q, err := Call[Quote](context.Background(), "quotes", &QuoteRequest{Depth: 3})
	if err != nil || q.Ask != 4 {
		t.Fatalf("call: %+v, %v", q, err)
	}

	// Schema requests and messages interleaved on one connection.
	c := dial(t, "quotes")
	var stream []byte
	stream = wire.AppendRequest(stream, wire.Version)
	stream = append(stream, requestFrame(t, &QuoteRequest{Depth: 5})...)
	stream = wire.AppendRequest(stream, wire.Version)
	stream = append(stream, requestFrame(t, &QuoteRequest{Depth: 6})...)
	if _, err := c.Write(stream); err != nil {
		t.Fatal(err)
	}
	want := testnet.SchemaReply(t, "quotes", testCanon)[4:]
	for i, depth := range []float64{5, 6} {
		payload, err := wire.ReadFrame(c, wire.MaxReplySize)
		if err != nil || !bytes.Equal(payload, want) {
			t.Fatalf("schema reply %d: %q, %v; want %q", i, payload, err, want)
		}
		if q := readQuote(t, c); q.Bid != depth {
			t.Fatalf("message reply %d: %+v", i, q)
		}
	}
}

func TestServeBadSchemaRequest(t *testing.T) {
	socketDir(t)
	log := serveQuotes(t)
	c := dial(t, "quotes")
	c.Write(append([]byte{0xff, 0xff, 0xff, 0xff}, "NOTSCHEMAxyz"...))
	payload, err := wire.ReadFrame(c, wire.MaxReplySize)
	if err != nil {
		t.Fatal(err)
	}
	// An error reply of cell quotes, code 4 (bad request).
	if !bytes.HasPrefix(payload, []byte("CELLSCHR\x01\x00\x01\x06quotes\x04\x00")) {
		t.Fatalf("reply %q", payload)
	}
	if _, err := wire.ReadFrame(c, MaxFrameSize); err != io.EOF {
		t.Fatalf("after a bad request: %v, want the connection closed", err)
	}
	log.waitFor(t, "schema request")
}

// TestServeSchemaRequestTimeout: a client that stops in the middle of a
// schema request is dropped.
func TestServeSchemaRequestTimeout(t *testing.T) {
	old := requestTimeout
	t.Cleanup(func() { requestTimeout = old }) // after the server's cleanup
	requestTimeout = 100 * time.Millisecond
	socketDir(t)
	log := serveQuotes(t)
	c := dial(t, "quotes")
	c.Write(wire.AppendRequest(nil, wire.Version)[:6])
	start := time.Now()
	if _, err := wire.ReadFrame(c, MaxFrameSize); err != io.EOF {
		t.Fatalf("got %v; want the connection closed", err)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("closed after %v, before the timeout", d)
	}
	log.waitFor(t, "reading a frame (got 6 of 16 bytes): i/o timeout")
}

func TestServeWithoutSchema(t *testing.T) {
	socketDir(t)
	log := startServe(t, "quotes", quoteHandler)
	tg := wire.Target{Network: "unix", Address: wire.SocketPath("quotes")}
	_, err := schemaproto.Fetch(context.Background(), tg, schemaproto.Options{ReadTimeout: 5 * time.Second})
	var se *schemaproto.Error
	if !errors.As(err, &se) || se.Kind != netutil.KindClosed {
		t.Fatalf("Fetch: %v; want a closed-connection error", err)
	}
	log.waitFor(t, "no schema responder")
}

func TestServeManyCallsOneConnection(t *testing.T) {
	socketDir(t)
	startServe(t, "quotes", quoteHandler)
	c := dial(t, "quotes")
	for i := range 10 {
		if _, err := c.Write(requestFrame(t, &QuoteRequest{Depth: uint16(i)})); err != nil {
			t.Fatal(err)
		}
		if q := readQuote(t, c); q.Bid != float64(i) || q.Qty != 9 {
			t.Fatalf("reply %d: %+v", i, q)
		}
	}
}

func TestServeRejectsBadRequests(t *testing.T) {
	socketDir(t)
	log := startServe(t, "quotes", quoteHandler)
	for _, tc := range []struct {
		name  string
		frame []byte
		want  string
	}{
		{"short", []byte{3, 0, 0, 0, 1, 2, 3}, "request frame of 3 bytes, but the request type cell.QuoteRequest is 16 bytes"},
		{"long", binary.LittleEndian.AppendUint32(nil, 17), "request frame of 17 bytes"},
		{"huge", binary.LittleEndian.AppendUint32(nil, 64<<20), "request length 67108864 exceeds the 16777216-byte limit"},
		{"bool", append([]byte{16, 0, 0, 0}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0), "field Live at byte 10: bool byte 0x09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, "quotes")
			c.Write(tc.frame)
			if _, err := wire.ReadFrame(c, MaxFrameSize); err != io.EOF {
				t.Fatalf("got %v; want the connection closed without a reply", err)
			}
			log.waitFor(t, tc.want)
		})
	}
	// A nil response without an error.
	log2 := startServe(t, "nil", func(ctx context.Context, r *QuoteRequest) (*Quote, error) { return nil, nil })
	_, err := Call[Quote](context.Background(), "nil", &QuoteRequest{})
	wantKind(t, err, KindClosed)
	log2.waitFor(t, "nil response")
}

func TestServeRefusesNonFixedTypes(t *testing.T) {
	socketDir(t)
	for i, serve := range []func(net.Listener) error{
		func(l net.Listener) error {
			return Serve(context.Background(), l, func(context.Context, *string) (*Quote, error) { return nil, nil })
		},
		func(l net.Listener) error {
			return Serve(context.Background(), l, func(context.Context, *Quote) (*[]byte, error) { return nil, nil })
		},
	} {
		l, err := Listen("x")
		if err != nil {
			t.Fatal(err)
		}
		err = serve(l)
		var te *TypeError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), []string{"request type string", "response type []uint8"}[i]) {
			t.Fatalf("Serve: %v", err)
		}
		if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("listener not closed: %v", err)
		}
	}
}

func TestServeShutdownClosesConnections(t *testing.T) {
	socketDir(t)
	l, err := Listen("quotes")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, l, quoteHandler) }()
	c := dial(t, "quotes")
	c.Write(requestFrame(t, &QuoteRequest{Depth: 1}))
	readQuote(t, c) // the connection is being served
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := wire.ReadFrame(c, MaxFrameSize); err != io.EOF {
		t.Fatalf("connection after shutdown: %v", err)
	}
	if _, err := Call[Quote](context.Background(), "quotes", &QuoteRequest{}); err == nil {
		t.Fatal("call after shutdown succeeded")
	}
}
