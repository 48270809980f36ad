package cell

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener counts the connections Serve accepts.
type countingListener struct {
	net.Listener
	n atomic.Int32
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// serveCounted serves the named cell with handle, counting connections.
func serveCounted[Req, Resp any](t *testing.T, name string, handle func(context.Context, *Req) (*Resp, error), opts ...ServeOption) *countingListener {
	t.Helper()
	l, err := Listen(name)
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: l}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cl, handle, opts...) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return cl
}

// poolConfig sets the pool's configuration for one test.
func poolConfig(t *testing.T, c PoolConfig) {
	SetPoolConfig(c)
	t.Cleanup(func() { SetPoolConfig(PoolConfig{}) })
}

// cellPoolOf returns the pool of a cell on its socket.
func cellPoolOf(t *testing.T, cell string) *cellPool {
	t.Helper()
	p, err := pools.lookup(&exchange{cell: cell})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustCall(t *testing.T, cell string, depth uint16, opts ...CallOption) {
	t.Helper()
	q, err := Call[Quote](context.Background(), cell, &QuoteRequest{Depth: depth}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if q.Bid != float64(depth) {
		t.Fatalf("reply %+v to depth %d", q, depth)
	}
}

func TestPoolReusesConnection(t *testing.T) {
	socketDir(t)
	l := serveCounted(t, "reuse", quoteHandler)
	for i := range 20 {
		mustCall(t, "reuse", uint16(i))
	}
	if n := l.n.Load(); n != 1 {
		t.Errorf("%d connections for 20 sequential calls, want 1", n)
	}
	var buf Buffer
	for i := range 5 {
		if q, err := CallInto[Quote](context.Background(), "reuse", &QuoteRequest{Depth: uint16(i)}, &buf); err != nil || q.Bid != float64(i) {
			t.Fatalf("CallInto: %+v, %v", q, err)
		}
	}
	if n := l.n.Load(); n != 1 {
		t.Errorf("%d connections after CallInto, want 1", n)
	}
}

// TestPoolLIFO: a call takes the most recently returned connection.
func TestPoolLIFO(t *testing.T) {
	socketDir(t)
	release := make(chan struct{})
	var inside sync.WaitGroup
	inside.Add(2)
	serveCounted(t, "lifo", func(_ context.Context, r *QuoteRequest) (*Quote, error) {
		if r.Depth == 1 {
			inside.Done()
			<-release
		}
		return &Quote{Bid: float64(r.Depth)}, nil
	})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { mustCall(t, "lifo", 1) })
	}
	inside.Wait()
	close(release)
	wg.Wait()
	p := cellPoolOf(t, "lifo")
	p.mu.Lock()
	if len(p.idle) != 2 {
		p.mu.Unlock()
		t.Fatalf("%d idle connections, want 2", len(p.idle))
	}
	top := p.idle[1]
	p.mu.Unlock()
	mustCall(t, "lifo", 2)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle[1] != top {
		t.Error("the call did not take (and return) the most recently used connection")
	}
}

// TestPoolMaxConns: calls beyond MaxConns wait for a connection, within
// their bound.
func TestPoolMaxConns(t *testing.T) {
	socketDir(t)
	poolConfig(t, PoolConfig{MaxConns: 2})
	release := make(chan struct{})
	l := serveCounted(t, "bounded", func(_ context.Context, r *QuoteRequest) (*Quote, error) {
		if r.Depth == 1 {
			<-release
		}
		return &Quote{Bid: float64(r.Depth)}, nil
	})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { mustCall(t, "bounded", 1) })
	}
	for l.n.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	// Both connections are busy: a third call waits, and gives up at its
	// timeout.
	_, err := Call[Quote](context.Background(), "bounded", &QuoteRequest{Depth: 2}, WithTimeout(50*time.Millisecond))
	wantKind(t, err, KindTimeout, "timed out while waiting for a connection (2 in use, PoolConfig.MaxConns)")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = Call[Quote](ctx, "bounded", &QuoteRequest{Depth: 2})
	wantKind(t, err, KindCanceled, "canceled while waiting for a connection")

	done := make(chan struct{})
	go func() { mustCall(t, "bounded", 3); close(done) }()
	select {
	case <-done:
		t.Fatal("a third call went through while both connections were busy")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-done
	wg.Wait()
	if n := l.n.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (MaxConns)", n)
	}
}

// TestPoolConcurrent: many callers share a bounded pool (run with -race).
func TestPoolConcurrent(t *testing.T) {
	socketDir(t)
	poolConfig(t, PoolConfig{MaxConns: 4})
	l := serveCounted(t, "busy", quoteHandler)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			var buf Buffer
			for i := range 50 {
				d := uint16(g*100 + i)
				if i%2 == 0 {
					mustCall(t, "busy", d)
				} else if q, err := CallInto[Quote](context.Background(), "busy", &QuoteRequest{Depth: d}, &buf); err != nil || q.Bid != float64(d) {
					t.Errorf("CallInto: %+v, %v", q, err)
				}
			}
		})
	}
	wg.Wait()
	if n := l.n.Load(); n > 4 || n < 1 {
		t.Errorf("%d connections, want 1 to 4", n)
	}
}

