package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The harness's tests: every row makes real exchanges whose replies are
// checked, and the floor exchanges exactly the frames that the cellvet
// rows do, so that the ratios compare the same bytes.

// testServers starts every Go server (and the Rust cells when
// $CALLBENCH_RUST names the binary) in a temporary directory, and returns
// the rows against them.
func testServers(t *testing.T) (string, []row) {
	t.Helper()
	dir := t.TempDir()
	s, err := startServers(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	var rust map[string]string
	if bin := os.Getenv("CALLBENCH_RUST"); bin != "" {
		rc, err := startRust(bin, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rc.stop)
		rust = rc.socks
	}
	g, err := dialGRPC(filepath.Join(dir, sockGRPC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.close)
	fv, err := orderFrames(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, rows(dir, rust, g, fv)
}

func TestRowsAnswer(t *testing.T) {
	_, rs := testServers(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, r := range rs {
		t.Run(r.String(), func(t *testing.T) {
			c, err := r.dial()
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			if err := c.check(); err == nil {
				t.Fatal("check passed before any call")
			}
			for range 3 {
				if err := c.call(ctx); err != nil {
					t.Fatal(err)
				}
				if err := c.check(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestFloorFramesAreCellvets sends the floor's request frames, raw, to
// the cellvet servers and the Rust cells: each must answer with exactly
// the floor's reply frame (for the order, the Rust cell's rkyv archive and
// the Go builder's must agree byte for byte). The order is about 4 KiB
// each way.
func TestFloorFramesAreCellvets(t *testing.T) {
	dir, _ := testServers(t)
	fv, err := orderFrames(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, m := len(fv.req), len(fv.reply); n < 3800 || n > 4400 || m < 3800 || m > 4400 {
		t.Errorf("order frames of %d and %d bytes, want about 4 KiB", n, m)
	}
	type exchange struct {
		sock string
		f    frames
	}
	cases := []exchange{{sockCellFixed, fixedFrames()}, {sockCellVar, fv}}
	if os.Getenv("CALLBENCH_RUST") != "" {
		cases = append(cases, exchange{"rust-ping.sock", fixedFrames()}, exchange{"rust-order.sock", fv})
	}
	for _, c := range cases {
		t.Run(c.sock, func(t *testing.T) {
			got := rawExchange(t, filepath.Join(dir, c.sock), c.f.req, len(c.f.reply))
			if !bytes.Equal(got, c.f.reply) {
				t.Fatalf("reply frame\n% x\nwant the floor's\n% x", got, c.f.reply)
			}
		})
	}
}

// TestCallSendsFloorFrames serves one exchange with a raw server that
// records the request frame and answers with the floor's reply frame: the
// cellvet caller must send exactly the floor's request frame and accept
// the reply.
func TestCallSendsFloorFrames(t *testing.T) {
	f := fixedFrames()
	sock := filepath.Join(t.TempDir(), "rec.sock")
	got := recordOne(t, sock, len(f.req), f.reply)
	c, err := fixedDialer(sock, false)()
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if err := c.call(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.check(); err != nil {
		t.Fatal(err)
	}
	if req := <-got; !bytes.Equal(req, f.req) {
		t.Fatalf("request frame\n% x\nwant the floor's\n% x", req, f.req)
	}
}

// TestChecksCatchEchoes runs the floor and cellvet callers against a
// server that echoes each request frame: the call fails (an order's reply
// is larger than its request) or check does.
func TestChecksCatchEchoes(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "echo.sock")
	echoServer(t, sock)
	fv, err := orderFrames(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, dial := range map[string]func() (caller, error){
		"fixed/" + sysFloor:    floorDialer(sock, fixedFrames()),
		"fixed/" + sysCall:     fixedDialer(sock, false),
		"fixed/" + sysCallInto: fixedDialer(sock, true),
		"var/" + sysFloor:      floorDialer(sock, fv),
		"var/" + sysCall:       orderDialer(sock, false),
		"var/" + sysCallInto:   orderDialer(sock, true),
	} {
		t.Run(name, func(t *testing.T) {
			c, err := dial()
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			if err := c.call(context.Background()); err != nil {
				return // caught
			}
			if err := c.check(); err == nil {
				t.Fatal("check passed on an echoed request")
			}
		})
	}
}

func TestPrintTable(t *testing.T) {
	rs := []row{{msg: "fixed", sys: sysFloor}, {msg: "fixed", sys: sysCallInto}, {msg: "fixed", sys: sysGRPC}}
	res := map[key][]result{
		{"fixed/" + sysFloor, 1}:    {{p50: 10e3, p99: 20e3, rate: 1000, cpu: 4e3}, {p50: 20e3, p99: 40e3, rate: 500, cpu: 8e3}},
		{"fixed/" + sysCallInto, 1}: {{p50: 11e3, p99: 30e3, rate: 900, cpu: 5e3}, {p50: 30e3, p99: 60e3, rate: 250, cpu: 16e3}},
		{"fixed/" + sysGRPC, 1}:     {{p50: 55e3, p99: 90e3, rate: 100, cpu: 40e3}, {p50: 300e3, p99: 900e3, rate: 20, cpu: 80e3}},
	}
	var b strings.Builder
	printTable(&b, rs, []int{1}, res)
	// Ratios are medians of the rounds' ratios: p50 11/10 and 30/20, calls/s
	// 0.9 and 0.5, CPU 1.25 and 2, gRPC 55/11 and 300/30.
	want := "| fixed | 1 | cellvet CallInto | 20.5 | 45.0 | 575 | 10.50 | 1.30 | 0.70 | 1.62 | 7.50 |\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("table\n%s\nlacks\n%s", b.String(), want)
	}
}

func TestMeasure(t *testing.T) {
	c := &countingCaller{delay: 200 * time.Microsecond}
	r := row{msg: "fixed", sys: "test", dial: func() (caller, error) { return c, nil }}
	m, err := measure(context.Background(), r, 1, 10*time.Millisecond, 100*time.Millisecond, []int{os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	if m.calls == 0 || m.calls > c.n {
		t.Fatalf("%d calls timed, %d made", m.calls, c.n)
	}
	if m.p50 < c.delay || m.p99 < m.p50 {
		t.Fatalf("p50 %v p99 %v for calls of at least %v", m.p50, m.p99, c.delay)
	}
	if want := float64(m.calls) / 0.1; m.rate > want*1.01 || m.rate < want*0.5 {
		t.Fatalf("rate %.0f for %d calls in 100 ms", m.rate, m.calls)
	}
	// The calls spin: at most their wall time in CPU, and some of it (the
	// ticks are 10 ms; the test process spins about 100 ms).
	if m.cpu > 2*c.delay || m.cpu == 0 {
		t.Errorf("CPU %v per call of %v spinning", m.cpu, c.delay)
	}
	c.fail = true
	if _, err := measure(context.Background(), r, 1, time.Millisecond, 10*time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "wrong reply") {
		t.Fatalf("a failing check gave %v", err)
	}
}

func TestParseStatCPU(t *testing.T) {
	line := "1234 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 250 30 0 0 20 0 1 0 5 6 7\n"
	got, err := parseStatCPU([]byte(line))
	if err != nil || got != 280*clockTick {
		t.Fatalf("parseStatCPU = %v, %v; want %v", got, err, 280*clockTick)
	}
	for _, bad := range []string{"1234 no paren", "1 (x) S 1 2", "1 (x) S 1 2 3 4 5 6 7 8 9 10 x 30 0"} {
		if _, err := parseStatCPU([]byte(bad)); err == nil {
			t.Errorf("parseStatCPU(%q) passed", bad)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

type countingCaller struct {
	n     int
	delay time.Duration
	fail  bool
}

func (c *countingCaller) call(context.Context) error {
	c.n++
	for t0 := time.Now(); time.Since(t0) < c.delay; {
	}
	return nil
}

func (c *countingCaller) check() error {
	if c.fail {
		return errWrongReply
	}
	return nil
}

func (c *countingCaller) close() {}

var errWrongReply = errors.New("wrong reply")

// rawExchange writes frame to the socket and returns the n bytes read
// back.
func rawExchange(t *testing.T, sock string, frame []byte, n int) []byte {
	t.Helper()
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(frame); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, n)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	return got
}

// recordOne listens on sock for one connection, reads n bytes, sends them
// on the channel and answers with reply.
func recordOne(t *testing.T, sock string, n int, reply []byte) <-chan []byte {
	t.Helper()
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got := make(chan []byte, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		buf := make([]byte, n)
		if _, err := io.ReadFull(c, buf); err != nil {
			got <- nil
			return
		}
		c.Write(reply)
		got <- buf
	}()
	return got
}

// echoServer answers every frame on sock with itself.
func echoServer(t *testing.T, sock string) {
	t.Helper()
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				var hdr [4]byte
				for {
					if _, err := io.ReadFull(c, hdr[:]); err != nil {
						return
					}
					p := make([]byte, binary.LittleEndian.Uint32(hdr[:]))
					if _, err := io.ReadFull(c, p); err != nil {
						return
					}
					c.Write(append(hdr[:], p...))
				}
			}()
		}
	}()
}
