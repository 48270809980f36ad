package cell

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
)

type Quote struct {
	Bid, Ask float64
	Venue    [4]byte
	Qty      uint32
	_        [4]byte
}

// quoteSize is 32 on 64-bit targets, 28 where float64 aligns to 4 (386).
const quoteSize = uint32(unsafe.Sizeof(Quote{}))

type QuoteRequest struct {
	Symbol [8]byte
	Depth  uint16
	Live   bool
	_      [5]byte
}

type Level struct {
	Price float64
	Qty   uint32
	Side  uint8
	_     [3]byte
}

type Book struct {
	Best   Quote
	Levels [3]Level
	Seq    uint64
}

// socketDir points CELL_SOCKET_DIR at a fresh temporary directory.
func socketDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(wire.SocketDirEnv, dir)
	return dir
}

// startServe runs Serve on the named cell's socket until the test ends,
// and checks that it then returns nil. Served-connection errors are
// collected in the returned log.
func startServe[Req, Resp any](t *testing.T, name string, handle func(context.Context, *Req) (*Resp, error), opts ...ServeOption) *errLog {
	t.Helper()
	l, err := Listen(name)
	if err != nil {
		t.Fatal(err)
	}
	log := &errLog{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, l, handle, append(opts, WithErrorLog(log.add))...) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return log
}

type errLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errLog) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

// waitFor waits until some logged error contains s.
func (l *errLog) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		for _, err := range l.errs {
			if strings.Contains(err.Error(), s) {
				l.mu.Unlock()
				return
			}
		}
		l.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t.Fatalf("no logged error contains %q; got %v", s, l.errs)
}

// rawServer serves the named cell's socket with handler, one goroutine per
// connection, until the test ends.
func rawServer(t *testing.T, name string, handler func(net.Conn)) {
	t.Helper()
	l, err := net.Listen("unix", wire.SocketPath(name))
	if err != nil {
		t.Fatal(err)
	}
	testnet.Serve(t, l, handler)
}

func wantKind(t *testing.T, err error, kind Kind, substr ...string) *Error {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v (%T); want a *cell.Error of kind %v", err, err, kind)
	}
	if ce.Kind != kind {
		t.Fatalf("err = %v: kind %v, want %v", err, ce.Kind, kind)
	}
	for _, s := range substr {
		if !strings.Contains(err.Error(), s) {
			t.Fatalf("err = %q; want it to contain %q", err, s)
		}
	}
	return ce
}

func TestCallRoundTrip(t *testing.T) {
	socketDir(t)
	startServe(t, "quotes", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		if !r.Live {
			return nil, errors.New("not live")
		}
		return &Quote{Bid: 101.25, Ask: 101.5, Venue: [4]byte(r.Symbol[4:8]), Qty: uint32(r.Depth) * 10}, nil
	})
	req := &QuoteRequest{Symbol: [8]byte{'A', 'A', 'P', 'L', 'X', 'N', 'A', 'S'}, Depth: 7, Live: true}
	for i := range 3 { // sequential calls, on one pooled connection
		got, err := Call[Quote](context.Background(), "quotes", req)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		want := Quote{Bid: 101.25, Ask: 101.5, Venue: [4]byte{'X', 'N', 'A', 'S'}, Qty: 70}
		if *got != want {
			t.Fatalf("call %d: got %+v, want %+v", i, *got, want)
		}
	}
}

func TestCallNestedConcurrent(t *testing.T) {
	socketDir(t)
	startServe(t, "book", func(ctx context.Context, seq *uint64) (*Book, error) {
		b := &Book{Best: Quote{Bid: 1, Ask: 2, Venue: [4]byte{'N', 'Y', 'S', 'E'}, Qty: 3}, Seq: *seq}
		for i := range b.Levels {
			b.Levels[i] = Level{Price: float64(*seq) + float64(i)/4, Qty: uint32(i + 1), Side: uint8(i % 2)}
		}
		return b, nil
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				seq := uint64(g*100 + i)
				b, err := Call[Book](context.Background(), "book", &seq, WithTimeout(5*time.Second))
				if err != nil {
					t.Error(err)
					return
				}
				if b.Seq != seq || b.Levels[2] != (Level{Price: float64(seq) + 0.5, Qty: 3, Side: 0}) || b.Best.Venue != [4]byte{'N', 'Y', 'S', 'E'} {
					t.Errorf("seq %d: got %+v", seq, b)
				}
			}
		})
	}
	wg.Wait()
}

