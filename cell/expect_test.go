package cell

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
)

// expect sets an expectation for one test.
func expect(t *testing.T, set func()) {
	set()
	t.Cleanup(func() {
		expectations.set(func(m map[string]expectation) { clear(m) })
	})
}

func canonDigest(canon string) [32]byte { return blake3.Sum256([]byte(canon)) }

func canonFP(canon string) uint64 {
	d := canonDigest(canon)
	return binary.BigEndian.Uint64(d[:8])
}

// countingQuotes serves cell name with testCanon, counting handled calls.
func countingQuotes(t *testing.T, name, canon string) (*atomic.Int32, *countingListener) {
	var calls atomic.Int32
	l := serveCounted(t, name, func(ctx context.Context, r *QuoteRequest) (*Quote, error) {
		calls.Add(1)
		return quoteHandler(ctx, r)
	}, WithCanon(name, []byte(canon)))
	return &calls, l
}

func TestExpectMatch(t *testing.T) {
	socketDir(t)
	calls, l := countingQuotes(t, "market", testCanon)
	expect(t, func() { Expect("market", canonFP(testCanon)) })
	for i := range 3 {
		mustCall(t, "market", uint16(i))
	}
	d := canonDigest(testCanon)
	expect(t, func() { ExpectDigest("market", hex.EncodeToString(d[:])) })
	mustCall(t, "market", 7)
	if calls.Load() != 4 {
		t.Errorf("%d calls handled, want 4", calls.Load())
	}
	// One connection per expectation: the new one closed the old.
	if n := l.n.Load(); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
}

func TestExpectMismatch(t *testing.T) {
	socketDir(t)
	calls, _ := countingQuotes(t, "market", testCanon)
	got := canonDigest(testCanon)
	path := wire.SocketPath("market")
	for _, tc := range []struct {
		name      string
		set       func()
		want, has string
	}{
		{"fingerprint", func() { Expect("market", 0x5e8a0e5974e96f59) }, "5e8a0e5974e96f59", hex.EncodeToString(got[:8])},
		{"digest", func() { ExpectDigest("market", strings.Repeat("ab", 32)) }, strings.Repeat("ab", 32), hex.EncodeToString(got[:])},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, tc.set)
			_, err := Call[Quote](context.Background(), "market", &QuoteRequest{})
			ce := wantKind(t, err, KindMismatch)
			what := "fingerprint"
			if tc.name == "digest" {
				what = "digest"
			}
			want := fmt.Sprintf(`call to cell "market" (unix:%s): schema mismatch: this program was built against %s %s, the cell serves %s (rkyv0.8 le aligned p32); run cellvet update market, then go vet`, path, what, tc.want, tc.has)
			if err.Error() != want {
				t.Errorf("error\n got %s\nwant %s", err, want)
			}
			var me *MismatchError
			if !errors.As(ce, &me) || *me != (MismatchError{Cell: "market", Want: tc.want, Got: tc.has, Profile: "rkyv0.8 le aligned p32"}) {
				t.Errorf("MismatchError %+v", me)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("a mismatching cell handled %d messages", n)
	}
}

// TestExpectNoMessageAfterMismatch: a raw cell sees the schema request
// and nothing else: the message is never sent.
func TestExpectNoMessageAfterMismatch(t *testing.T) {
	socketDir(t)
	after := make(chan int, 1)
	reply := testnet.SchemaReply(t, "drift", testCanon)
	rawServer(t, "drift", func(c net.Conn) {
		req := make([]byte, 16)
		if _, err := io.ReadFull(c, req); err != nil || string(req) != string(wire.AppendRequest(nil, wire.Version)) {
			t.Errorf("first bytes % x, %v; want the schema request", req, err)
		}
		c.Write(reply)
		n, _ := io.Copy(io.Discard, c)
		after <- int(n)
	})
	expect(t, func() { Expect("drift", 1) })
	_, err := Call[Quote](context.Background(), "drift", &QuoteRequest{})
	wantKind(t, err, KindMismatch, "fingerprint 0000000000000001")
	if n := <-after; n != 0 {
		t.Errorf("the cell received %d bytes after the schema request", n)
	}
}

