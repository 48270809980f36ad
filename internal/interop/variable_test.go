package interop_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cellvet/cellvet/cell"
)

// An orderCell is one crate with the calls of its variable messages.
type orderCell struct {
	c *crate
	// call sends o built in b (with CallInto when into is set, receiving
	// into b) and reads the reply back.
	call  func(ctx context.Context, sock string, b *cell.Buffer, o *order, into bool) (*order, error)
	serve serveFunc
}

func orderCells() []orderCell {
	return []orderCell{
		{
			c: rkyv08,
			call: func(ctx context.Context, sock string, b *cell.Buffer, o *order, into bool) (*order, error) {
				req, at := build08(b, o), cell.WithAddress("unix", sock)
				var r *Order08
				var err error
				if into {
					r, err = cell.CallInto[Order08](ctx, "interop08", req, b, at)
				} else {
					r, err = cell.Call[Order08](ctx, "interop08", req, cell.WithBuffer(b), at)
				}
				if err != nil {
					return nil, err
				}
				return read08(r), nil
			},
			serve: func(ctx context.Context, l net.Listener, canon []byte, calls *atomic.Int32, errs func(error)) error {
				return cell.Serve(ctx, l, func(ctx context.Context, req *Order08) (*Order08, error) {
					calls.Add(1)
					return build08(cell.ReplyBuffer(ctx), answer(read08(req))), nil
				}, cell.WithCanon("interop08", canon), cell.WithErrorLog(errs))
			},
		},
		{
			c: rkyv07,
			call: func(ctx context.Context, sock string, b *cell.Buffer, o *order, into bool) (*order, error) {
				req, at := build07(b, o), cell.WithAddress("unix", sock)
				var r *Order07
				var err error
				if into {
					r, err = cell.CallInto[Order07](ctx, "interop07", req, b, at)
				} else {
					r, err = cell.Call[Order07](ctx, "interop07", req, cell.WithBuffer(b), at)
				}
				if err != nil {
					return nil, err
				}
				return read07(r), nil
			},
			serve: func(ctx context.Context, l net.Listener, canon []byte, calls *atomic.Int32, errs func(error)) error {
				return cell.Serve(ctx, l, func(ctx context.Context, req *Order07) (*Order07, error) {
					calls.Add(1)
					return build07(cell.ReplyBuffer(ctx), answer(read07(req))), nil
				}, cell.WithCanon("interop07", canon), cell.WithErrorLog(errs))
			},
		},
	}
}

func diff(got, want *order) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	return fmt.Sprintf("got  %+v\nwant %+v", *got, *want)
}

// TestVariableGoToRust: Go calls the Rust cells with Orders built in a
// Buffer (Call, then CallInto reusing the buffer); each request passes
// rkyv's validated access in Rust (the cell closes the connection on an
// invalid one), and each reply passes the Go validator and reads back as
// the expected answer.
func TestVariableGoToRust(t *testing.T) {
	rust(t)
	for _, oc := range orderCells() {
		t.Run(oc.c.dir, func(t *testing.T) {
			sock, log := startCell(t, oc.c, "cell", "order", oc.c.canon)
			var b cell.Buffer
			for _, into := range []bool{false, true} {
				for i := range orderSamples {
					b.Reset()
					got, err := oc.call(timeout(t), sock, &b, &orderSamples[i], into)
					if err != nil {
						t.Fatalf("order %d (CallInto %v): %v\ncell log:\n%s", i, into, err, log)
					}
					if d := diff(got, answer(&orderSamples[i])); d != "" {
						t.Errorf("order %d (CallInto %v):\n%s", i, into, d)
					}
				}
			}
			if !log.waitCount("message ", 2*len(orderSamples)) || log.count("invalid") != 0 {
				t.Errorf("want %d valid messages in the cell log:\n%s", 2*len(orderSamples), log)
			}
		})
	}
}

// TestVariableRustToGo: the Rust client sends Orders built by rkyv to a Go
// cell.Serve answering with the answer built in its ReplyBuffer; the
// client validates every reply with rkyv's checked access and compares it.
func TestVariableRustToGo(t *testing.T) {
	rust(t)
	for _, oc := range orderCells() {
		t.Run(oc.c.dir, func(t *testing.T) {
			rustToGo(t, oc.c, "order", len(orderSamples), oc.serve)
		})
	}
}

// TestVariableGolden: rkyv's archived samples pass the Go validator and
// read back as the samples; and Go archives each sample to the very bytes
// rkyv does (the encoder serializes as rkyv: children first, in field
// order, each at its alignment, padding zero, the root last).
func TestVariableGolden(t *testing.T) {
	rust(t)
	for _, oc := range orderCells() {
		t.Run(oc.c.dir, func(t *testing.T) {
			dir := golden(t, oc.c)
			var b cell.Buffer
			for i := range orderSamples {
				rkyv := readGolden(t, dir, "order", i)
				sock, requests := replay(t, oc.c, rkyv)
				b.Reset()
				got, err := oc.call(timeout(t), sock, &b, &orderSamples[i], false)
				if err != nil {
					t.Fatalf("order %d: the Go validator refuses rkyv's bytes: %v", i, err)
				}
				if d := diff(got, &orderSamples[i]); d != "" {
					t.Errorf("order %d read from rkyv's bytes:\n%s", i, d)
				}
				if req := <-requests; string(req) != string(rkyv) {
					t.Errorf("order %d: Go archives\n% x\nrkyv archives\n% x", i, req, rkyv)
				}
			}
		})
	}
}

// TestDriftRefused: a Rust cell built from the drifted schema (Leg::qty
// widened) is refused by the handshake, before any message is sent: the
// call fails with a mismatch naming both fingerprints and cellvet update,
// and the cell logs the schema request and no message.
func TestDriftRefused(t *testing.T) {
	rust(t)
	for _, fc := range fixedCells() {
		t.Run(fc.c.dir, func(t *testing.T) {
			sock, log := startCell(t, fc.c, "cell-drift", "ping", fc.c.drift)
			_, err := fc.call(timeout(t), sock, pingSamples[0])
			var ce *cell.Error
			var mm *cell.MismatchError
			if !errors.As(err, &ce) || ce.Kind != cell.KindMismatch || !errors.As(err, &mm) {
				t.Fatalf("call of the drifted cell: %v; want a KindMismatch *MismatchError", err)
			}
			want := map[*crate]uint64{rkyv08: FP08, rkyv07: FP07}[fc.c]
			for _, s := range []string{fmt.Sprintf("%016x", want), fc.c.driftFP, "cellvet update " + fc.c.cell} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("the mismatch error does not name %q: %v", s, err)
				}
			}
			if !log.waitCount("schema request", 1) || log.count("message") != 0 {
				t.Errorf("want one schema request and no message in the drifted cell's log:\n%s", log)
			}
		})
	}
}
