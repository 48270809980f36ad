package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The demo's key lines, in order; a line ending in "…" is matched as a
// prefix (it holds a temporary path or a line number of cell.lock).
func wantLines(venue string) []string {
	return []string{
		"1. start the market cell",
		"2. pin it into a copy of the trader: cellvet add market",
		"   added market: fingerprint 97842ea5bd9a9c89, 6 types",
		"3. go vet -vettool=cellvet, with a planted mismatch (stale.go: a copy of QuoteRequest, Depth uint32)",
		"   stale.go:10:2: staleQuoteRequest.Depth: uint32 does not match market.QuoteRequest.depth u16: want uint16",
		"   cell.lock:…",
		"   (go vet exit status 1)",
		"4. go vet -vettool=cellvet, the trader as committed (stale.go removed)",
		"   no problems",
		"5. run the trader: a quote and an order",
		`   quote ACME.XNYS: bid 165.50 ask 165.75 sizes [400 300 0 0] venue "` + venue + `"`,
		`   order 7: accepted true, "accepted: buy 5 @ 101.50 [desk-7/alice, strategy:mean-reversion]"`,
	}
}

// checkDemo runs the demo and compares its output, line for line after
// the cell's start-up line, with want; it returns the output.
func checkDemo(t *testing.T, rust bool, venue string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, rust); err != nil {
		t.Fatalf("%v\noutput:\n%s", err, out.String())
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	// Line 2 says where the cell serves: a temporary path.
	if len(got) > 1 && strings.HasPrefix(got[1], "   the ") && strings.Contains(got[1], "market.sock") {
		got = append(got[:1], got[2:]...)
	}
	want := wantLines(venue)
	if len(got) != len(want) {
		t.Fatalf("the demo printed %d lines, want %d (the cell's line, then):\n%s\noutput:\n%s", len(got), len(want), strings.Join(want, "\n"), out.String())
	}
	for i, w := range want {
		if p, ok := strings.CutSuffix(w, "…"); ok && strings.HasPrefix(got[i], p) || got[i] == w {
			continue
		}
		t.Errorf("line %d is %q, want %q\noutput:\n%s", i+1, got[i], w, out.String())
	}
	return out.String()
}

// TestDemo is the README's first command end to end: the Go market cell,
// no Rust.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build, go vet and go run (-short)")
	}
	out := checkDemo(t, false, "XNYS via the Go market cell")
	// The README shows the demo's output: every line of that block must be
	// a line of the real one, in order.
	block := regexp.MustCompile("(?s)runs the trader, which calls the cell:\n\n```text\n(.*?)```").FindSubmatch(readme(t))
	if block == nil {
		t.Fatal("README.md: no text block of the demo's output after \"runs the trader, which calls the cell:\"")
	}
	lines := strings.Split(out, "\n")
	for _, w := range strings.Split(strings.TrimSuffix(string(block[1]), "\n"), "\n") {
		for len(lines) > 0 && lines[0] != w {
			lines = lines[1:]
		}
		if len(lines) == 0 {
			t.Errorf("README.md shows the demo printing %q, which it does not (in that order)\noutput:\n%s", w, out)
			return
		}
	}
}

func readme(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadmeRuntime keeps the README's runtime snippets the trader's code:
// each go block of its "Call cells" section is, line for line, a run of
// consecutive lines of the trader's sources (which the demo compiles, vets
// and runs).
func TestReadmeRuntime(t *testing.T) {
	section := regexp.MustCompile("(?s)### Call cells: the runtime\n(.*?)\n## ").FindSubmatch(readme(t))
	if section == nil {
		t.Fatal(`README.md: no section "### Call cells: the runtime"`)
	}
	var src []byte
	for _, f := range []string{"market.go", "calls.go"} {
		b, err := os.ReadFile(filepath.Join("..", "trader", f))
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(section[1], -1)
	if len(blocks) == 0 {
		t.Fatal("README.md: no go block in the runtime section")
	}
	for _, b := range blocks {
		if !bytes.Contains(src, b[1]) {
			t.Errorf("README.md's runtime snippet is not in examples/market/trader:\n%s", b[1])
		}
	}
}

// TestDemoRust is the same trader against the Rust exchange built with
// cargo and the real rkyv 0.8.18: the Go types, vetted against the lock,
// are the bytes rkyv reads and writes.
func TestDemoRust(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cargo build, go vet and go run (-short)")
	}
	if _, err := exec.LookPath("cargo"); err != nil {
		t.Skip("cargo not found: the Rust exchange is not tested (CI has cargo)")
	}
	checkDemo(t, true, "XNYS via the Rust exchange")
}