func TestExpectHandshakeFailures(t *testing.T) {
	socketDir(t)
	startServe(t, "noschema", quoteHandler) // closes at a control frame
	rawServer(t, "refuses", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 16))
		c.Write(testnet.ErrorReply("refuses", 2, "not disclosed"))
		io.Copy(io.Discard, c)
	})
	rawServer(t, "other", func(c net.Conn) {
		io.ReadFull(c, make([]byte, 16))
		c.Write(testnet.SchemaReply(t, "someone", testCanon))
		io.Copy(io.Discard, c)
	})
	rawServer(t, "mute", silent)
	for _, tc := range []struct {
		cell string
		kind Kind
		want string
	}{
		{"noschema", KindHandshake, "handshake failed: the peer closed the connection without replying (does it serve schema requests?)"},
		{"refuses", KindHandshake, `handshake failed: cell "refuses" refused the schema request (refused): "not disclosed"`},
		{"other", KindHandshake, `handshake failed: the peer is cell "someone", not "other"`},
		{"mute", KindTimeout, "handshake: no reply within 100ms (call timeout)"},
	} {
		t.Run(tc.cell, func(t *testing.T) {
			expect(t, func() { Expect(tc.cell, canonFP(testCanon)) })
			_, err := Call[Quote](context.Background(), tc.cell, &QuoteRequest{}, WithTimeout(100*time.Millisecond))
			ce := wantKind(t, err, tc.kind, tc.want)
			var f *wire.Failure
			if !errors.As(ce, &f) {
				t.Errorf("%v does not wrap the schema exchange's failure", err)
			}
		})
	}
}

func TestExpectUnsupportedProfile(t *testing.T) {
	socketDir(t)
	canon := strings.Replace(testCanon, "profile rkyv0.8 le aligned p32", "profile rkyv0.8 le aligned p64", 1)
	calls, _ := countingQuotes(t, "wide", canon)
	expect(t, func() { Expect("wide", canonFP(canon)) })
	_, err := Call[Quote](context.Background(), "wide", &QuoteRequest{})
	ce := wantKind(t, err, KindProfile, `rkyv0.8 le aligned p64`)
	var pe *ProfileError
	if !errors.As(ce, &pe) || pe.Profile != "rkyv0.8 le aligned p64" {
		t.Errorf("%v does not wrap a *ProfileError of the cell's profile", err)
	}
	if calls.Load() != 0 {
		t.Error("a cell of an uncarried profile received a message")
	}
}

// TestExpect07Profile: the handshake records a 0.7 cell's profile; the
// call goes through in that format.
func TestExpect07Profile(t *testing.T) {
	socketDir(t)
	canon := strings.Replace(testCanon, "profile rkyv0.8 le aligned p32", "profile rkyv0.7 le p32 nonstrict", 1)
	countingQuotes(t, "old", canon)
	expect(t, func() { Expect("old", canonFP(canon)) })
	mustCall(t, "old", 3)
	p := cellPoolOf(t, "old")
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) != 1 || !p.idle[0].checked || p.idle[0].format != format07 {
		t.Errorf("the connection's recorded format is not rkyv 0.7")
	}
}

func TestWithProfile(t *testing.T) {
	socketDir(t)
	startServe(t, "plain", quoteHandler)
	mustCall(t, "plain", 1, WithProfile("rkyv0.7 le p32 strict"))
	_, err := Call[Quote](context.Background(), "plain", &QuoteRequest{}, WithProfile("rkyv0.8 be aligned p32"))
	wantKind(t, err, KindProfile, `profile "rkyv0.8 be aligned p32": big-endian archives are not carried`)
}

func TestExpectDigestPanics(t *testing.T) {
	for _, bad := range []string{"", "abc", strings.Repeat("zz", 32), strings.Repeat("a", 63)} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "is not 64 hex digits") {
					t.Errorf("ExpectDigest(%q): recovered %v; want a panic naming the digest", bad, r)
				}
			}()
			ExpectDigest("x", bad)
		}()
	}
	if _, ok := expectations.get("x"); ok {
		t.Error("a malformed digest was recorded")
	}
}
