package gocell

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// parse reads a schema file and its profile.
func parse(t *testing.T, path string) (*rustschema.Schema, rustschema.Profile) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := rustschema.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	p := rustschema.DefaultProfile()
	if s.Profile != nil {
		p = *s.Profile
	}
	return s, p
}

// TestLocks keeps the committed locks that bind the example's Go types
// what "cellvet add market --schema SCHEMA" writes: the trader's, and the
// repository's, which the vet pass checks this package against. The
// repository's lock pins other cells too (internal/interop's): they stay as
// they are, and the whole file must be what the lock writer writes.
func TestLocks(t *testing.T) {
	s, p := parse(t, filepath.Join("..", "schema.rs"))
	for _, tc := range []struct{ lock, dir, schema string }{
		{"../trader/cell.lock", "examples/market/trader", "../schema.rs"},
		{"../../../cell.lock", "the repository's root", "examples/market/schema.rs"},
	} {
		c, err := lockfile.FromSchema(Name, lockfile.Source{Kind: lockfile.SourceSchema, Path: tc.schema}, s, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.FromSlash(tc.lock))
		if err != nil {
			t.Fatal(err)
		}
		l, err := lockfile.Parse(tc.lock, got)
		if err != nil {
			t.Fatal(err)
		}
		l.Set(c)
		if !bytes.Equal(got, l.Marshal()) {
			t.Errorf("%s is stale: run cellvet add market --schema %s in %s", tc.lock, tc.schema, tc.dir)
		}
	}
}

// serve starts the cell on a fresh socket and returns its address.
func serve(t *testing.T, opts ...cell.ServeOption) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "gocell")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	addr := filepath.Join(dir, Name+".sock")
	l, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opts = append([]cell.ServeOption{cell.WithErrorLog(func(err error) { t.Log(err) })}, opts...)
	go func() { done <- Serve(ctx, l, opts...) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return addr
}

func call(t *testing.T, addr string, req *Request, b *cell.Buffer) (*MarketMsg, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cell.Expect(Name, FP)
	return cell.Call[MarketMsg](ctx, Name, req, cell.WithAddress("unix", addr), cell.WithBuffer(b))
}

// TestQuote and TestPlace are the cases of the exchange's tests
// (exchange/src/exchange.rs): the two cells answer alike.
func TestQuote(t *testing.T) {
	addr := serve(t)
	var b cell.Buffer
	var req Request
	cell.SetVariant(&req, &QuoteCall{Req: QuoteRequest{Symbol: b.String("ACME.XNYS"), Depth: 2}})
	resp, err := call(t, addr, &req, &b)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := cell.Variant[QuoteReply](resp)
	if !ok {
		t.Fatalf("reply variant %d, want Quote", resp.Tag())
	}
	q := &r.Quote
	if q.Bid != 165.5 || q.Ask != 165.75 || q.BidSizes != [4]uint32{400, 300, 0, 0} || q.Venue.String() != Venue {
		t.Errorf("quote %v %v %v %q", q.Bid, q.Ask, q.BidSizes, q.Venue.String())
	}
}

func TestPlace(t *testing.T) {
	addr := serve(t)
	limit := func(v float64) cell.Option[float64] { return cell.Some(v) }
	for _, tc := range []struct {
		id       uint64
		side     Side
		qty      uint32
		limit    cell.Option[float64]
		tags     []string
		accepted bool
		note     string
	}{
		{7, Buy, 5, limit(101.5), []string{"desk-7/alice", "strategy:mean-reversion"}, true, "accepted: buy 5 @ 101.50 [desk-7/alice, strategy:mean-reversion]"},
		{8, Sell, 20_000, cell.Option[float64]{}, nil, false, "rejected: sell 20000 @ market []"},
		{9, Buy, 1, limit(-1), []string{"x"}, false, "rejected: buy 1 @ -1.00 [x]"},
	} {
		var b cell.Buffer
		tags := make([]cell.String, len(tc.tags))
		for i, s := range tc.tags {
			tags[i] = b.String(s)
		}
		var req Request
		cell.SetVariant(&req, &PlaceCall{Order: Order{ID: tc.id, Side: tc.side, Qty: tc.qty, Limit: tc.limit, Tags: cell.MakeVec(&b, tags)}})
		resp, err := call(t, addr, &req, &b)
		if err != nil {
			t.Fatalf("order %d: %v", tc.id, err)
		}
		ack, ok := cell.Variant[OrderAck](resp)
		if !ok {
			t.Fatalf("order %d: reply variant %d, want OrderAck", tc.id, resp.Tag())
		}
		if ack.ID != tc.id || ack.Accepted != tc.accepted || ack.Note.String() != tc.note {
			t.Errorf("order %d: ack %d %v %q, want %v %q", tc.id, ack.ID, ack.Accepted, ack.Note.String(), tc.accepted, tc.note)
		}
	}
}

// TestBadSide: an order whose side is no Side variant fails its call only.
func TestBadSide(t *testing.T) {
	addr := serve(t)
	var b cell.Buffer
	var req Request
	cell.SetVariant(&req, &PlaceCall{Order: Order{ID: 1, Side: 2, Qty: 1}})
	if _, err := call(t, addr, &req, &b); err == nil {
		t.Fatal("an order with side 2 was answered")
	}
	cell.SetVariant(&req, &PlaceCall{Order: Order{ID: 2, Side: Sell, Qty: 1}})
	if _, err := call(t, addr, &req, &b); err != nil {
		t.Fatalf("the cell did not go on after a bad order: %v", err)
	}
}

// TestDriftedCell: a market cell whose schema drifted (Order.qty became a
// u64) is refused by the trader's handshake, with both fingerprints and
// the command that re-pins it.
func TestDriftedCell(t *testing.T) {
	drifted := bytes.Replace(Canon, []byte("field qty u32\n"), []byte("field qty u64\n"), 1)
	if bytes.Equal(drifted, Canon) {
		t.Fatal("market.cfp has no line \"field qty u32\"")
	}
	addr := serve(t, cell.WithCanon(Name, drifted))
	var b cell.Buffer
	var req Request
	cell.SetVariant(&req, &QuoteCall{Req: QuoteRequest{Symbol: b.String("ACME"), Depth: 1}})
	_, err := call(t, addr, &req, &b)
	var me *cell.MismatchError
	if !errors.As(err, &me) || me.Want != "97842ea5bd9a9c89" || me.Got == me.Want {
		t.Fatalf("call to a drifted cell: %v, want a *cell.MismatchError from 97842ea5bd9a9c89", err)
	}
	if !strings.Contains(err.Error(), "cellvet update market") {
		t.Errorf("the mismatch does not say how to re-pin: %v", err)
	}
}
