package main

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// overlaps reports whether e and f cannot both be applied: they change
// common bytes, or insert at one place (their order would be a guess).
func (e edit) overlaps(f edit) bool {
	return e.start < f.end && f.start < e.end || e.start == f.start && (e.start == e.end || f.start == f.end)
}

// applyFixes applies the first suggested fix of every diagnostic of the
// graph's root packages, or with diff prints them as a unified diff and
// writes nothing. A fix that overlaps an earlier one is skipped (its
// diagnostic stays reported); the same edit twice (a file in a package and
// its test variant) is applied once. A file changes only where the fixes
// change it, except that a file that was gofmt-formatted is formatted
// again, so that the lines of a fixed struct stay aligned. It reports
// whether it wrote a file.
func applyFixes(g *checker.Graph, diff bool, stdout io.Writer) (bool, error) {
	files := map[string][]edit{}
	for _, act := range g.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				addFix(files, fixEdits(act.Package.Fset, d.SuggestedFixes[0]))
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		old, err := os.ReadFile(name)
		if err != nil {
			return false, err
		}
		fixed, err := apply(old, files[name])
		if err != nil {
			return false, fmt.Errorf("%s: %v", name, err)
		}
		if diff {
			io.WriteString(stdout, unifiedDiff(name, old, fixed))
			continue
		}
		if err := writeKeepingMode(name, fixed); err != nil {
			return false, err
		}
	}
	return !diff && len(names) > 0, nil
}

// fixEdits returns the edits of fix by file name.
func fixEdits(fset *token.FileSet, fix analysis.SuggestedFix) map[string][]edit {
	out := map[string][]edit{}
	for _, te := range fix.TextEdits {
		tf := fset.File(te.Pos)
		if tf == nil {
			continue
		}
		e := edit{start: tf.Offset(te.Pos), text: string(te.NewText)}
		e.end = e.start
		if te.End.IsValid() {
			e.end = tf.Offset(te.End)
		}
		out[tf.Name()] = append(out[tf.Name()], e)
	}
	return out
}

// addFix adds the edits of one fix to files, unless one overlaps an edit
// already there (other than itself).
func addFix(files map[string][]edit, fix map[string][]edit) {
	for name, es := range fix {
		for _, e := range es {
			for _, have := range files[name] {
				if have != e && have.overlaps(e) {
					return
				}
			}
		}
	}
	for name, es := range fix {
	next:
		for _, e := range es {
			for _, have := range files[name] {
				if have == e {
					continue next
				}
			}
			files[name] = append(files[name], e)
		}
	}
}

// apply applies non-overlapping edits to src, and gofmt-formats the
// result when src was formatted.
func apply(src []byte, edits []edit) ([]byte, error) {
	sort.Slice(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		return a.start < b.start || a.start == b.start && a.end < b.end
	})
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at || e.end > len(src) || e.end < e.start {
			return nil, fmt.Errorf("a fix edits bytes %d-%d, outside the file or over another fix", e.start, e.end)
		}
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	fixed := out.Bytes()
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		if f, err := format.Source(fixed); err == nil {
			fixed = f
		}
	}
	return fixed, nil
}

// writeKeepingMode replaces the file name with data, keeping its mode.
func writeKeepingMode(name string, data []byte) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, fi.Mode().Perm())
}
