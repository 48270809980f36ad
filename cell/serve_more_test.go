package cell

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/cellvet/cellvet/internal/wire"
)

// runServe runs Serve on the named cell's socket; stop cancels it and
// returns Serve's result.
func runServe[Req, Resp any](t *testing.T, name string, handle func(context.Context, *Req) (*Resp, error), opts ...ServeOption) (stop func() error) {
	t.Helper()
	l, err := Listen(name)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, l, handle, opts...) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("Serve did not return")
		}
		return nil
	}
	t.Cleanup(func() { stop() })
	return stop
}

func TestServePanicIsolated(t *testing.T) {
	socketDir(t)
	log := startServe(t, "fragile", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		if r.Depth == 13 {
			panic("unlucky depth")
		}
		return quoteHandler(ctx, r)
	})
	_, err := Call[Quote](context.Background(), "fragile", &QuoteRequest{Depth: 13})
	wantKind(t, err, KindClosed, "closed the connection without replying")
	log.waitFor(t, "handler panicked: unlucky depth")
	log.waitFor(t, "goroutine ") // the stack
	mustCall(t, "fragile", 12)
}

// TestServeGracefulShutdown: shutdown closes idle connections at once,
// lets a running handler finish and write its reply, then returns.
func TestServeGracefulShutdown(t *testing.T) {
	socketDir(t)
	entered, release := make(chan struct{}), make(chan struct{})
	stop := runServe(t, "graceful", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		if r.Depth == 1 {
			close(entered)
			<-release
		}
		return quoteHandler(ctx, r)
	})
	idle := dial(t, "graceful")
	idle.Write(requestFrame(t, &QuoteRequest{Depth: 2}))
	readQuote(t, idle) // served, now idle
	reply := make(chan error, 1)
	go func() {
		_, err := Call[Quote](context.Background(), "graceful", &QuoteRequest{Depth: 1})
		reply <- err
	}()
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	if _, err := wire.ReadFrame(idle, MaxFrameSize); err != io.EOF {
		t.Fatalf("idle connection at shutdown: %v; want it closed", err)
	}
	select {
	case err := <-stopped:
		t.Fatalf("Serve returned (%v) while a handler ran", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-reply; err != nil {
		t.Fatalf("the running call: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// TestServeShutdownTimeout: a handler still running when the shutdown
// timeout passes has its context canceled and its connection closed.
func TestServeShutdownTimeout(t *testing.T) {
	socketDir(t)
	entered := make(chan struct{})
	canceled := make(chan time.Time, 1)
	stop := runServe(t, "stuck", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		close(entered)
		<-ctx.Done()
		canceled <- time.Now()
		return nil, ctx.Err()
	}, WithShutdownTimeout(100*time.Millisecond))
	reply := make(chan error, 1)
	go func() {
		_, err := Call[Quote](context.Background(), "stuck", &QuoteRequest{})
		reply <- err
	}()
	<-entered
	start := time.Now()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if at := <-canceled; at.Sub(start) < 80*time.Millisecond {
		t.Errorf("handler canceled after %v, before the shutdown timeout", at.Sub(start))
	}
	wantKind(t, <-reply, KindClosed)
}

// TestServeMaxConns: with every slot taken, Serve accepts no more until
// one frees.
func TestServeMaxConns(t *testing.T) {
	socketDir(t)
	startServe(t, "narrow", quoteHandler, WithMaxConns(1))
	first := dial(t, "narrow")
	first.Write(requestFrame(t, &QuoteRequest{Depth: 1}))
	readQuote(t, first)
	second := dial(t, "narrow") // in the backlog
	second.Write(requestFrame(t, &QuoteRequest{Depth: 2}))
	second.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var ne net.Error
	if _, err := wire.ReadFrame(second, MaxFrameSize); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("second connection answered (%v) while the first held the only slot", err)
	}
	first.Close()
	second.SetReadDeadline(time.Now().Add(5 * time.Second))
	if q := readQuote(t, second); q.Bid != 2 {
		t.Fatalf("reply %+v", q)
	}
}

func TestReplyBuffer(t *testing.T) {
	socketDir(t)
	bufs := make(chan *Buffer, 2)
	startServe(t, "bufs", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		bufs <- ReplyBuffer(ctx)
		return quoteHandler(ctx, r)
	})
	mustCall(t, "bufs", 1)
	mustCall(t, "bufs", 2)
	a, b := <-bufs, <-bufs
	if a == nil || a != b {
		t.Errorf("ReplyBuffer: %p then %p; want the connection's buffer both times", a, b)
	}
	if ReplyBuffer(context.Background()) != nil {
		t.Error("ReplyBuffer outside a handler is not nil")
	}
}

func TestServeBadOptions(t *testing.T) {
	socketDir(t)
	for _, tc := range []struct {
		opt  ServeOption
		want string
	}{
		{WithCanon("quotes", []byte("not a canonical text\n")), "cell.Serve: WithCanon: canonical text starts with"},
		{WithCanon("bad/name", []byte(testCanon)), "path separator"},
		{WithMaxConns(0), "WithMaxConns(0): want at least 1"},
	} {
		l, err := Listen("quotes")
		if err != nil {
			t.Fatal(err)
		}
		err = Serve(context.Background(), l, quoteHandler, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Serve: %v; want %q", err, tc.want)
		}
		if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("listener not closed: %v", err)
		}
	}
}

// TestServePipelined: frames sent back to back (a schema request, then
// two messages in one write) are all answered, in order.
func TestServePipelined(t *testing.T) {
	socketDir(t)
	serveQuotes(t)
	c := dial(t, "quotes")
	b := wire.AppendRequest(nil, wire.Version)
	b = append(b, requestFrame(t, &QuoteRequest{Depth: 1})...)
	b = append(b, requestFrame(t, &QuoteRequest{Depth: 2})...)
	c.Write(b)
	if p, err := wire.ReadFrame(c, MaxFrameSize); err != nil || string(p[:8]) != wire.ReplyMagic {
		t.Fatalf("schema reply: %v", err)
	}
	for want := range 2 {
		if q := readQuote(t, c); q.Bid != float64(want+1) {
			t.Fatalf("reply %d: %+v", want, q)
		}
	}
}

// TestPayloadsAligned: every payload handed to access starts 16-byte
// aligned, as the archive's validator requires: the server's request
// (also when pipelined behind another frame) and CallInto's reply in its
// Buffer.
func TestPayloadsAligned(t *testing.T) {
	socketDir(t)
	misaligned := make(chan uintptr, 8)
	startServe(t, "aligned", func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		if p := uintptr(unsafe.Pointer(r)); p%16 != 0 {
			misaligned <- p
		}
		return quoteHandler(ctx, r)
	})
	var buf Buffer
	for i := range 3 {
		q, err := CallInto[Quote](context.Background(), "aligned", &QuoteRequest{Depth: uint16(i)}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		if p := uintptr(unsafe.Pointer(q)); p%16 != 0 || p != uintptr(unsafe.Pointer(unsafe.SliceData(buf.recv))) {
			t.Errorf("CallInto's reply at %#x, not at the start of its aligned receive area", p)
		}
	}
	c := dial(t, "aligned")
	c.Write(append(requestFrame(t, &QuoteRequest{Depth: 1}), requestFrame(t, &QuoteRequest{Depth: 2})...))
	readQuote(t, c)
	readQuote(t, c)
	select {
	case p := <-misaligned:
		t.Errorf("a request payload at %#x", p)
	default:
	}
}
