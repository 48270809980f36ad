package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/internal/wire"
)

// readmeText returns README.md.
func readmeText(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(readme)
}

// readmeBlock returns the first text block after the sentence that
// introduces it, without its first line when that is the command shown
// ("$ ...").
func readmeBlock(t *testing.T, readme, intro string) (cmdline, body string) {
	t.Helper()
	i := strings.Index(readme, intro)
	if i < 0 {
		t.Fatalf("README.md: no %q", intro)
	}
	m := regexp.MustCompile("(?s)```text\n(.*?)```").FindStringSubmatch(readme[i:])
	if m == nil {
		t.Fatalf("README.md: no text block after %q", intro)
	}
	body = m[1]
	if first, rest, ok := strings.Cut(body, "\n"); ok && strings.HasPrefix(first, "$ ") {
		return first, rest
	}
	return "", body
}

// TestReadmeExamples keeps the README's console examples true: every
// "$ cellvet ..." line followed by output in a console block must print
// exactly that output (up to a "..." line, which elides the rest). Only
// commands that change nothing belong in console blocks; examples that
// need a setup (a changed schema, a running cell) use text blocks.
func TestReadmeExamples(t *testing.T) {
	blocks := regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(readmeText(t), -1)
	checked := 0
	for _, b := range blocks {
		lines := strings.Split(b[1], "\n")
		for i := 0; i < len(lines); i++ {
			cmdline, ok := strings.CutPrefix(lines[i], "$ cellvet ")
			if !ok {
				continue
			}
			var want []string
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "$ ") && lines[i+1] != "" || (i+1 < len(lines) && lines[i+1] == "" && i+2 < len(lines) && !strings.HasPrefix(lines[i+2], "$ ") && lines[i+2] != "") {
				i++
				want = append(want, lines[i])
			}
			if len(want) == 0 {
				continue
			}
			args := strings.Fields(cmdline)
			for j, a := range args {
				if unq, ok := strings.CutPrefix(a, "'"); ok { // 'feature="rkyv"', as a shell passes it
					a = strings.TrimSuffix(unq, "'")
				}
				if strings.HasPrefix(a, "examples/") {
					a = "../../" + a
				}
				args[j] = a
			}
			code, out, errOut := runCmd(t, args...)
			if code != exitOK {
				t.Errorf("README: cellvet %s: exit %d: %s", cmdline, code, errOut)
				continue
			}
			got := strings.Split(out, "\n")
			for k, w := range want {
				if w == "..." {
					break
				}
				if k >= len(got) || got[k] != w {
					g := ""
					if k < len(got) {
						g = got[k]
					}
					t.Errorf("README: cellvet %s: line %d is %q, README says %q", cmdline, k+1, g, w)
					break
				}
			}
			checked++
		}
	}
	if checked < 2 {
		t.Errorf("checked %d README examples, want at least 2", checked)
	}
}

// readmeSchema is where the README's module keeps the example's schema:
// the path its commands name.
const readmeSchema = "examples/market/schema.rs"

// readmeModule makes the module the README's Go examples are pasted into:
// the market cell of examples/market pinned from its schema, as the
// trader's is, with cellvet replaced by this repository.
func readmeModule(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFileT(t, filepath.Join(dir, "go.mod"), "module example.com/e2e\n\ngo 1.26.0\n\nrequire github.com/cellvet/cellvet v0.0.0\n\nreplace github.com/cellvet/cellvet => "+root+"\n")
	writeFileT(t, filepath.Join(dir, "go.sum"), string(readFile(t, filepath.Join(root, "examples", "market", "trader", "go.sum"))))
	if err := os.MkdirAll(filepath.Join(dir, "examples", "market"), 0o777); err != nil {
		t.Fatal(err)
	}
	writeFileT(t, filepath.Join(dir, readmeSchema), string(readFile(t, example)))
	// The crate of "Schemas in a crate".
	if err := os.CopyFS(filepath.Join(dir, "examples", "fleet"), os.DirFS(filepath.Join(root, "examples", "fleet"))); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, "add", "market", "--schema", filepath.Join(dir, readmeSchema), "--lock", filepath.Join(dir, "cell.lock")); code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	return dir
}

