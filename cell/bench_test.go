package cell

import (
	"context"
	"io"
	"net"
	"testing"
	"unsafe"

	"github.com/cellvet/cellvet/internal/wire"
)

// benchCell serves the allocation tests' handler on a fresh socket.
func benchCell(b *testing.B) {
	dir := b.TempDir()
	b.Setenv(wire.SocketDirEnv, dir)
	l, err := Listen("bench")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, l, fixedReply()) }()
	b.Cleanup(func() { cancel(); <-done })
}

// BenchmarkCallInto: a warm fixed-size call over a Unix socket, client
// and server in one process (-benchmem: 0 allocations per call).
func BenchmarkCallInto(b *testing.B) {
	benchCell(b)
	var buf Buffer
	req := QuoteRequest{Depth: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CallInto[Quote](context.Background(), "bench", &req, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCall: the same with plain Call (1 allocation: the *Resp).
func BenchmarkCall(b *testing.B) {
	benchCell(b)
	req := QuoteRequest{Depth: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Call[Quote](context.Background(), "bench", &req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServe: the server driven by a raw client that allocates
// nothing, so -benchmem shows the server's allocations.
func BenchmarkServe(b *testing.B) {
	benchCell(b)
	c, err := net.Dial("unix", wire.SocketPath("bench"))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	frame := append([]byte{16, 0, 0, 0}, make([]byte, 16)...)
	reply := make([]byte, 4+unsafe.Sizeof(Quote{}))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Write(frame); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			b.Fatal(err)
		}
	}
}
