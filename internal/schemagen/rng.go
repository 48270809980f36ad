package schemagen

// rng is splitmix64: tiny, fast and fully specified here, so generated
// schemas never change with the Go release (math/rand makes no such promise
// for every method).
type rng struct{ s uint64 }

func newRNG(seed int64, fam Family) *rng {
	// FNV-1a of the family name, so two families with the same seed differ.
	h := uint64(14695981039346656037)
	for i := 0; i < len(fam); i++ {
		h ^= uint64(fam[i])
		h *= 1099511628211
	}
	r := &rng{s: uint64(seed) ^ h}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n).
func (r *rng) intn(n int) int {
	if n <= 0 {
		panic("schemagen: intn of non-positive bound")
	}
	return int(r.next() % uint64(n))
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability pct percent.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

// weighted returns an index into ws chosen with probability proportional to
// its weight.
func (r *rng) weighted(ws ...int) int {
	total := 0
	for _, w := range ws {
		total += w
	}
	x := r.intn(total)
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	panic("unreachable")
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

func shuffle[T any](r *rng, xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}
