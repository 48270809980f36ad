package rustschema

import (
	"math"
	"sort"
	"strings"
)

// Suggest returns the candidate closest to name by edit distance when it is
// close enough to be a plausible typo of name, else "". Tools built on the
// schema model (the vet pass's unknown cell and type names) use it so that
// every did-you-mean in cellvet follows the same rule. It sorts cands.
func Suggest(name string, cands []string) string {
	sort.Strings(cands)
	best, bestD := "", math.MaxInt
	limit := min(len(name)/3, 3) // short names have too many neighbours
	for _, c := range cands {
		if c == name {
			continue
		}
		if strings.EqualFold(c, name) {
			return c
		}
		if limit == 0 {
			continue
		}
		if d := editDistance(name, c, limit); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions),
// or limit+1 when it exceeds limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > 64 || len(b) > 64 {
		return limit + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