// TestReadmeGo keeps every Go example of the README true: a block quoted
// from the trader of examples/market (built and vetted by the demo's
// tests) must be in its files as shown; every other block, pasted into a
// module made from the example (quote.go, quote2.go, ...), must build and
// be vet clean, and the planted mismatch the README shows (Depth uint32 in
// its QuoteRequest) must give exactly the go vet output it shows.
func TestReadmeGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a fresh module (-short)")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	readme := readmeText(t)
	trader := ""
	for _, f := range []string{"market.go", "calls.go", "main.go"} {
		trader += string(readFile(t, filepath.Join("..", "..", "examples", "market", "trader", f)))
	}
	dir := readmeModule(t)
	var pasted []string
	for _, b := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(trader, b[1]) {
			continue
		}
		name := "quote.go"
		if len(pasted) > 0 {
			name = "quote" + string(rune('1'+len(pasted))) + ".go"
		}
		writeFileT(t, filepath.Join(dir, name), "package e2e\n\nimport \"github.com/cellvet/cellvet/cell\"\n\n"+b[1])
		pasted = append(pasted, name)
	}
	if len(pasted) == 0 {
		t.Fatal("README.md: no Go block outside the trader's: the binding example is gone")
	}
	if code, out := goVet(t, dir); code != 0 || out != "" {
		t.Fatalf("the README's Go examples (%s) pasted into a module made from examples/market: go vet exit %d:\n%s", strings.Join(pasted, ", "), code, out)
	}

	quote := filepath.Join(dir, "quote.go")
	depth := regexp.MustCompile(`(?m)^(\tDepth\s+)uint16`)
	src := readFile(t, quote)
	if !depth.Match(src) {
		t.Fatal("README.md: the first Go example has no Depth uint16 field to plant the mismatch in")
	}
	writeFileT(t, quote, string(depth.ReplaceAll(src, []byte("${1}uint32"))))
	cmdline, want := readmeBlock(t, readme, "A planted mismatch")
	if cmdline != "$ go vet -vettool=$(which cellvet) ./..." {
		t.Errorf("README.md: the planted mismatch's block shows %q, want the go vet command", cmdline)
	}
	if code, out := goVet(t, dir); code == 0 || out != want {
		t.Errorf("go vet with the planted mismatch: exit %d, output\n%s\nREADME.md shows\n%s", code, out, want)
	}
	writeFileT(t, quote, string(src))
	checkReadmeCommands(t, readme, dir)
}

// readmeCommand is one command line of the README's sh blocks, with the
// alternative its comment gives ("# or: CMD").
type readmeCommand struct{ line, or string }

// readmeCommands returns the command lines of the README's sh blocks.
func readmeCommands(readme string) []readmeCommand {
	comment := regexp.MustCompile(`\s*#(?: or: (.*))?.*$`)
	var cmds []readmeCommand
	for _, b := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		for _, l := range strings.Split(b[1], "\n") {
			var c readmeCommand
			if m := comment.FindStringSubmatchIndex(l); m != nil {
				if m[2] >= 0 {
					c.or = l[m[2]:m[3]]
				}
				l = l[:m[0]]
			}
			if c.line = strings.TrimSpace(l); c.line != "" {
				cmds = append(cmds, c)
			}
		}
	}
	return cmds
}

