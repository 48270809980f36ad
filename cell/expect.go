package cell

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/cellvet/cellvet/internal/netutil"
	"github.com/cellvet/cellvet/internal/wire"
)

// expectation is the schema a program was built against for one cell.
type expectation struct {
	digest [32]byte
	full   bool // ExpectDigest: all 32 bytes; Expect: the first 8 (the fingerprint)
	sdk    bool // ExpectCellSDK: a Cell SDK cell, never asked (no handshake)
}

// expectations are the process's Expect calls. gen changes with each, so
// that pooled connections checked under older ones (or none) are closed
// when next taken.
var expectations = &expectationSet{}

// expectationSet is copied on write: every call reads it (Cell SDK mode
// and the handshake depend on it), and a read is one atomic load and a
// map lookup, without a lock whose reader count concurrent callers would
// all write.
type expectationSet struct {
	mu  sync.Mutex // serializes writers
	m   atomic.Pointer[map[string]expectation]
	gen atomic.Uint64
}

func (s *expectationSet) get(cell string) (expectation, bool) {
	m := s.m.Load()
	if m == nil {
		return expectation{}, false
	}
	e, ok := (*m)[cell]
	return e, ok
}

// set replaces the expectations by f's edit of a copy, then moves gen.
func (s *expectationSet) set(f func(map[string]expectation)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]expectation{}
	if old := s.m.Load(); old != nil {
		maps.Copy(m, *old)
	}
	f(m)
	s.m.Store(&m)
	s.gen.Add(1)
}

func (e expectation) String() string {
	if e.full {
		return hex.EncodeToString(e.digest[:])
	}
	return hex.EncodeToString(e.digest[:8])
}

func (e expectation) matches(digest [32]byte) bool {
	if e.full {
		return e.digest == digest
	}
	return [8]byte(e.digest[:8]) == [8]byte(digest[:8])
}

// Expect states that this program was built against the schema whose
// fingerprint (the //cell:fp constant the vet pass checks against
// cell.lock) is fingerprint: every new connection to the cell then checks
// it with the handshake (docs/runtime.md §3) before its first message.
// Call it before the first call, usually in init; a later Expect
// replaces the cell's expectation, and connections checked under the old
// one are not reused.
func Expect(cell string, fingerprint uint64) {
	var e expectation
	binary.BigEndian.PutUint64(e.digest[:8], fingerprint)
	setExpectation(cell, e)
}

// ExpectDigest is Expect with the full BLAKE3-256 digest of the schema's
// canonical text (the lock's digest), 64 hex digits. A digest that is not
// 64 hex digits is a programming error: ExpectDigest panics.
func ExpectDigest(cell string, digest string) {
	e := expectation{full: true}
	if len(digest) != 2*len(e.digest) {
		panic(fmt.Sprintf("cell.ExpectDigest(%q): the digest %q is not 64 hex digits", cell, digest))
	}
	if _, err := hex.Decode(e.digest[:], []byte(digest)); err != nil {
		panic(fmt.Sprintf("cell.ExpectDigest(%q): the digest %q is not 64 hex digits: %v", cell, digest, err))
	}
	setExpectation(cell, e)
}

// ExpectCellSDK states that cell is a Cell SDK cell (the Cell project's
// cell-sdk) built from the schema whose fingerprint is fingerprint (the
// //cell:fp constant the vet pass checks against cell.lock; such a cell
// cannot be asked for its schema). Every later call to the cell uses the
// Cell SDK mode (docs/runtime.md §10): its sockets, its envelope, no
// handshake. It replaces an earlier Expect or ExpectDigest for the cell,
// and they replace it; connections made under the old expectation are not
// reused.
func ExpectCellSDK(cell string, fingerprint uint64) {
	e := expectation{sdk: true}
	binary.BigEndian.PutUint64(e.digest[:8], fingerprint)
	setExpectation(cell, e)
}

func setExpectation(cell string, e expectation) {
	expectations.set(func(m map[string]expectation) { m[cell] = e })
}

// MismatchError is the handshake's finding that a cell serves another
// schema than the one the program was built against (KindMismatch).
type MismatchError struct {
	Cell    string
	Want    string // the expectation, hex: 16 digits (Expect) or 64 (ExpectDigest)
	Got     string // the cell's, as many digits
	Profile string // the cell's profile, as its canonical text spells it
}

func (e *MismatchError) Error() string {
	what := "fingerprint"
	if len(e.Want) == 64 {
		what = "digest"
	}
	return fmt.Sprintf("schema mismatch: this program was built against %s %s, the cell serves %s (%s); run cellvet update %s, then go vet", what, e.Want, e.Got, e.Profile, e.Cell)
}

// handshake asks the cell for its schema on the new connection c (the
// schema request of docs/protocol.md, checked as cellvet add checks it),
// compares its digest with exp and records its profile's format.
func (c *conn) handshake(x *exchange, exp expectation) error {
	c.setDeadline(x.b)
	stop := x.b.Watch(c.nc)
	r, f := wire.RequestSchema(x.b, c.nc, x.cell, "call timeout")
	stop()
	if f != nil {
		if f.Kind == netutil.KindTimeout || f.Kind == netutil.KindCanceled {
			return x.fail(Kind(f.Kind), f, "handshake: %s", f.Msg)
		}
		return x.fail(KindHandshake, f, "handshake failed: %s", f.Msg)
	}
	profile := wire.ProfileCanon(r.Profile)
	if !exp.matches(r.Digest) {
		got := expectation{digest: r.Digest, full: exp.full}
		me := &MismatchError{Cell: x.cell, Want: exp.String(), Got: got.String(), Profile: profile}
		return x.fail(KindMismatch, me, "%v", me)
	}
	fm, err := profileFormat(profile)
	if err != nil {
		return x.fail(KindProfile, err, "handshake: the cell's %v", err)
	}
	c.checked, c.format = true, fm
	return nil
}