// TestCallWireBytes checks the exact frame Call sends and that it decodes
// a hand-made reply frame.
func TestCallWireBytes(t *testing.T) {
	socketDir(t)
	got := make(chan []byte, 1)
	rawServer(t, "wire", func(c net.Conn) {
		b := make([]byte, 4+16)
		if _, err := io.ReadFull(c, b); err != nil {
			t.Error(err)
			return
		}
		got <- b
		reply := binary.LittleEndian.AppendUint32(nil, 8)
		reply = binary.LittleEndian.AppendUint32(reply, 0x01020304)
		reply = append(reply, 1, 0, 0xFF, 0x7F)
		c.Write(reply)
	})
	type pair struct {
		A uint32
		B bool
		C int16
	}
	// Bid @0, Venue @8, Qty @12: 16 bytes on 32- and 64-bit targets.
	type wireReq struct {
		Bid   float64
		Venue [4]byte
		Qty   uint32
	}
	req := &wireReq{Bid: 1, Venue: [4]byte{'a', 'b', 'c', 'd'}, Qty: 5}
	p, err := Call[pair](context.Background(), "wire", req)
	if err != nil {
		t.Fatal(err)
	}
	if *p != (pair{A: 0x01020304, B: true, C: 0x7FFF}) {
		t.Fatalf("reply %+v", *p)
	}
	le := binary.LittleEndian
	want := le.AppendUint32(nil, 16)
	want = le.AppendUint64(want, 0x3FF0000000000000) // 1.0
	want = append(want, 'a', 'b', 'c', 'd')
	want = le.AppendUint32(want, 5)
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("request frame\n got % x\nwant % x", b, want)
	}
}

func TestCallMissingSocket(t *testing.T) {
	dir := socketDir(t)
	_, err := Call[Quote](context.Background(), "nobody", &QuoteRequest{})
	ce := wantKind(t, err, KindConnect, "no socket at "+filepath.Join(dir, "nobody.sock"), "CELL_SOCKET_DIR")
	if ce.Network != "unix" || ce.Address != filepath.Join(dir, "nobody.sock") {
		t.Fatalf("address %s:%s", ce.Network, ce.Address)
	}

	// A stale socket file nobody listens on.
	l, err := net.Listen("unix", filepath.Join(dir, "stale.sock"))
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	_, err = Call[Quote](context.Background(), "stale", &QuoteRequest{})
	wantKind(t, err, KindConnect, "nothing listens on")

	// A regular file.
	os.WriteFile(filepath.Join(dir, "file.sock"), nil, 0o644)
	_, err = Call[Quote](context.Background(), "file", &QuoteRequest{})
	wantKind(t, err, KindConnect, "is not a socket")
}

func TestCallBadName(t *testing.T) {
	socketDir(t)
	for _, name := range []string{"", "../etc", "a/b", "x@host:1"} {
		_, err := Call[Quote](context.Background(), name, &QuoteRequest{})
		wantKind(t, err, KindName)
	}
	t.Setenv(wire.SocketDirEnv, "/"+strings.Repeat("d", 120))
	_, err := Call[Quote](context.Background(), "long", &QuoteRequest{})
	wantKind(t, err, KindName, "limited to 107")
}

// silent reads the request and never answers.
func silent(c net.Conn) { io.Copy(io.Discard, c) }

