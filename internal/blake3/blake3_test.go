package blake3

import (
	"bytes"
	"testing"

	ref "github.com/zeebo/blake3"
)

// input returns n bytes of the spec's test-vector pattern (i mod 251).
func input(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// lengths cover every tree shape near the block and chunk boundaries.
var lengths = []int{0, 1, 63, 64, 65, 127, 128, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 6144, 7168, 8192, 8193, 16384, 31744, 102400, 1<<20 + 1}

// TestAgainstReference compares Sum256, and writes split at every kind of
// point, with github.com/zeebo/blake3 (linked by this test only).
func TestAgainstReference(t *testing.T) {
	for _, n := range lengths {
		in := input(n)
		want := ref.Sum256(in)
		if got := Sum256(in); got != want {
			t.Fatalf("Sum256 of %d bytes: %x, want %x", n, got, want)
		}
		for _, step := range []int{1, 7, 64, 1000, 1024, 4097} {
			if n > 70000 && step < 1000 {
				continue
			}
			h := New()
			for i := 0; i < n; i += step {
				h.Write(in[i:min(i+step, n)])
			}
			if got := h.Sum(nil); !bytes.Equal(got, want[:]) {
				t.Fatalf("%d bytes in writes of %d: %x, want %x", n, step, got, want)
			}
		}
	}
}

// TestSumDoesNotChange: Sum leaves the Hasher as it was, so that more
// input can follow.
func TestSumDoesNotChange(t *testing.T) {
	in := input(5000)
	h := New()
	h.Write(in[:2500])
	h.Sum(nil)
	h.WriteString(string(in[2500:]))
	if got, want := h.Sum256(), ref.Sum256(in); got != want {
		t.Fatalf("%x, want %x", got, want)
	}
}

// TestSchedule: the message schedule is the spec's permutation applied
// once per round.
func TestSchedule(t *testing.T) {
	perm := [16]uint8{2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8}
	row := [16]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	for r := range msgSchedule {
		if msgSchedule[r] != row {
			t.Fatalf("round %d: %v, want %v", r, msgSchedule[r], row)
		}
		var next [16]uint8
		for i := range next {
			next[i] = row[perm[i]]
		}
		row = next
	}
}

func FuzzSum(f *testing.F) {
	for _, n := range []int{0, 1, 64, 1024, 1025, 3000} {
		f.Add(input(n), uint16(n/3))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16) {
		want := ref.Sum256(data)
		if got := Sum256(data); got != want {
			t.Fatalf("Sum256: %x, want %x", got, want)
		}
		at := int(split) % (len(data) + 1)
		h := New()
		h.Write(data[:at])
		h.Write(data[at:])
		if got := h.Sum256(); got != want {
			t.Fatalf("split at %d: %x, want %x", at, got, want)
		}
	})
}

func BenchmarkSum256(b *testing.B) {
	for _, n := range []int{1 << 10, 64 << 10, 1 << 20} {
		in := input(n)
		b.Run(byteSize(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				Sum256(in)
			}
		})
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return "1MiB"
	case n >= 64<<10:
		return "64KiB"
	}
	return "1KiB"
}
