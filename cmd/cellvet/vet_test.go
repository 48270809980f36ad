package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// vetModule writes a module that calls the market cell of
// testdata/src/app, with cellvet replaced by this repository, and pins
// market into its cell.lock with "cellvet add".
func vetModule(t *testing.T, depth string) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	app := filepath.Join(root, "testdata", "src", "app")
	gomod, err := os.ReadFile(filepath.Join(app, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod = bytes.Replace(gomod, []byte("example.com/app"), []byte("example.com/e2e"), 1)
	gomod = bytes.Replace(gomod, []byte("=> ../../.."), []byte("=> "+root), 1)
	writeFileT(t, filepath.Join(dir, "go.mod"), string(gomod))
	gosum, err := os.ReadFile(filepath.Join(app, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFileT(t, filepath.Join(dir, "go.sum"), string(gosum))
	schema, err := os.ReadFile(filepath.Join(app, "schemas", "market.rs"))
	if err != nil {
		t.Fatal(err)
	}
	writeFileT(t, filepath.Join(dir, "market.rs"), string(schema))
	writeQuoteRequest(t, dir, depth)
	if code, _, errOut := runProc(t, nil, "add", "market", "--schema", filepath.Join(dir, "market.rs"), "--lock", filepath.Join(dir, "cell.lock")); code != 0 {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	return dir
}

func writeQuoteRequest(t *testing.T, dir, depth string) {
	t.Helper()
	writeFileT(t, filepath.Join(dir, "quote.go"), `package e2e

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

//cell:type market.QuoteRequest
type QuoteRequest struct {
	Symbol [8]byte
	Depth  `+depth+`
	Live   bool
}

//cell:type market.Ack
type Ack struct {
	N  uint64 `+"`cell:\"0\"`"+`
	OK bool   `+"`cell:\"1\"`"+`
}

func Get(ctx context.Context) (*Ack, error) {
	return cell.Call[Ack](ctx, "market", &QuoteRequest{})
}
`)
}

func writeFileT(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

// goVet runs the real "go vet -vettool=cellvet" in dir, with this test
// binary as the tool (TestMain runs it as cellvet).
func goVet(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	exe, err := testBinary()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append(append([]string{"vet", "-vettool=" + exe}, args...), "./...")...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), goEnv()...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("go vet timed out: %s", out)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatalf("go vet: %v: %s", err, out)
	}
	return 0, string(out)
}

// TestGoVet runs the real go vet with cellvet as its vet tool on a module
// with a planted mismatch, after the fix, and across lock edits: go vet
// caches results by the tool's -V=full line, which hashes cell.lock, so
// an edited lock must change the result without -a or a fresh cache.
func TestGoVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a fresh module (-short)")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	dir := vetModule(t, "uint32")
	// go vet prints paths relative to its working directory.
	lockLine := regexp.MustCompile(`(?m)^cell.lock:\d+:3: \tcell.lock: market.QuoteRequest.depth$`)

	code, out := goVet(t, dir)
	if code != 1 || !strings.Contains(out, "quote.go:12:2: QuoteRequest.Depth: uint32 does not match market.QuoteRequest.depth u16: want uint16") || !lockLine.MatchString(out) {
		t.Fatalf("planted mismatch: exit %d, output:\n%s", code, out)
	}

	code, out = goVet(t, dir, "-json")
	if code != 0 {
		// The go command's protocol, as cellvet help vet says.
		t.Errorf("go vet -json: exit %d, want 0", code)
	}
	var tree map[string]map[string][]struct {
		Posn, Message, Category string
		Related                 []struct{ Posn, Message string }
	}
	start := strings.Index(out, "{")
	if start < 0 {
		t.Fatalf("-json: exit %d, no JSON in:\n%s", code, out)
	}
	if err := json.NewDecoder(strings.NewReader(out[start:])).Decode(&tree); err != nil {
		t.Fatalf("-json: %v in:\n%s", err, out)
	}
	ds := tree["example.com/e2e"]["cellvet"]
	// One diagnostic: the offsets and the size the wide Depth moves are not
	// reported again (docs/diagnostics.md).
	if len(ds) != 1 || ds[0].Category != "kind" || len(ds[0].Related) != 1 || !strings.HasPrefix(ds[0].Related[0].Posn, filepath.Join(dir, "cell.lock")+":") {
		t.Fatalf("-json: %+v", ds)
	}

	writeQuoteRequest(t, dir, "uint16")
	if code, out := goVet(t, dir); code != 0 || strings.Contains(out, "cellvet") || strings.Contains(out, "does not match") {
		t.Fatalf("after the fix: exit %d, output:\n%s", code, out)
	}

	// The cell changes: depth becomes a u32 and the lock is re-pinned.
	// The Go code is unchanged, so only the lock's hash in -V=full can
	// make go vet run the tool again.
	good, err := os.ReadFile(filepath.Join(dir, "cell.lock"))
	if err != nil {
		t.Fatal(err)
	}
	schema, _ := os.ReadFile(filepath.Join(dir, "market.rs"))
	writeFileT(t, filepath.Join(dir, "market.rs"), strings.Replace(string(schema), "pub depth: u16", "pub depth: u32", 1))
	if code, _, errOut := runProc(t, nil, "add", "market", "--schema", filepath.Join(dir, "market.rs"), "--lock", filepath.Join(dir, "cell.lock")); code != 0 {
		t.Fatalf("re-add: exit %d: %s", code, errOut)
	}
	if code, out := goVet(t, dir); code != 1 || !strings.Contains(out, "QuoteRequest.Depth: uint16 does not match market.QuoteRequest.depth u32: want uint32") {
		t.Fatalf("after the lock changed: exit %d (a stale cached result?), output:\n%s", code, out)
	}
	writeFileT(t, filepath.Join(dir, "cell.lock"), string(good))
	if code, out := goVet(t, dir); code != 0 {
		t.Fatalf("after the lock was restored: exit %d, output:\n%s", code, out)
	}

	// A package that does not import the runtime calls it through a
	// wrapper of another package: the tool learns that only from the
	// wrapper package's facts (vet.go's mayMatter must see them).
	for _, d := range []string{"wrap", "use"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFileT(t, filepath.Join(dir, "wrap", "wrap.go"), `package wrap

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

func Get[Resp, Req any](ctx context.Context, name string, req *Req) (*Resp, error) {
	return cell.Call[Resp](ctx, name, req)
}
`)
	writeFileT(t, filepath.Join(dir, "use", "use.go"), `package use

import (
	"context"

	"example.com/e2e"
	"example.com/e2e/wrap"
)

func Use(ctx context.Context) {
	wrap.Get[e2e.Ack](ctx, "markt", &e2e.QuoteRequest{})
}
`)
	if code, out := goVet(t, dir); code != 1 || !strings.Contains(out, `use.go:11:25: unknown cell "markt"`) {
		t.Fatalf("call through a wrapper of another package: exit %d, output:\n%s", code, out)
	}
}

// TestVersionHashesLock: -V=full has the shape the go command requires
// and changes with the lock found from the working directory.
func TestVersionHashesLock(t *testing.T) {
	dir := t.TempDir()
	writeFileT(t, filepath.Join(dir, "go.mod"), "module example.com/v\n")
	version := func() string {
		cmd, err := cellvetCmd(context.Background(), nil, "-V=full")
		if err != nil {
			t.Fatal(err)
		}
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^\S+ version devel .* buildID=[0-9a-f]{64}\n$`).Match(out) {
			t.Fatalf("-V=full printed %q", out)
		}
		return string(out)
	}
	none := version()
	writeFileT(t, filepath.Join(dir, "cell.lock"), "version = 1\n")
	one := version()
	writeFileT(t, filepath.Join(dir, "cell.lock"), "version = 1\n\n")
	two := version()
	if none == one || one == two || none == two {
		t.Fatalf("-V=full did not follow the lock: %q, %q, %q", none, one, two)
	}
}

// TestStandaloneAndTypos: "cellvet PACKAGES" runs the pass without go vet,
// and a misspelt subcommand is not taken for a package.
func TestStandaloneAndTypos(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with go list (-short)")
	}
	dir := vetModule(t, "uint32")
	cmd, err := cellvetCmd(context.Background(), goEnv(), "./...")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 && ee.ExitCode() != 1 || !strings.Contains(string(out), "QuoteRequest.Depth: uint32 does not match") {
		t.Fatalf("standalone: %v, output:\n%s", err, out)
	}

	// A mechanical mismatch: -fix -diff shows the fix, -fix applies it.
	writeQuoteRequest(t, dir, "uint16\n\t_      [2]byte")
	standalone := func(args ...string) (int, string) {
		code, stdout, stderr := runStandalone(t, dir, args...)
		return code, stdout + stderr
	}
	if code, out := standalone("-fix", "-diff"); !strings.Contains(out, "-\t_      [2]byte") || !strings.Contains(out, " \tLive   bool") {
		t.Fatalf("-fix -diff: exit %d, output:\n%s", code, out)
	}
	if code, out := standalone("-fix"); code != 0 {
		t.Fatalf("-fix: exit %d, output:\n%s", code, out)
	}
	if code, out := standalone(); code != 0 || out != "" {
		t.Fatalf("after -fix: exit %d, output:\n%s", code, out)
	}

	code, _, errOut := runProc(t, nil, "updte", "x")
	if code != exitUsage || !strings.Contains(errOut, `unknown command "updte"; did you mean "update"?`) {
		t.Fatalf("typo: exit %d: %s", code, errOut)
	}
}

// runStandalone runs "cellvet ARGS... ./..." in dir as a separate process.
func runStandalone(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd, err := cellvetCmd(context.Background(), goEnv(), append(args, "./...")...)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, o.String(), e.String()
}

// TestStandaloneExitCodes: the standalone pass exits 3 while anything is
// reported, with -json and -fix too (cellvet help vet), 0 when clean and
// 1 when a package does not load; -fix changes a file that is not
// gofmt-formatted only at the fix.
func TestStandaloneExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with go list (-short)")
	}
	dir := vetModule(t, "uint16\n\t_      [2]byte")
	quote := filepath.Join(dir, "quote.go")
	const odd = "func  odd( )int{return 1}\n" // not gofmt-formatted, and no concern of the fix
	writeFileT(t, quote, string(readFile(t, quote))+odd)

	code, stdout, stderr := runStandalone(t, dir, "-json")
	var tree map[string]map[string][]struct{ Posn, Message string }
	if err := json.Unmarshal([]byte(stdout), &tree); code != exitFound || err != nil || len(tree["example.com/e2e"]["cellvet"]) == 0 {
		t.Fatalf("-json with a diagnostic: exit %d (want 3), %v:\n%s%s", code, err, stdout, stderr)
	}
	if code, stdout, _ := runStandalone(t, dir, "-fix", "-diff"); code != exitFound || !strings.Contains(stdout, "-\t_      [2]byte") {
		t.Fatalf("-fix -diff: exit %d (want 3: nothing written):\n%s", code, stdout)
	}
	// go vet's -fix is the x/tools driver's: it would gofmt the whole
	// file, and -diff exits non-zero when the diff is not empty.
	if code, out := goVet(t, dir, "-fix", "-diff"); code == 0 || !strings.Contains(out, "-\t_      [2]byte") || !strings.Contains(out, "+func odd() int { return 1 }") {
		t.Fatalf("go vet -fix -diff: exit %d:\n%s", code, out)
	}
	if code, _, stderr := runStandalone(t, dir, "-fix"); code != exitOK {
		t.Fatalf("-fix of a fixable mismatch: exit %d:\n%s", code, stderr)
	}
	fixed := string(readFile(t, quote))
	if strings.Contains(fixed, "[2]byte") || !strings.HasSuffix(fixed, "}\n"+odd) {
		t.Fatalf("-fix did not fix only the mismatch:\n%s", fixed)
	}
	if code, stdout, stderr := runStandalone(t, dir, "-json"); code != exitOK {
		t.Fatalf("-json when clean: exit %d:\n%s%s", code, stdout, stderr)
	}

	// A diagnostic without a fix remains after -fix.
	writeFileT(t, filepath.Join(dir, "other.go"), `package e2e

import (
	"context"

	"github.com/cellvet/cellvet/cell"
)

func Other(ctx context.Context) (*Ack, error) {
	return cell.Call[Ack](ctx, "zzzzqq", &QuoteRequest{})
}
`)
	if code, _, stderr := runStandalone(t, dir, "-fix"); code != exitFound || !strings.Contains(stderr, `"zzzzqq"`) {
		t.Fatalf("-fix with a diagnostic it cannot fix: exit %d (want 3):\n%s", code, stderr)
	}
	// The analyzer's own flag, standalone: another lock.
	other := filepath.Join(dir, "other.lock")
	if code, _, stderr := runStandalone(t, dir, "-cellvet.lock="+other); code != exitFound || !strings.Contains(stderr, other) {
		t.Fatalf("-cellvet.lock=%s (absent): exit %d (want 3):\n%s", other, code, stderr)
	}
	writeFileT(t, filepath.Join(dir, "other.go"), "package e2e\n\nfunc Broken() { return 1 }\n")
	if code, _, stderr := runStandalone(t, dir); code != exitError {
		t.Fatalf("a package that does not compile: exit %d (want 1):\n%s", code, stderr)
	}
}

func TestHelpVet(t *testing.T) {
	code, out, _ := runCmd(t, "help", "vet")
	if code != exitOK || !strings.Contains(out, "-cellvet.lock FILE") || !strings.Contains(out, "check calls of Rust cells") || !strings.Contains(out, "CELLVET_CACHE") {
		t.Fatalf("help vet: exit %d:\n%s", code, out)
	}
	_, out, _ = runCmd(t, "help")
	if !strings.Contains(out, "go vet -vettool=$(which cellvet)") {
		t.Fatalf("help does not mention the vet pass:\n%s", out)
	}
}

// TestMayMatter: only units that import nothing but standard packages and
// carry no //cell: directive get the facts-only analyzer.
func TestMayMatter(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.go")
	writeFileT(t, plain, "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n")
	marked := filepath.Join(dir, "marked.go")
	writeFileT(t, marked, "package p\n\n//cell:fp market\nconst FP = 1\n")
	// vetx writes a vetx file whose header says its facts section has n
	// bytes.
	vetx := func(name string, n uint32) string {
		p := filepath.Join(dir, name+".vetx")
		h := []byte("vetx\x03\x00\x00\x00\x00\x00\x00\x00abc")
		binary.LittleEndian.PutUint32(h[8:12], n)
		writeFileT(t, p, string(append(h, make([]byte, n)...)))
		return p
	}
	cfg := func(name, body string) string {
		p := filepath.Join(dir, name+".cfg")
		writeFileT(t, p, body)
		return p
	}
	for _, tc := range []struct {
		cfg  string
		want bool
	}{
		{cfg("std", `{"ImportMap":{"fmt":"fmt","unsafe":"unsafe"},"Standard":{"fmt":true},"GoFiles":["`+plain+`"]}`), false},
		{cfg("directive", `{"ImportMap":{"fmt":"fmt"},"Standard":{"fmt":true},"GoFiles":["`+plain+`","`+marked+`"]}`), true},
		{cfg("nonstd", `{"ImportMap":{"example.com/wrap":"example.com/wrap"},"Standard":{},"GoFiles":["`+plain+`"]}`), true},
		{cfg("badjson", `{`), true},
		{cfg("runtime", `{"ImportMap":{"github.com/cellvet/cellvet/cell":"github.com/cellvet/cellvet/cell"},"Standard":{},"GoFiles":["`+plain+`"]}`), true},
		{cfg("theruntime", `{"ImportPath":"github.com/cellvet/cellvet/cell","ImportMap":{"x.org/w":"x.org/w"},"GoFiles":["`+marked+`"]}`), false},
		{cfg("nofacts", `{"ImportMap":{"x.org/w":"x.org/w"},"Standard":{},"PackageVetx":{"x.org/w":"`+vetx("nofacts", 0)+`"},"GoFiles":["`+plain+`"]}`), false},
		{cfg("facts", `{"ImportMap":{"x.org/w":"x.org/w"},"Standard":{},"PackageVetx":{"x.org/w":"`+vetx("facts", 40)+`"},"GoFiles":["`+plain+`"]}`), true},
		{cfg("badvetx", `{"ImportMap":{"x.org/w":"x.org/w"},"Standard":{},"PackageVetx":{"x.org/w":"`+plain+`"},"GoFiles":["`+plain+`"]}`), true},
		{cfg("nofile", `{"ImportMap":{},"Standard":{},"GoFiles":["`+filepath.Join(dir, "gone.go")+`"]}`), true},
		{filepath.Join(dir, "missing.cfg"), true},
	} {
		if got := mayMatter(tc.cfg); got != tc.want {
			t.Errorf("mayMatter(%s) = %v, want %v", filepath.Base(tc.cfg), got, tc.want)
		}
	}
}

// TestStartHeap: a vet process starts with a 16 MB heap goal (GOGC 400)
// and collects as with GOGC=100 after its first cycle; a GOGC set by the
// user is left alone.
func TestStartHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "50")
	startHeap()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOGC set, startHeap changed the GC percent to %d", got)
	}
	t.Setenv("GOGC", "")
	startHeap()
	if got := debug.SetGCPercent(400); got != 400 {
		t.Fatalf("GC percent %d after startHeap, want 400", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // the sentinel's finalizer runs after a cycle
		time.Sleep(10 * time.Millisecond)
		if got := debug.SetGCPercent(400); got == 100 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the GC percent was not restored after a collection")
		}
	}
}
