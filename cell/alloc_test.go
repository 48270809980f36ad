package cell

import (
	"context"
	"encoding/binary"
	"io"
	"testing"
	"unsafe"
)

// fixedReply is the handler of the allocation tests: it answers from
// memory it reuses, as a hot cell would.
func fixedReply() func(context.Context, *QuoteRequest) (*Quote, error) {
	var q Quote
	return func(_ context.Context, r *QuoteRequest) (*Quote, error) {
		q.Bid, q.Qty = float64(r.Depth), 9
		return &q, nil
	}
}

func skipAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	if testing.Short() {
		t.Skip("allocation counts need a warm process")
	}
}

// TestCallIntoAllocs: the warm fixed-size CallInto, with Background, to a
// real Serve over a Unix socket allocates nothing. AllocsPerRun counts
// the whole process, so this is the server's count too.
func TestCallIntoAllocs(t *testing.T) {
	skipAllocs(t)
	socketDir(t)
	startServe(t, "allocs", fixedReply())
	var buf Buffer
	req := QuoteRequest{Depth: 3}
	ctx := context.Background()
	wantAllocs(t, "CallInto", 0, func() {
		q, err := CallInto[Quote](ctx, "allocs", &req, &buf)
		if err != nil || q.Bid != 3 || q.Qty != 9 {
			t.Fatalf("CallInto: %+v, %v", q, err)
		}
	})
	// Options are values: they cost nothing either.
	wantAllocs(t, "CallInto with options", 0, func() {
		if _, err := CallInto[Quote](ctx, "allocs", &req, &buf, WithTimeout(DefaultTimeout), WithMaxReply(64)); err != nil {
			t.Fatal(err)
		}
	})
}

// wantAllocs runs f once to warm up, then checks its allocations per run.
func wantAllocs(t *testing.T, what string, want float64, f func()) {
	t.Helper()
	f()
	if n := testing.AllocsPerRun(1000, f); n != want {
		t.Errorf("%s allocates %v times per call, want %v", what, n, want)
	}
}

// TestCallAllocs: plain Call allocates the *Resp it returns, nothing else.
func TestCallAllocs(t *testing.T) {
	skipAllocs(t)
	socketDir(t)
	startServe(t, "allocs", fixedReply())
	req := QuoteRequest{Depth: 4}
	wantAllocs(t, "Call (the *Resp)", 1, func() {
		q, err := Call[Quote](context.Background(), "allocs", &req)
		if err != nil || q.Bid != 4 {
			t.Fatalf("Call: %+v, %v", q, err)
		}
	})
}

// TestServeAllocs: a server driven by a raw client that allocates
// nothing: whatever the process allocates per call is the server's.
func TestServeAllocs(t *testing.T) {
	skipAllocs(t)
	socketDir(t)
	startServe(t, "allocs", fixedReply())
	c := dial(t, "allocs")
	frame := requestFrame(t, &QuoteRequest{Depth: 5})
	reply := make([]byte, 4+unsafe.Sizeof(Quote{}))
	wantAllocs(t, "the server", 0, func() {
		if _, err := c.Write(frame); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			t.Fatal(err)
		}
		if binary.LittleEndian.Uint32(reply) != quoteSize {
			t.Fatalf("reply % x", reply)
		}
	})
}
