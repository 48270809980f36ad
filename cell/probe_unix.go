//go:build unix

package cell

import (
	"net"
	"syscall"
)

// prober finds out, without blocking, whether an idle connection is still
// good: a peek that sees the end of the stream (the peer closed it) or
// bytes nobody asked for (the peer broke the framing) condemns it, so
// that the call dials instead of sending its request into a dead
// connection (a request is never sent twice).
type prober struct {
	rc   syscall.RawConn
	fn   func(fd uintptr) bool // check, bound once so that alive allocates nothing
	dead bool
	b    [1]byte
}

func (p *prober) init(nc net.Conn) {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	p.rc, p.fn = rc, p.check
}

// check peeks at the socket; it returns true so that RawConn.Read never
// waits.
func (p *prober) check(fd uintptr) bool {
	_, _, err := syscall.Recvfrom(int(fd), p.b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	// Nothing to read is the only good answer: 0 bytes is the end of the
	// stream, a byte is garbage, any other error a broken socket.
	p.dead = err != syscall.EAGAIN && err != syscall.EWOULDBLOCK && err != syscall.EINTR
	return true
}

func (p *prober) alive() bool {
	if p.rc == nil {
		return true
	}
	if err := p.rc.Read(p.fn); err != nil {
		return false
	}
	return !p.dead
}
