package main

import (
	"bytes"
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines around each hunk.
const diffContext = 3

// maxDiffCells bounds the line-matching table of unifiedDiff; past it the
// changed middle of the file is shown as removed and added whole.
const maxDiffCells = 1 << 22

// unifiedDiff returns the unified diff from old to new of the file name,
// "" when they are equal.
func unifiedDiff(name string, old, new []byte) string {
	a, b := splitLines(old), splitLines(new)
	ops := lineOps(a, b)
	var out strings.Builder
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from diffContext lines before this change to
		// diffContext lines after the last change it takes in.
		start := max(i-diffContext, 0)
		end := i
		for j := i; j < len(ops) && j <= end+2*diffContext; j++ {
			if ops[j].kind != ' ' {
				end = j
			}
		}
		end = min(end+diffContext+1, len(ops))
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s (old)\n+++ %s (new)\n", name, name)
		}
		writeHunk(&out, ops[start:end])
		i = end
	}
	return out.String()
}

// lineOp is one line of a diff: ' ' kept, '-' removed, '+' added, with
// its 1-based line numbers in old and new.
type lineOp struct {
	kind         byte
	text         string
	oldNo, newNo int
}

func writeHunk(out *strings.Builder, ops []lineOp) {
	var nOld, nNew int
	for _, op := range ops {
		if op.kind != '+' {
			nOld++
		}
		if op.kind != '-' {
			nNew++
		}
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", ops[0].oldNo, nOld, ops[0].newNo, nNew)
	for _, op := range ops {
		out.WriteByte(op.kind)
		out.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// lineOps matches the lines of a and b: the common prefix and suffix,
// and between them a longest common subsequence (or, when that table
// would be too big, none).
func lineOps(a, b []string) []lineOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var kinds []byte
	if len(ma)*len(mb) <= maxDiffCells {
		kinds = lcsKinds(ma, mb)
	} else {
		kinds = append(bytes.Repeat([]byte{'-'}, len(ma)), bytes.Repeat([]byte{'+'}, len(mb))...)
	}
	var ops []lineOp
	i, j := 0, 0
	emit := func(k byte) {
		op := lineOp{kind: k, oldNo: i + 1, newNo: j + 1}
		switch k {
		case ' ':
			op.text = a[i]
			i, j = i+1, j+1
		case '-':
			op.text = a[i]
			i++
		case '+':
			op.text = b[j]
			j++
		}
		ops = append(ops, op)
	}
	for range pre {
		emit(' ')
	}
	for _, k := range kinds {
		emit(k)
	}
	for range suf {
		emit(' ')
	}
	return ops
}

// lcsKinds returns the ' ', '-', '+' sequence of a longest common
// subsequence diff of a and b.
func lcsKinds(a, b []string) []byte {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var kinds []byte
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			kinds = append(kinds, ' ')
			i, j = i+1, j+1
		case i < n && (j == m || l[i+1][j] >= l[i][j+1]):
			kinds = append(kinds, '-')
			i++
		default:
			kinds = append(kinds, '+')
			j++
		}
	}
	return kinds
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s []byte) []string {
	var lines []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, string(s[:i]))
		s = s[i:]
	}
	return lines
}