func TestCallTimeout(t *testing.T) {
	socketDir(t)
	rawServer(t, "silent", silent)

	start := time.Now()
	_, err := Call[Quote](context.Background(), "silent", &QuoteRequest{}, WithTimeout(100*time.Millisecond))
	ce := wantKind(t, err, KindTimeout, "timed out while waiting for the reply", "the 100ms timeout passed")
	if !errors.Is(ce, context.DeadlineExceeded) {
		t.Fatalf("%v does not wrap context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v", d)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = Call[Quote](ctx, "silent", &QuoteRequest{})
	wantKind(t, err, KindTimeout, "the context's deadline passed")

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = Call[Quote](ctx, "silent", &QuoteRequest{}, WithTimeout(0))
	if ce := wantKind(t, err, KindCanceled, "canceled while waiting for the reply"); !errors.Is(ce, context.Canceled) {
		t.Fatalf("%v does not wrap context.Canceled", err)
	}

	// Already expired before connecting.
	_, err = Call[Quote](ctx, "silent", &QuoteRequest{})
	wantKind(t, err, KindCanceled)
}

// TestCallTrickle: a peer trickling bytes cannot stretch the timeout.
func TestCallTrickle(t *testing.T) {
	socketDir(t)
	rawServer(t, "trickle", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		c.Write(binary.LittleEndian.AppendUint32(nil, quoteSize))
		for range 100 {
			if _, err := c.Write([]byte{0}); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	_, err := Call[Quote](context.Background(), "trickle", &QuoteRequest{}, WithTimeout(150*time.Millisecond))
	wantKind(t, err, KindTimeout, "payload bytes", "the 150ms timeout passed")
}

func TestCallWrongReplySize(t *testing.T) {
	socketDir(t)
	// The server's Resp is 8 bytes; the caller expects a 24-byte Quote.
	startServe(t, "short", func(ctx context.Context, r *QuoteRequest) (*uint64, error) {
		v := uint64(1)
		return &v, nil
	})
	_, err := Call[Quote](context.Background(), "short", &QuoteRequest{})
	wantKind(t, err, KindSize, "reply of 8 bytes", fmt.Sprintf("cell.Quote is %d bytes", quoteSize))

	// Longer than expected: refused from the length word.
	startServe(t, "long", func(ctx context.Context, r *QuoteRequest) (*Book, error) { return &Book{}, nil })
	_, err = Call[Quote](context.Background(), "long", &QuoteRequest{})
	wantKind(t, err, KindSize, fmt.Sprintf("reply of %d bytes", unsafe.Sizeof(Book{})), fmt.Sprintf("cell.Quote is %d bytes", quoteSize))
}

func TestCallOversizedReply(t *testing.T) {
	socketDir(t)
	rawServer(t, "big", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		c.Write(binary.LittleEndian.AppendUint32(nil, 16<<20+1))
		silent(c)
	})
	_, err := Call[Quote](context.Background(), "big", &QuoteRequest{})
	wantKind(t, err, KindTooLarge, "reply length 16777217 exceeds the 16777216-byte limit")

	rawServer(t, "echo", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		c.Write([]byte{0xff, 0xff, 0xff, 0xff})
		silent(c)
	})
	_, err = Call[Quote](context.Background(), "echo", &QuoteRequest{})
	wantKind(t, err, KindMalformed, "reserved length word")
}

func TestCallOversizedRequestType(t *testing.T) {
	socketDir(t)
	type huge struct{ B [MaxFrameSize + 1]byte }
	_, err := Call[Quote](context.Background(), "any", &huge{})
	wantKind(t, err, KindType, "exceed the 16777216-byte (16 MiB) frame limit")
}

func TestCallPeerClosesEarly(t *testing.T) {
	socketDir(t)
	rawServer(t, "rude", func(c net.Conn) { io.ReadFull(c, make([]byte, 4+16)) })
	_, err := Call[Quote](context.Background(), "rude", &QuoteRequest{})
	wantKind(t, err, KindClosed, "closed the connection without replying")

	// Closing with the request unread resets the connection.
	rawServer(t, "reset", func(c net.Conn) { io.ReadFull(c, make([]byte, 4)) })
	_, err = Call[Quote](context.Background(), "reset", &QuoteRequest{})
	wantKind(t, err, KindClosed)

	rawServer(t, "cut", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		c.Write(append(binary.LittleEndian.AppendUint32(nil, quoteSize), 1, 2, 3))
	})
	_, err = Call[Quote](context.Background(), "cut", &QuoteRequest{})
	wantKind(t, err, KindClosed, fmt.Sprintf("after 3 of %d payload bytes", quoteSize))

	rawServer(t, "cutlen", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		c.Write([]byte{32, 0})
	})
	_, err = Call[Quote](context.Background(), "cutlen", &QuoteRequest{})
	wantKind(t, err, KindClosed, "after 2 of 4 length bytes")

	// A Go server whose handler fails closes the connection without a reply.
	log := startServe(t, "failing", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		return nil, errors.New("no such symbol")
	})
	_, err = Call[Quote](context.Background(), "failing", &QuoteRequest{})
	wantKind(t, err, KindClosed, "without replying")
	log.waitFor(t, "handler: no such symbol")
}

func TestCallInvalidReply(t *testing.T) {
	socketDir(t)
	rawServer(t, "badbool", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		reply := make([]byte, 4+16)
		reply[0] = 16
		reply[4+10] = 7 // Live
		c.Write(reply)
	})
	_, err := Call[QuoteRequest](context.Background(), "badbool", &QuoteRequest{})
	wantKind(t, err, KindMalformed, "invalid cell.QuoteRequest reply: field Live at byte 10: bool byte 0x07 is neither 0 nor 1")
}

func TestCallNotFixedSize(t *testing.T) {
	socketDir(t)
	type withPtr struct{ P *Quote }
	type withSlice struct{ S []byte }
	type withString struct{ S string }
	type withInt struct{ N int }
	ctx := context.Background()
	var errs []error
	_, err := Call[Quote](ctx, "x", &withPtr{})
	errs = append(errs, err)
	_, err = Call[Quote](ctx, "x", &withSlice{})
	errs = append(errs, err)
	_, err = Call[withString](ctx, "x", &QuoteRequest{})
	errs = append(errs, err)
	_, err = Call[withInt](ctx, "x", &QuoteRequest{})
	errs = append(errs, err)
	_, err = Call[Quote](ctx, "x", (*QuoteRequest)(nil))
	errs = append(errs, err)
	wants := []string{
		"request type cell.withPtr is not a message type: field P: pointer *cell.Quote has no archived form (use cell.Box, built with cell.MakeBox)",
		"request type cell.withSlice is not a message type: field S: []uint8",
		"response type cell.withString is not a message type: field S: string",
		"response type cell.withInt is not a message type: field N: int has no fixed archived width",
		"nil request",
	}
	for i, err := range errs {
		ce := wantKind(t, err, KindType, wants[i])
		var te *TypeError
		if i < 4 && !errors.As(ce, &te) {
			t.Errorf("%v does not wrap a *TypeError", err)
		}
	}
}

func TestCallWithAddressTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, l, func(ctx context.Context, v *[2]int32) (*int64, error) {
			s := int64(v[0]) + int64(v[1])
			return &s, nil
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	s, err := Call[int64](context.Background(), "adder", &[2]int32{40, 2}, WithAddress("tcp", l.Addr().String()))
	if err != nil || *s != 42 {
		t.Fatalf("got %v, %v", s, err)
	}
}
