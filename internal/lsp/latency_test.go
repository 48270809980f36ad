package lsp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLatency measures, on a package of 50 files bound to the fixture's
// cell, the time from didSave to the publishDiagnostics of the saved file
// for that version: cellvet lsp and gopls ($CELLVET_GOPLS) as separate
// processes, side by side, round after round (docs/BENCHMARKS.md). Each
// round flips one field of the saved file between right and wrong, so
// both servers have new diagnostics to send. It runs only with
// CELLVET_LSP_BENCH=ROUNDS.
func TestLatency(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("CELLVET_LSP_BENCH"))
	if rounds <= 0 {
		t.Skip("CELLVET_LSP_BENCH=ROUNDS is not set")
	}
	bin := filepath.Join(t.TempDir(), "cellvet")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/cellvet/cellvet/cmd/cellvet").CombinedOutput(); err != nil {
		t.Fatalf("go build cellvet: %v\n%s", err, out)
	}
	root := fixture(t)
	pkg := filepath.Join(root, "big")
	if err := os.Mkdir(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		src := fmt.Sprintf("package big\n\nimport _ \"github.com/cellvet/cellvet/cell\"\n\n//cell:type shapes.Point\ntype Point%02d struct {\n\tX    uint32\n\tY    uint16\n\tLive bool\n\t_    [1]byte\n}\n\nfunc (p *Point%02d) Sum() uint64 { return uint64(p.X) + uint64(p.Y) }\n", i, i)
		if err := os.WriteFile(filepath.Join(pkg, fmt.Sprintf("p%02d.go", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	servers := []struct {
		name string
		cmd  []string
	}{{"cellvet lsp", []string{bin, "lsp"}}}
	if gopls := os.Getenv("CELLVET_GOPLS"); gopls != "" {
		servers = append(servers, struct {
			name string
			cmd  []string
		}{"gopls", []string{gopls}})
	}
	file := filepath.Join(pkg, "p00.go")
	right := readFile(t, file)
	wrong := strings.Replace(right, "\tY    uint16\n", "\tY    uint32\n", 1)
	var clients []*client
	for _, s := range servers {
		c := procClient(t, root, s.cmd...)
		c.initialize(true)
		uri := c.open(file, wrong) // a diagnostic to publish: a run, to warm up
		c.diagnostics(uri, func(*publishDiagnosticsParams) bool { return true })
		clients = append(clients, c)
	}
	times := make([][]time.Duration, len(servers))
	uri := fileURI(file)
	for r := range rounds {
		version := int32(r + 2)
		text := right
		if r%2 == 1 {
			text = wrong
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for i, c := range clients {
			c.change(uri, version, contentChange{Text: text})
			start := time.Now()
			c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
			c.diagnostics(uri, func(p *publishDiagnosticsParams) bool {
				return p.Version != nil && *p.Version == version || p.Version == nil && (len(p.Diagnostics) > 0) == (r%2 == 1)
			})
			times[i] = append(times[i], time.Since(start))
		}
		time.Sleep(300 * time.Millisecond) // let both servers go idle
	}
	for i, s := range servers {
		ts := slices.Clone(times[i])
		slices.Sort(ts)
		t.Logf("%-12s didSave → publishDiagnostics over %d rounds: median %v, p90 %v, max %v", s.name, len(ts),
			ts[len(ts)/2].Round(time.Millisecond), ts[len(ts)*9/10].Round(time.Millisecond), ts[len(ts)-1].Round(time.Millisecond))
	}
}

// procClient starts the language server cmd in dir as a process and
// returns a client talking to it.
func procClient(t *testing.T, dir string, cmd ...string) *client {
	t.Helper()
	p := exec.Command(cmd[0], cmd[1:]...)
	p.Dir = dir
	in, err := p.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: newConn(in), exit: make(chan int, 1), arrived: make(chan struct{})}
	go c.readLoop(out)
	t.Cleanup(func() {
		in.Close()
		p.Process.Kill()
		p.Wait()
		c.conn.close()
	})
	return c
}
