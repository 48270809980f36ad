package cell

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// PoolConfig configures the process-wide connection pool (docs/runtime.md
// §2). A zero field keeps its default.
type PoolConfig struct {
	MaxConns    int           // connections per cell and address, idle or in use; default 64
	IdleTimeout time.Duration // an idle connection is closed after this; default 30 s
}

// Pool defaults.
const (
	DefaultMaxConns    = 64
	DefaultIdleTimeout = 30 * time.Second
)

// SetPoolConfig changes the pool's limits for every cell. Lowering
// MaxConns closes no connection: calls wait until the cell is under the
// new bound. A new IdleTimeout applies to connections as they are
// returned and at the next sweep.
func SetPoolConfig(c PoolConfig) {
	if c.MaxConns <= 0 {
		c.MaxConns = DefaultMaxConns
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	pools.maxConns.Store(int64(c.MaxConns))
	pools.idleTimeout.Store(int64(c.IdleTimeout))
	pools.disarm() // a pending sweep may be due after the new timeout
	pools.sweep()
}

// CloseIdle closes every idle connection of the pool; connections in use
// are kept.
func CloseIdle() {
	for _, p := range pools.all() {
		p.closeIdle(func(*conn) bool { return true })
	}
}

// connBufSize is the initial read buffer of a connection: a reply that
// fits comes in one read, length word and payload together.
const connBufSize = 4096

// maxKeptBuf is the largest reply with views for which a connection grows
// its read buffer: larger ones are read in two steps, straight into
// their destination, so an idle connection never holds more.
const maxKeptBuf = 64 << 10

// poolKey names a cell's connections: the cell (its expectation applies
// to them), the mode (a Cell SDK cell's connections are not a native
// cell's) and where it is reached, either an explicit address or what its
// name resolves with: $CELL_SOCKET_DIR, or $HOME for a Cell SDK cell
// (whose neighbor link is looked for once, when the pool is made).
type poolKey struct {
	cell, network, address, dir string
	sdk                         bool
}

// poolSet is the process-wide pool.
type poolSet struct {
	// cells maps a poolKey to its *cellPool. A sync.Map, not a map under
	// an RWMutex: every call looks its pool up, and concurrent callers on
	// different processors all wrote the RWMutex's reader count.
	cells sync.Map

	maxConns    atomic.Int64
	idleTimeout atomic.Int64 // time.Duration

	janitorMu sync.Mutex
	janitor   *time.Timer
	armed     atomic.Bool
}

var pools = newPoolSet()

func newPoolSet() *poolSet {
	s := &poolSet{}
	s.maxConns.Store(DefaultMaxConns)
	s.idleTimeout.Store(int64(DefaultIdleTimeout))
	return s
}

// lookup returns the pool of x's cell and address, creating it (and
// validating the name and resolving the socket path, once) when new.
// syscall.Getenv, unlike os.Getenv, does not log the lookup in tests, so
// the warm path allocates nothing.
func (s *poolSet) lookup(x *exchange) (*cellPool, error) {
	k := poolKey{cell: x.cell, network: x.cfg.network, address: x.cfg.address, sdk: x.sdk}
	if k.address == "" {
		k.network = ""
		env := netutil.SocketDirEnv
		if x.sdk {
			env = "HOME"
		}
		k.dir, _ = syscall.Getenv(env)
	}
	if p, ok := s.cells.Load(k); ok {
		return p.(*cellPool), nil
	}
	if err := wire.ValidateName(x.cell); err != nil {
		return nil, x.fail(KindName, err, "%v", err)
	}
	network, address := k.network, k.address
	if address == "" {
		var t wire.Target
		var err error
		if x.sdk {
			t, err = wire.ResolveCellSDK(x.cell)
		} else {
			t, err = wire.ResolveIn(x.cell, k.dir)
		}
		if err != nil {
			return nil, x.fail(KindName, err, "%v", err)
		}
		network, address = t.Network, t.Address
	}
	p, _ := s.cells.LoadOrStore(k, &cellPool{cell: x.cell, network: network, address: address})
	return p.(*cellPool), nil
}

func (s *poolSet) all() []*cellPool {
	var out []*cellPool
	s.cells.Range(func(_, p any) bool {
		out = append(out, p.(*cellPool))
		return true
	})
	return out
}

// arm schedules a sweep one idle timeout from now, unless one is pending:
// one timer for the whole process, not one per connection.
func (s *poolSet) arm() { s.armIn(time.Duration(s.idleTimeout.Load())) }

func (s *poolSet) armIn(d time.Duration) {
	// The load first: a compare-and-swap writes the cache line even when
	// it fails, and every call's put arms.
	if s.armed.Load() || !s.armed.CompareAndSwap(false, true) {
		return
	}
	s.janitorMu.Lock()
	defer s.janitorMu.Unlock()
	if s.janitor == nil {
		s.janitor = time.AfterFunc(d, s.onTimer)
	} else {
		s.janitor.Reset(d)
	}
}

func (s *poolSet) disarm() {
	s.janitorMu.Lock()
	defer s.janitorMu.Unlock()
	if s.janitor != nil {
		s.janitor.Stop()
	}
	s.armed.Store(false)
}

func (s *poolSet) onTimer() {
	s.armed.Store(false)
	s.sweep()
}

// sweep closes the connections idle for longer than the idle timeout and,
// while any idle connection is left, schedules the next sweep for when the
// oldest one expires.
func (s *poolSet) sweep() {
	timeout := time.Duration(s.idleTimeout.Load())
	now := time.Now()
	var oldest time.Time
	for _, p := range s.all() {
		if t, ok := p.closeIdle(func(c *conn) bool { return now.Sub(c.lastUsed) >= timeout }); ok && (oldest.IsZero() || t.Before(oldest)) {
			oldest = t
		}
	}
	if !oldest.IsZero() {
		s.armIn(oldest.Add(timeout).Sub(now))
	}
}

// cellPool holds the connections to one cell at one address.
type cellPool struct {
	cell, network, address string

	mu      sync.Mutex
	idle    []*conn // LIFO: the most recently used last
	open    int     // idle, in use and being dialed
	waiters []chan struct{}
}

// conn is a pooled connection with its reused buffers.
type conn struct {
	nc       net.Conn
	pool     *cellPool
	rbuf     []byte    // rbuf[4:] is 16-byte aligned: the payload of a reply read with its length word
	wbuf     []byte    // the request frame being sent (Call)
	lastUsed time.Time // when the last call on it began (a call reads the clock once)
	deadline time.Time // the deadline last set on nc (zero: none or unknown)
	gen      uint64    // expectations generation it was dialed under
	checked  bool      // the handshake ran: format is the cell's
	format   format
	probe    prober
	strs     []int // a Cell SDK reply's 0.7 strings, rewritten once its type is known
}

// setDeadline gives c's socket the deadline of b. Moving a socket's
// deadline updates a runtime timer, a cost paid on every call; a deadline
// set by an earlier call and at most deadlineSlack (of the bound's whole
// length) earlier than b's is kept, so a call may end that much early,
// never late.
func (c *conn) setDeadline(b netutil.Bound) {
	dl := b.Deadline()
	if dl.Equal(c.deadline) {
		return
	}
	if !c.deadline.IsZero() && !dl.IsZero() && !c.deadline.After(dl) && dl.Sub(c.deadline) <= deadlineSlack(dl.Sub(b.Start())) {
		return
	}
	c.nc.SetDeadline(dl)
	c.deadline = dl
}

// deadlineSlack is 1/64 of a bound's length, at most 10 ms.
func deadlineSlack(left time.Duration) time.Duration {
	return min(left/64, 10*time.Millisecond)
}

// take returns a connection to the cell: the most recently used idle one
// that is still good, a new one while the cell is under MaxConns, or the
// first one freed within x's bound.
func (p *cellPool) take(x *exchange) (*conn, error) {
	now := x.b.Start()
	for {
		p.mu.Lock()
		if c := p.popIdle(now); c != nil {
			p.mu.Unlock()
			return c, nil
		}
		if p.open < int(pools.maxConns.Load()) {
			p.open++
			p.mu.Unlock()
			c, err := p.dial(x)
			if err != nil {
				p.release()
				return nil, err
			}
			return c, nil
		}
		ch := make(chan struct{}, 1)
		p.waiters = append(p.waiters, ch)
		p.mu.Unlock()
		if err := p.wait(x, ch); err != nil {
			return nil, err
		}
		now = time.Now()
	}
}

// probeAfter is how long a connection must have been idle before popIdle
// checks it. The check is a system call, which at the floor's rate is a
// tenth of a call; a connection put back a moment ago is trusted: the
// peer would have to close it in that moment, and the call then fails
// with KindClosed (it is still never sent twice).
const probeAfter = 100 * time.Millisecond

// popIdle pops idle connections until one is usable, closing the others:
// expired, dialed under other expectations, or found dead (the peer
// closed it, or sent bytes nobody asked for), as of now. p.mu is held.
func (p *cellPool) popIdle(now time.Time) *conn {
	timeout := time.Duration(pools.idleTimeout.Load())
	gen := expectations.gen.Load()
	for len(p.idle) > 0 {
		c := p.idle[len(p.idle)-1]
		p.idle[len(p.idle)-1] = nil
		p.idle = p.idle[:len(p.idle)-1]
		idle := now.Sub(c.lastUsed)
		if idle < timeout && c.gen == gen && (idle < probeAfter || c.probe.alive()) {
			return c
		}
		c.nc.Close()
		p.open--
		p.signal()
	}
	return nil
}

// wait blocks until ch is signaled or x's bound ends.
func (p *cellPool) wait(x *exchange, ch chan struct{}) error {
	var expire <-chan time.Time
	if dl := x.b.Deadline(); !dl.IsZero() {
		t := time.NewTimer(time.Until(dl))
		defer t.Stop()
		expire = t.C
	}
	var err error
	select {
	case <-ch:
		return nil
	case <-x.b.Context().Done():
		err = x.b.Context().Err()
	case <-expire:
		err = os.ErrDeadlineExceeded
	}
	p.mu.Lock()
	if !p.dropWaiter(ch) {
		p.signal() // it was signaled as it gave up: pass the turn on
	}
	p.mu.Unlock()
	stage := fmt.Sprintf("waiting for a connection (%d in use, PoolConfig.MaxConns)", pools.maxConns.Load())
	return x.ioFail(stage, KindConnect, err)
}

func (p *cellPool) dropWaiter(ch chan struct{}) bool {
	for i, w := range p.waiters {
		if w == ch {
			p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
			return true
		}
	}
	return false
}

// signal wakes the first waiter. p.mu is held.
func (p *cellPool) signal() {
	if len(p.waiters) == 0 {
		return
	}
	ch := p.waiters[0]
	p.waiters = p.waiters[1:]
	ch <- struct{}{}
}

// release gives back the slot of a connection that is gone.
func (p *cellPool) release() {
	p.mu.Lock()
	p.open--
	p.signal()
	p.mu.Unlock()
}

// put returns a good connection to the pool after a call that began at
// start.
func (p *cellPool) put(c *conn, start time.Time) {
	p.mu.Lock()
	c.lastUsed = start
	p.idle = append(p.idle, c)
	p.signal()
	p.mu.Unlock()
	pools.arm()
}

// discard closes a connection that must not be reused.
func (p *cellPool) discard(c *conn) {
	c.nc.Close()
	p.release()
}

// closeIdle closes the idle connections for which drop is true and
// returns when the oldest one left was last used, if any is left.
func (p *cellPool) closeIdle(drop func(*conn) bool) (oldest time.Time, left bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.idle[:0]
	for _, c := range p.idle {
		if drop(c) {
			c.nc.Close()
			p.open--
			p.signal()
		} else {
			kept = append(kept, c)
		}
	}
	clear(p.idle[len(kept):])
	p.idle = kept
	if len(kept) == 0 {
		return time.Time{}, false
	}
	// lastUsed is when a call began, so put order is not lastUsed order.
	oldest = kept[0].lastUsed
	for _, c := range kept[1:] {
		if c.lastUsed.Before(oldest) {
			oldest = c.lastUsed
		}
	}
	return oldest, true
}

// dial connects within x's bound and runs the handshake when the cell has
// an expectation and is not a Cell SDK cell (which has no schema request).
func (p *cellPool) dial(x *exchange) (*conn, error) {
	nc, err := x.b.Dial(p.network, p.address, 0)
	if err != nil {
		if k, _ := x.b.Ended(err); k != 0 {
			return nil, x.ioFail("connecting", KindConnect, err)
		}
		problem := netutil.DialProblem(p.network, p.address, 0, err)
		if x.sdk {
			problem = netutil.DialProblemWhere(p.network, p.address, 0, err, wire.CellSDKWhere)
		}
		return nil, x.fail(KindConnect, err, "cannot connect: %s", problem)
	}
	c := &conn{nc: nc, pool: p, gen: x.gen, rbuf: alignedBuf(nil, 16+connBufSize)[12:]}
	c.probe.init(nc)
	if x.hasExp && !x.sdk {
		if err := c.handshake(x, x.exp); err != nil {
			nc.Close()
			return nil, err
		}
	}
	return c, nil
}

// receive reads one reply frame on c: the length word and, when it fits,
// the payload in one read into c.rbuf, then the rest where the payload
// belongs (c.rbuf for a fixed-size Call, the Buffer for CallInto, a new
// block for a Call with views). The length is checked before anything is
// allocated; bytes after the frame in the same read are an error.
func (x *exchange) receive(c *conn) ([]byte, error) {
	got, err := readAtLeast(c.nc, c.rbuf, 4)
	if err != nil {
		return nil, x.readFail(err, got, 4, true)
	}
	n := binary.LittleEndian.Uint32(c.rbuf)
	if err := x.checkLength(n); err != nil {
		return nil, err
	}
	have := got - 4
	if have > int(n) {
		return nil, x.fail(KindMalformed, nil, "%d bytes after the %d-byte reply frame (the peer does not speak the framing)", have-int(n), 4+n)
	}
	// A fixed-size Call's reply is validated in c.rbuf and copied out (a
	// Cell SDK reply of another size is not that Resp).
	inConn := x.out != nil && int(n) == x.resp.size
	if 4+int(n) > len(c.rbuf) && (inConn || n <= maxKeptBuf) {
		// Grow the connection's buffer (once) so that a reply of this size
		// comes in one read from now on.
		grown := alignedBuf(nil, 16+int(n))[12:]
		copy(grown, c.rbuf[:got])
		c.rbuf = grown
	}
	var dst []byte
	switch {
	case x.into != nil:
		x.into.recv = alignedBuf(x.into.recv, int(n))
		dst = x.into.recv
	case !inConn:
		dst = alignedBuf(nil, int(n))
	default:
		return c.rbuf[4 : 4+n : 4+n], readRest(x, c, c.rbuf[4:4+n], have)
	}
	if 4+int(n) <= len(c.rbuf) {
		if err := readRest(x, c, c.rbuf[4:4+n], have); err != nil {
			return nil, err
		}
		copy(dst, c.rbuf[4:4+n])
		return dst, nil
	}
	copy(dst, c.rbuf[4:got])
	return dst, readRest(x, c, dst, have)
}

// checkLength refuses a length word before anything is read or allocated.
func (x *exchange) checkLength(n uint32) error {
	switch {
	case n == 0xFFFFFFFF:
		return x.fail(KindMalformed, wire.ErrControlFrame, "the reply starts with the reserved length word 0xffffffff (a control frame, not a message)")
	case uint64(n) > uint64(x.cfg.maxReply):
		return x.fail(KindTooLarge, nil, "reply length %d exceeds the %d-byte limit", n, x.cfg.maxReply)
	case x.resp.fixed && int(n) != x.resp.size && !x.sdk: // a Cell SDK cell's error is another size
		return x.fail(KindSize, nil, "reply of %d bytes, but the response type %v is %d bytes (do the Go type and the cell's type agree? run go vet with cellvet)", n, x.resp.typ, x.resp.size)
	}
	return nil
}

// readRest fills dst past its first have bytes.
func readRest(x *exchange, c *conn, dst []byte, have int) error {
	if have == len(dst) {
		return nil
	}
	got, err := io.ReadFull(c.nc, dst[have:])
	if err != nil {
		return x.readFail(err, have+got, len(dst), false)
	}
	return nil
}

// readAtLeast reads into buf until at least min bytes have come.
func readAtLeast(r io.Reader, buf []byte, min int) (int, error) {
	got := 0
	for got < min {
		n, err := r.Read(buf[got:])
		got += n
		if err != nil {
			if got >= min {
				return got, nil
			}
			return got, err
		}
	}
	return got, nil
}

// readFail explains a failed read of the reply: got of want bytes of its
// length word (prefix) or payload.
func (x *exchange) readFail(err error, got, want int, prefix bool) error {
	part := "payload"
	if prefix {
		part = "length"
	}
	switch {
	case err == io.EOF && prefix && got == 0:
		return x.fail(KindClosed, err, "the peer closed the connection without replying")
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return x.fail(KindClosed, io.ErrUnexpectedEOF, "reply truncated: the peer closed the connection after %d of %d %s bytes", got, want, part)
	case prefix && got == 0:
		return x.ioFail("waiting for the reply", KindClosed, err)
	}
	return x.ioFail(fmt.Sprintf("reading the reply (got %d of %d %s bytes)", got, want, part), KindClosed, err)
}
