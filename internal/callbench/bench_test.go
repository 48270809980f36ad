package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// The Go benchmarks time the same rows as "callbench run", one b.N loop
// each, for -benchmem's allocations per call. The servers run in a child
// process (this test binary, re-run with $CALLBENCH_SERVE_DIR), so that
// the allocations counted are the caller's only.
//
//	go test -run '^$' -bench . -benchmem
//
// callers=16 runs 16 goroutines (RunParallel), each with its own caller;
// its ns/op is then the inverse of the calls per second.

func TestMain(m *testing.M) {
	if dir := os.Getenv("CALLBENCH_SERVE_DIR"); dir != "" {
		if err := serveUntilEOF(dir); err != nil {
			fmt.Fprintln(os.Stderr, "callbench serve:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	for _, stop := range slices.Backward(benchStops) {
		stop()
	}
	os.Exit(code)
}

// benchStops stop what the benchmarks started: the server process, the
// Rust cells, and remove the socket directory. Holding the server's stop
// also keeps the pipe to its stdin from being collected (and closed).
var benchStops []func()

var benchRows = sync.OnceValues(func() ([]row, error) {
	dir, err := os.MkdirTemp("", "callbench")
	if err != nil {
		return nil, err
	}
	benchStops = append(benchStops, func() { os.RemoveAll(dir) })
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CALLBENCH_SERVE_DIR="+dir)
	stop, err := startChild(cmd)
	if err != nil {
		return nil, err
	}
	benchStops = append(benchStops, stop)
	var rust map[string]string
	if bin := os.Getenv("CALLBENCH_RUST"); bin != "" {
		rc, err := startRust(bin, dir)
		if err != nil {
			return nil, err
		}
		benchStops = append(benchStops, rc.stop)
		rust = rc.socks
	}
	g, err := dialGRPC(filepath.Join(dir, sockGRPC))
	if err != nil {
		return nil, err
	}
	benchStops = append(benchStops, g.close)
	fv, err := orderFrames(dir)
	if err != nil {
		return nil, err
	}
	return rows(dir, rust, g, fv), nil
})

func BenchmarkCall(b *testing.B) {
	rs, err := benchRows()
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rs {
		b.Run(fmt.Sprintf("%s/%s/callers=1", r.msg, r.sys), func(b *testing.B) { benchOne(b, r) })
		b.Run(fmt.Sprintf("%s/%s/callers=16", r.msg, r.sys), func(b *testing.B) { benchParallel(b, r, 16) })
	}
}

func benchOne(b *testing.B, r row) {
	c, err := r.dial()
	if err != nil {
		b.Fatal(err)
	}
	defer c.close()
	ctx := context.Background()
	if err := c.call(ctx); err != nil { // warm: connections, buffers
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.call(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.check(); err != nil {
		b.Fatal(err)
	}
}

func benchParallel(b *testing.B, r row, n int) {
	b.SetParallelism(max(1, n/runtime.GOMAXPROCS(0))) // n goroutines when GOMAXPROCS divides n
	b.ReportAllocs()
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		c, err := r.dial()
		if err != nil {
			b.Error(err)
			return
		}
		defer c.close()
		calls := 0
		for pb.Next() {
			if err := c.call(ctx); err != nil {
				b.Error(err)
				return
			}
			calls++
		}
		if err := c.check(); calls > 0 && err != nil {
			b.Error(err)
		}
	})
}