// eofServer answers calls with a fixed Quote and reports, per connection,
// how many requests came before the client closed it.
func eofServer(t *testing.T, name string, after func(c net.Conn)) <-chan int {
	served := make(chan int, 16)
	rawServer(t, name, func(c net.Conn) {
		n := 0
		for {
			if _, err := io.ReadFull(c, make([]byte, 4+16)); err != nil {
				served <- n
				return
			}
			n++
			c.Write(append(binary.LittleEndian.AppendUint32(nil, quoteSize), make([]byte, quoteSize)...))
			if after != nil {
				after(c)
			}
		}
	})
	return served
}

func TestPoolIdleTimeout(t *testing.T) {
	socketDir(t)
	poolConfig(t, PoolConfig{IdleTimeout: 50 * time.Millisecond})
	served := eofServer(t, "idle", nil)
	mustCall(t, "idle", 0)
	select {
	case n := <-served: // the janitor closed the idle connection
		if n != 1 {
			t.Errorf("%d requests on the connection, want 1", n)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the idle connection was not closed")
	}
	mustCall(t, "idle", 0) // on a new connection
}

func TestCloseIdle(t *testing.T) {
	socketDir(t)
	served := eofServer(t, "closeidle", nil)
	mustCall(t, "closeidle", 0)
	mustCall(t, "closeidle", 0)
	CloseIdle()
	select {
	case n := <-served:
		if n != 2 {
			t.Errorf("%d requests on the connection, want 2", n)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("CloseIdle did not close the idle connection")
	}
}

// TestPoolPeerClosedIdle: a connection the peer closed while idle is
// found dead when taken; the call dials instead, and no request is sent
// twice.
func TestPoolPeerClosedIdle(t *testing.T) {
	socketDir(t)
	served := eofServer(t, "oneshot", func(c net.Conn) { c.Close() })
	for range 3 {
		mustCall(t, "oneshot", 0)
		if n := <-served; n != 1 {
			t.Fatalf("%d requests on a connection, want 1", n)
		}
	}
}

// TestPoolGarbageAfterReply: bytes after a reply make the connection
// unusable, whether they come with the reply or later.
func TestPoolGarbageAfterReply(t *testing.T) {
	socketDir(t)
	reply := append(binary.LittleEndian.AppendUint32(nil, quoteSize), make([]byte, quoteSize)...)
	withGarbage := append(append([]byte(nil), reply...), 0xAA)
	var conns atomic.Int32
	// answerEach serves the named cell, answering each request with respond.
	answerEach := func(name string, respond func(c net.Conn)) {
		rawServer(t, name, func(c net.Conn) {
			conns.Add(1)
			for {
				if _, err := io.ReadFull(c, make([]byte, 4+16)); err != nil {
					return
				}
				respond(c)
			}
		})
	}
	answerEach("garbage", func(c net.Conn) { c.Write(withGarbage) })
	_, err := Call[Quote](context.Background(), "garbage", &QuoteRequest{})
	wantKind(t, err, KindMalformed, fmt.Sprintf("1 bytes after the %d-byte reply frame", 4+quoteSize))
	_, err = Call[Quote](context.Background(), "garbage", &QuoteRequest{})
	wantKind(t, err, KindMalformed, "bytes after")
	if n := conns.Swap(0); n != 2 {
		t.Errorf("%d connections, want 2: the first must not be reused", n)
	}

	answerEach("late", func(c net.Conn) {
		c.Write(reply)
		time.Sleep(20 * time.Millisecond)
		c.Write([]byte{0xAA})
	})
	mustCall(t, "late", 0)
	time.Sleep(100 * time.Millisecond)
	mustCall(t, "late", 0)
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2: a connection with unsolicited bytes must not be reused", n)
	}
}

// TestPoolCanceledConnectionClosed: a call canceled mid-exchange closes
// its connection; the next call dials.
func TestPoolCanceledConnectionClosed(t *testing.T) {
	socketDir(t)
	closed := make(chan struct{}, 1)
	rawServer(t, "slow", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 4+16))
		io.Copy(io.Discard, c)
		closed <- struct{}{}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err := Call[Quote](ctx, "slow", &QuoteRequest{})
	if ce := wantKind(t, err, KindCanceled); !errors.Is(ce, context.Canceled) {
		t.Fatal(err)
	}
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the canceled call's connection was not closed")
	}
	p := cellPoolOf(t, "slow")
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) != 0 || p.open != 0 {
		t.Errorf("pool holds %d idle of %d open after a canceled call", len(p.idle), p.open)
	}
}
