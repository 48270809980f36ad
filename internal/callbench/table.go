package main

import (
	"fmt"
	"io"
	"slices"
)

// printTable writes the medians over the rounds, as a Markdown table: per
// message and number of callers, each row's p50, p99 and calls/s, and the
// median over the rounds of its ratios to the floor and to gRPC measured
// in the same round (rounds are interleaved, so a round's rows saw the
// same machine).
func printTable(w io.Writer, rs []row, callers []int, res map[key][]result) {
	fmt.Fprintln(w, "| message | callers | row | p50 µs | p99 µs | calls/s | CPU µs/call | p50 / floor | calls/s / floor | CPU / floor | gRPC p50 / p50 |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, msg := range []string{"fixed", "var"} {
		for _, n := range callers {
			floor := res[key{msg + "/" + sysFloor, n}]
			grpc := res[key{msg + "/" + sysGRPC, n}]
			for _, r := range rs {
				m := res[key{r.String(), n}]
				if r.msg != msg || len(m) == 0 {
					continue
				}
				fmt.Fprintf(w, "| %s | %d | %s | %.1f | %.1f | %.0f | %.2f | %s | %s | %s | %s |\n", msg, n, r.sys,
					medianOf(m, func(x result) float64 { return us(x.p50) }),
					medianOf(m, func(x result) float64 { return us(x.p99) }),
					medianOf(m, func(x result) float64 { return x.rate }),
					medianOf(m, func(x result) float64 { return us(x.cpu) }),
					ratio(m, floor, func(a, b result) float64 { return float64(a.p50) / float64(b.p50) }),
					ratio(m, floor, func(a, b result) float64 { return a.rate / b.rate }),
					ratio(m, floor, func(a, b result) float64 { return float64(a.cpu) / float64(b.cpu) }),
					ratio(m, grpc, func(a, b result) float64 { return float64(b.p50) / float64(a.p50) }))
			}
		}
	}
}

// medianOf returns the median of f over rs.
func medianOf(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return median(v)
}

// ratio returns the median over the rounds of f(row's result, other's
// result in the same round), formatted, or "" when other has no rounds.
func ratio(row, other []result, f func(a, b result) float64) string {
	if len(other) != len(row) {
		return ""
	}
	v := make([]float64, len(row))
	for i := range row {
		v[i] = f(row[i], other[i])
	}
	return fmt.Sprintf("%.2f", median(v))
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