// checkReadmeCommands runs every command of the README's sh blocks in dir,
// the module of TestReadmeGo, with the cellvet the README's install line
// builds first on PATH, and a cell serving the example's schema on the
// socket and on TCP. A command needs its exit status 0 (the module is vet
// clean); a command this test does not know fails it, so that a new
// README command comes with its test. Three are run elsewhere: the demo
// (TestDemo), the tests themselves, and --binary, which needs a cell binary
// built by cargo (binary_test.go measures real ones); "go install ...@latest"
// needs the published module, and its "or:" alternative is run instead.
func checkReadmeCommands(t *testing.T, readme, dir string) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	bin := t.TempDir()
	socks := sockDir(t)
	startServer(t, []string{wire.SocketDirEnv + "=" + socks}, "--name", "market", filepath.Join(dir, readmeSchema))
	tcp := startServer(t, nil, "--name", "market", filepath.Join(dir, readmeSchema), "--listen", "127.0.0.1:0")
	otherLock := filepath.Join(t.TempDir(), "other.lock")
	elsewhere := map[string]string{
		"go run ./examples/market/demo": "examples/market/demo/demo_test.go:func TestDemo(",
		"go test ./...":                 "",
		"cellvet add market --schema examples/market/schema.rs --binary ./market-cell": "cmd/cellvet/binary_test.go:--binary",
	}
	ran := 0
	for _, c := range readmeCommands(readme) {
		cmdline, wd := c.line, dir
		if where, ok := elsewhere[cmdline]; ok {
			if file, text, ok := strings.Cut(where, ":"); ok && !strings.Contains(string(readFile(t, filepath.Join(root, file))), text) {
				t.Errorf("README command %q: %s, which runs it, has no %q", cmdline, file, text)
			}
			continue
		}
		switch {
		case strings.HasSuffix(cmdline, "@latest") && c.or != "":
			cmdline, wd = strings.Replace(c.or, "-o cellvet", "-o "+filepath.Join(bin, "cellvet"), 1), root
		case strings.Contains(cmdline, "market@10.0.0.7:7000"):
			cmdline = strings.Replace(cmdline, "10.0.0.7:7000", tcp.Addr, 1)
		case strings.Contains(cmdline, "/abs/other.lock"):
			writeFileT(t, otherLock, string(readFile(t, filepath.Join(dir, "cell.lock"))))
			cmdline = strings.Replace(cmdline, "/abs/other.lock", otherLock, 1)
		case !strings.HasPrefix(cmdline, "cellvet ") && !strings.HasPrefix(cmdline, "go vet "):
			t.Errorf("README command %q: checkReadmeCommands does not know how to run it", cmdline)
			continue
		}
		sh := exec.Command("sh", "-c", cmdline)
		sh.Dir = wd
		sh.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), wire.SocketDirEnv+"="+socks)
		if !strings.Contains(cmdline, "go build") {
			sh.Env = append(sh.Env, goEnv()...)
		}
		if out, err := sh.CombinedOutput(); err != nil {
			t.Errorf("README command %q (run as %q): %v\n%s", c.line, cmdline, err, out)
		}
		ran++
	}
	if ran < 8 {
		t.Errorf("ran %d README commands, want at least 8", ran)
	}
}

// TestReadmeAddChange runs the README's example of a changed schema:
// cellvet add after qty: u32 became u64 in the example.
func TestReadmeAddChange(t *testing.T) {
	dir := readmeModule(t)
	schema := filepath.Join(dir, readmeSchema)
	src := string(readFile(t, schema))
	changed := strings.Replace(src, "pub qty: u32,", "pub qty: u64,", 1)
	if changed == src {
		t.Fatal("examples/market/schema.rs has no qty: u32 field")
	}
	writeFileT(t, schema, changed)
	cmdline, want := readmeBlock(t, readmeText(t), "`qty: u64` in the example schema")
	if cmdline != "$ cellvet add market --schema examples/market/schema.rs" {
		t.Errorf("README.md: the changed schema's block shows %q", cmdline)
	}
	code, out, errOut := runCmd(t, "add", "market", "--schema", schema, "--lock", filepath.Join(dir, "cell.lock"))
	if code != exitOK || out != want {
		t.Errorf("add after the change: exit %d (%s), printed\n%s\nREADME.md shows\n%s", code, errOut, out, want)
	}
}
