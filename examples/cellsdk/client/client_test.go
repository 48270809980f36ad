package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/testnet"
)

// The client's output against the Rust exchange cell. The place note is
// the cell's format!("{} {} x{} {:?}", side, symbol, qty, tags); a handler
// error's message is always SerializationFailure (cell-macros 0.4.1
// replaces the handler's error before the SDK formats it).
const wantOutput = `ping: 42
echo: héllo, cell
quote: ACME bid 99.50 ask 100.25 depth 5
sum: 4000000006
place: id 7 accepted true note "sell ACME x100 [\"gtc\", \"ioc\"]"
book: ACME bids 2 asks 1
fail: handler error true: SerializationFailure
`

//cell:type exchange.ExchangeProtocol::Toggle
type ToggleCall struct {
	Tag uint8 `cell:",tag"`
	On  bool
	_   [0]uint64
	_   [48]byte
}

//cell:type exchange.ExchangeResponse::Toggle
type ToggleReply struct {
	Tag uint8 `cell:",tag"`
	Off bool  `cell:"0"`
	_   [0]uint64
	_   [32]byte
}

var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}()

// buildCell builds the Rust exchange cell once; it skips the test when
// cargo is not installed (CI has it).
var buildCell = sync.OnceValues(func() (string, error) {
	if _, err := exec.LookPath("cargo"); err != nil {
		return "", errNoCargo
	}
	dir := filepath.Join(repoRoot, "examples", "cellsdk")
	cmd := exec.Command("cargo", "build", "--locked", "--quiet", "--bin", "exchange")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cargo build: %v\n%s", err, out)
	}
	target := os.Getenv("CARGO_TARGET_DIR")
	if target == "" {
		target = filepath.Join(dir, "target")
	}
	return filepath.Join(target, "debug", "exchange"), nil
})

var errNoCargo = errors.New("cargo not found")

// startCell starts the exchange binary as cell name in a working
// directory of its own, with HOME home and env, and waits until it serves;
// it returns the cell's stderr so far, for the end of the test.
func startCell(t *testing.T, home, name string, env ...string) (stderr func() string) {
	t.Helper()
	bin, err := buildCell()
	if err == errNoCargo {
		t.Skip("cargo not found: the Rust test cell cannot be built")
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, name)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), append([]string{"HOME=" + home}, env...)...)
	var errBuf testnet.LockedBuffer
	cmd.Stderr = &errBuf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := sc.Scan() && sc.Text() == "ready "+name
		ready <- ok
		io.Copy(io.Discard, out)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("the cell did not start; stderr:\n%s", errBuf.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the cell did not say ready in 20 s; stderr:\n%s", errBuf.String())
	}
	return errBuf.String
}

