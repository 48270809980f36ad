package rustschema

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// This file implements CFP/1, the canonical form and fingerprint of a
// schema. docs/fingerprint.md is its normative specification; keep the two
// in step, and add a conformance vector under testdata/cfp1 for every rule.

// Digest is the 32-byte BLAKE3 digest of a canonical text.
type Digest [32]byte

// String returns the digest as 64 lowercase hex digits.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Fingerprint returns the first 8 bytes of the digest.
func (d Digest) Fingerprint() Fingerprint {
	var f Fingerprint
	copy(f[:], d[:8])
	return f
}

// Fingerprint is the 8-byte prefix of a Digest: the value that travels in
// constants, handshakes and diagnostics.
type Fingerprint [8]byte

// String returns the fingerprint as 16 lowercase hex digits, in byte order.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }

// ParseFingerprint reads 16 hex digits (an optional 0x prefix is allowed).
func ParseFingerprint(s string) (Fingerprint, error) {
	var f Fingerprint
	t := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(t) != 16 {
		return f, fmt.Errorf("fingerprint %q: want 16 hex digits, found %d", s, len(t))
	}
	if _, err := hex.Decode(f[:], []byte(t)); err != nil {
		return f, fmt.Errorf("fingerprint %q: %v", s, err)
	}
	return f, nil
}

// Sum is the result of canonicalizing a schema under a profile.
type Sum struct {
	// Text is the canonical text; Digest is its BLAKE3 digest.
	Text   []byte
	Digest Digest
	// Layout is the digest of the name-erased layout text: it stays the
	// same when only names change.
	Layout Digest
	// Types holds a per-type sum for every type of the schema, in the
	// schema's (sorted) order.
	Types []TypeSum
}

// Fingerprint returns the schema fingerprint.
func (s *Sum) Fingerprint() Fingerprint { return s.Digest.Fingerprint() }

// TypeSum is the sum over one type and everything it references.
type TypeSum struct {
	Name   string
	Text   []byte // type text: the type's cycle group and the digests of what it references
	Digest Digest
	Layout Digest // digest of the name-erased type layout text
}

// Canon computes the canonical text, digests and per-type sums of s under
// profile p.
//
// Per-type digests are Merkle-style (docs/fingerprint.md §4): a type's text
// holds the definitions of its strongly connected component (the types
// that reach each other) and only the digests of the types it references
// outside it. This keeps the work linear in the schema size, where writing
// each type's whole closure would be quadratic for long reference chains.
//
// s must be resolved, as Parse and ParseCanonical return it: every type
// once, and every local reference pointing at a type of s.Types. Canon
// panics on any other schema, which no input file can produce.
func Canon(s *Schema, p Profile) *Sum {
	sum := canonFast(s, p)
	if sum == nil {
		panic("rustschema.Canon: the schema is not resolved (a nil or repeated type, or a reference to a type outside s.Types); build schemas with Parse or ParseCanonical")
	}
	return sum
}

func canonText(s *Schema, p Profile) []byte { return Canon(s, p).Text }
