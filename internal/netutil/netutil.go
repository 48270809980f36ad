// Package netutil explains network errors of cell connections in the
// user's terms, for the schema-request client and the cell runtime alike.
package netutil

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// SocketDirEnv is the environment variable that names the directory of the
// cells' Unix sockets.
const SocketDirEnv = "CELL_SOCKET_DIR"

// DialProblem explains a failed dial of network ("unix" or "tcp") and addr.
// timeout is the connect timeout that applied, for the message of a timed
// out dial.
func DialProblem(network, addr string, timeout time.Duration, err error) string {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) || IsTimeout(err):
		return fmt.Sprintf("timed out after %v (connect timeout)", timeout)
	case network == "unix" && errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("no socket at %s (is the cell running? %s sets the socket directory)", addr, SocketDirEnv)
	case errors.Is(err, syscall.ECONNREFUSED):
		if network == "unix" {
			// Linux refuses a connect to a file that is not a socket
			// with ECONNREFUSED too; say which case it is.
			if fi, serr := os.Stat(addr); serr == nil && fi.Mode()&fs.ModeSocket == 0 {
				return fmt.Sprintf("%s is not a socket (a %s); a cell listens on a Unix socket there", addr, fileKind(fi.Mode()))
			}
			return fmt.Sprintf("connection refused: nothing listens on %s (a stale socket of a stopped cell?)", addr)
		}
		return fmt.Sprintf("connection refused: nothing listens on %s (is the cell running?)", addr)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("permission denied on %s", addr)
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return fmt.Sprintf("cannot resolve host %q: no such host", dnsErr.Name)
		}
		return fmt.Sprintf("cannot resolve host %q: %v", dnsErr.Name, dnsErr.Err)
	}
	return Unwrap(err).Error()
}

// IsTimeout reports whether err is a network timeout.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Unwrap strips *net.OpError and *os.SyscallError wrappers, whose texts
// repeat the operation and address the caller already names.
func Unwrap(err error) error {
	for {
		switch e := err.(type) {
		case *net.OpError:
			err = e.Err
		case *os.SyscallError:
			err = e.Err
		default:
			return err
		}
	}
}

// IsTransientAccept reports an Accept error worth retrying after a pause
// (out of file descriptors or buffers, an aborted connection).
func IsTransientAccept(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.ENOBUFS) ||
		errors.Is(err, syscall.ENOMEM)
}

// Peer names the remote end of a connection for a log line.
func Peer(c net.Conn) string {
	if a := c.RemoteAddr(); a != nil && a.String() != "" && a.String() != "@" {
		return a.Network() + ":" + a.String()
	}
	if a := c.LocalAddr(); a != nil {
		return "a client of " + a.Network() + ":" + a.String()
	}
	return "a client"
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m.IsRegular():
		return "regular file"
	}
	return "file of mode " + m.String()
}

// Conns tracks the live connections of a server so that shutting down can
// close them. The zero value is ready to use.
type Conns struct {
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

// Add records c; it reports false, and records nothing, after Close.
func (s *Conns) Add(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	if s.conns == nil {
		s.conns = map[net.Conn]struct{}{}
	}
	s.conns[c] = struct{}{}
	return true
}

// Remove forgets c.
func (s *Conns) Remove(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// Close closes every recorded connection and refuses new ones.
func (s *Conns) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
}
