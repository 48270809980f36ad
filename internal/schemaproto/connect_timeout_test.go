//go:build linux

package schemaproto

import (
	"context"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// TestConnectTimeout fills the accept queue of a loopback TCP socket that
// listens with a backlog of 0 and never accepts: Linux then drops further
// SYNs, so a connect hangs until the connect timeout.
func TestConnectTimeout(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skip(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Skip(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Skip(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Skip(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)

	// Fill the queue: dial until a dial times out.
	filled := false
	for i := 0; i < 8 && !filled; i++ {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			filled = true
			break
		}
		defer c.Close()
	}
	if !filled {
		t.Skip("the accept queue did not fill; cannot provoke a connect timeout here")
	}
	start := time.Now()
	_, err = Fetch(context.Background(), wire.Target{Network: "tcp", Address: addr}, Options{ConnectTimeout: 200 * time.Millisecond})
	want := "schema request to tcp:" + addr + ": cannot connect: timed out after 200ms (connect timeout)"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if e := asError(t, err); e.Kind != netutil.KindConnect {
		t.Errorf("kind %d", e.Kind)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}
