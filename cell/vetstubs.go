package cell

import "context"

// Declarations of the runtime's new API for the vet pass's testdata, so
// that its fixtures compile before the runtime lands; the lead deletes
// this file at merge, when the real ones arrive. Nothing else uses it.

// Buffer holds the variable data of messages (docs/runtime.md §4).
type Buffer struct{ _ [0]int }

// CallInto is Call receiving the reply into buf (docs/runtime.md §1).
func CallInto[Resp, Req any](ctx context.Context, cell string, req *Req, buf *Buffer, opts ...CallOption) (*Resp, error) {
	return nil, nil
}

// Expect records the fingerprint a cell must serve (docs/runtime.md §3).
func Expect(cell string, fingerprint uint64) {}

// ExpectDigest records the digest a cell must serve (docs/runtime.md §3).
func ExpectDigest(cell string, digest string) {}