// TestExample runs the client against the Rust exchange cell: every method
// shape, a request the cell's validation refuses, a reply carrying another
// method's tag, cellvet add against the running cell, and go vet on the
// client with and without a planted mismatch.
func TestExample(t *testing.T) {
	// Build first: cargo and go find their toolchains and caches through
	// $HOME, which the calls below change to the cell's.
	if _, err := buildCell(); err == errNoCargo {
		t.Skip("cargo not found: the Rust test cell cannot be built")
	}
	cellvet := buildCellvet(t)
	userHome := os.Getenv("HOME")
	home := t.TempDir()
	t.Setenv("HOME", home)
	stderr := startCell(t, home, "exchange")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	t.Run("calls", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(ctx, &out); err != nil {
			t.Fatalf("%v\noutput:\n%s", err, out.String())
		}
		if out.String() != wantOutput {
			t.Errorf("output:\n%s\nwant:\n%s", out.String(), wantOutput)
		}
		doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "cell-sdk.md"))
		if err != nil || !strings.Contains(string(doc), "```text\n"+out.String()+"```") {
			t.Errorf("docs/cell-sdk.md does not show the client's output (%v)", err)
		}
		r, err := cell.Call[ToggleReply](ctx, "exchange", &ToggleCall{Tag: MethodToggle, On: true})
		if err != nil || r.Off {
			t.Errorf("toggle(true) = %+v, %v; want false", r, err)
		}
	})

	t.Run("ErrorResponse", func(t *testing.T) {
		// No method has tag 200: rkyv's validator in the cell refuses the
		// request.
		req := &ToggleCall{Tag: MethodToggle}
		req.Tag = 200
		_, err := cell.Call[ToggleReply](ctx, "exchange", req)
		var re *cell.RemoteError
		if !errors.As(err, &re) || re.Handler || re.Code != 500 || re.Source != "exchange" || !strings.HasPrefix(re.Message, "Request validation failed: ") {
			t.Fatalf("err = %v (%#v); want a RemoteError with code 500 from exchange", err, re)
		}
		var ce *cell.Error
		if !errors.As(err, &ce) || ce.Kind != cell.KindRemote {
			t.Errorf("err = %v, want KindRemote", err)
		}
	})

	t.Run("wrong reply tag", func(t *testing.T) {
		// The same cell, answering ping with count's tag (a test hook of
		// the stand-in SDK): the bytes are a valid Count reply.
		liarHome := t.TempDir()
		startCell(t, liarHome, "exchange", "CELL_TEST_SWAP_TAG=0:1")
		sock := filepath.Join(liarHome, ".cell", "io", "exchange.sock")
		_, err := cell.Call[PingReply](ctx, "exchange", &PingCall{Tag: MethodPing}, cell.WithAddress("unix", sock))
		var ce *cell.Error
		if !errors.As(err, &ce) || ce.Kind != cell.KindTag {
			t.Fatalf("err = %v, want KindTag", err)
		}
	})

	t.Run("cellvet add", func(t *testing.T) {
		mod := t.TempDir()
		writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/c\n\ngo 1.26\n")
		cmd := exec.Command(cellvet, "add", "exchange")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "CELL_SOCKET_DIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		want := "exchange is a Cell SDK cell (its socket is " + filepath.Join(home, ".cell", "io", "exchange.sock") + "): Cell SDK cells cannot be asked for their schema"
		if err == nil || !strings.Contains(string(out), want) || !strings.Contains(string(out), "cellvet add exchange --schema") {
			t.Errorf("cellvet add exchange: %v\n%s\nwant %q", err, out, want)
		}
		if _, err := os.Stat(filepath.Join(mod, "cell.lock")); err == nil {
			t.Error("a failed add wrote cell.lock")
		}
	})

	t.Run("go vet", func(t *testing.T) {
		mod := copyClient(t)
		if out, err := goVet(mod, cellvet, userHome); err != nil {
			t.Fatalf("go vet on the client as committed: %v\n%s", err, out)
		}
		src, err := os.ReadFile(filepath.Join(mod, "exchange.go"))
		if err != nil {
			t.Fatal(err)
		}
		planted := strings.Replace(string(src), "\tSymbol cell.String\n\tDepth  uint16\n", "\tSymbol cell.String\n\tDepth  uint32\n", 1)
		if planted == string(src) {
			t.Fatal("QuoteCall's Depth field not found in exchange.go")
		}
		writeFile(t, filepath.Join(mod, "exchange.go"), planted)
		out, err := goVet(mod, cellvet, userHome)
		want := "QuoteCall.Depth: uint32 does not match exchange.ExchangeProtocol::Quote.depth u16: want uint16"
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("go vet with a planted mismatch: %v\n%s\nwant %q", err, out, want)
		}
	})

	if s := stderr(); strings.Contains(s, "tripwire") {
		t.Errorf("the cell was sent a 4 GiB frame:\n%s", s)
	}
}

// buildCellvet builds this repository's cellvet.
func buildCellvet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cellvet")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/cellvet/cellvet/cmd/cellvet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build cellvet: %v\n%s", err, out)
	}
	return bin
}

// copyClient copies the client into a module of its own that uses this
// repository, with the repository's cell.lock.
func copyClient(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"exchange.go", "main.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), string(src))
	}
	for _, name := range []string{"cell.lock", "go.sum"} {
		src, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), string(src))
	}
	repo, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	req, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	_, requires, _ := strings.Cut(string(req), "\nrequire")
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/client\n\ngo 1.26\n\nrequire github.com/cellvet/cellvet v0.0.0\n\nreplace github.com/cellvet/cellvet => "+repo+"\n\nrequire"+requires)
	return dir
}

// goVet runs go vet with cellvet in dir, with the user's home (and so
// the go caches).
func goVet(dir, cellvet, home string) (string, error) {
	cmd := exec.Command("go", "vet", "-vettool="+cellvet, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+home, "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
