package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/examples/market/gocell"
)

// The planted mismatch: a file with a stale copy of the trader's
// QuoteRequest whose Depth is one size too wide (the schema says depth:
// u16). It moves no other field, so go vet reports exactly this one.
const (
	plantFile = "stale.go"
	plantText = `package main

import "github.com/cellvet/cellvet/cell"

// staleQuoteRequest is QuoteRequest as an old copy of the schema had it.
//
//cell:type market.QuoteRequest
type staleQuoteRequest struct {
	Symbol cell.String
	Depth  uint32
}
`
)

// demo is one run: a temporary directory with the socket directory, the
// cellvet binary and the trader's copy.
type demo struct {
	out     io.Writer
	repo    string // the repository's root
	tmp     string
	sockDir string
	cellvet string // the built command
	trader  string // the copy of examples/market/trader
}

func run(ctx context.Context, out io.Writer, rust bool) error {
	d, err := newDemo(out)
	if err != nil {
		return err
	}
	defer os.RemoveAll(d.tmp)
	stop, err := d.startCell(ctx, rust)
	if err != nil {
		return err
	}
	defer stop()
	for _, step := range []func(context.Context) error{d.pin, d.vetPlanted, d.vetFixed, d.trade} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func newDemo(out io.Writer) (*demo, error) {
	repo, err := repoRoot()
	if err != nil {
		return nil, err
	}
	// Short: a Unix socket path has at most 107 bytes.
	tmp, err := os.MkdirTemp("", "cvdemo")
	if err != nil {
		return nil, err
	}
	d := &demo{out: out, repo: repo, tmp: tmp, sockDir: filepath.Join(tmp, "s"), cellvet: filepath.Join(tmp, "cellvet"), trader: filepath.Join(tmp, "trader")}
	if err := os.Mkdir(d.sockDir, 0o700); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return d, nil
}

// repoRoot is the root of the cellvet module holding the working directory.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	src, err := os.ReadFile(gomod)
	if err != nil || !bytes.HasPrefix(src, []byte("module github.com/cellvet/cellvet\n")) {
		return "", errors.New("run the demo from a clone of github.com/cellvet/cellvet")
	}
	return filepath.Dir(gomod), nil
}

// startCell starts the market cell on the demo's socket directory and
// returns how to stop it.
func (d *demo) startCell(ctx context.Context, rust bool) (func(), error) {
	d.say("1. start the market cell")
	if err := d.buildCellvet(ctx); err != nil {
		return nil, err
	}
	if rust {
		return d.startExchange(ctx)
	}
	l, err := net.Listen("unix", filepath.Join(d.sockDir, gocell.Name+".sock"))
	if err != nil {
		return nil, fmt.Errorf("the Go market cell: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	logf := func(err error) { fmt.Fprintln(os.Stderr, "demo: the Go market cell:", err) }
	go func() { done <- gocell.Serve(ctx, l, cell.WithErrorLog(logf)) }()
	d.detail("the Go market cell (examples/market/gocell) serves %s", l.Addr())
	return func() {
		cancel()
		if err := <-done; err != nil {
			logf(err)
		}
	}, nil
}

func (d *demo) buildCellvet(ctx context.Context) error {
	_, err := d.cmd(ctx, d.repo, []string{"CGO_ENABLED=0"}, "go", "build", "-o", d.cellvet, "./cmd/cellvet")
	return err
}

// startExchange builds the Rust exchange with cargo and starts it.
func (d *demo) startExchange(ctx context.Context) (func(), error) {
	crate := filepath.Join(d.repo, "examples", "market", "exchange")
	target := filepath.Join(crate, "target")
	if _, err := d.cmd(ctx, crate, []string{"CELLVET=" + d.cellvet, "CARGO_TARGET_DIR=" + target}, "cargo", "build", "--locked", "--quiet"); err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(target, "debug", "market-exchange"))
	cmd.Env = append(os.Environ(), "CELL_SOCKET_DIR="+d.sockDir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("the Rust exchange: %w", err)
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	// It prints one line once it listens.
	line, err := firstLine(stdout, 30*time.Second)
	if err != nil {
		stop()
		return nil, fmt.Errorf("the Rust exchange did not start: %w", err)
	}
	go io.Copy(io.Discard, stdout)
	d.detail("the Rust exchange (examples/market/exchange): %s", strings.TrimPrefix(line, "market-exchange: "))
	return stop, nil
}

func firstLine(r io.Reader, timeout time.Duration) (string, error) {
	got := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(r)
		s.Scan()
		got <- s.Text()
	}()
	select {
	case line := <-got:
		if line == "" {
			return "", errors.New("it exited without a word")
		}
		return line, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no word after %v", timeout)
	}
}

// pin copies the trader module without its cell.lock and pins the running
// cell into it from its socket.
func (d *demo) pin(ctx context.Context) error {
	d.say("2. pin it into a copy of the trader: cellvet add market")
	if err := copyTrader(filepath.Join(d.repo, "examples", "market", "trader"), d.trader, d.repo); err != nil {
		return err
	}
	out, err := d.cmd(ctx, d.trader, nil, d.cellvet, "add", "market")
	if err != nil {
		return err
	}
	d.detail("%s", strings.TrimSpace(out))
	return nil
}

// copyTrader copies the module's Go files, go.mod (its replace directive
// pointing at repo) and go.sum into dst.
func copyTrader(src, dst, repo string) error {
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return err
		}
		if name == "go.mod" {
			b = bytes.Replace(b, []byte("=> ../../.."), []byte("=> "+repo), 1)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (d *demo) vetPlanted(ctx context.Context) error {
	d.say("3. go vet -vettool=cellvet, with a planted mismatch (%s: a copy of QuoteRequest, Depth uint32)", plantFile)
	plant := filepath.Join(d.trader, plantFile)
	if err := os.WriteFile(plant, []byte(plantText), 0o644); err != nil {
		return err
	}
	out, err := d.vet(ctx)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return fmt.Errorf("go vet should have reported the planted mismatch: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "#") {
			d.detail("%s", line)
		}
	}
	d.detail("(go vet exit status %d)", exit.ExitCode())
	return os.Remove(plant)
}

func (d *demo) vetFixed(ctx context.Context) error {
	d.say("4. go vet -vettool=cellvet, the trader as committed (%s removed)", plantFile)
	if out, err := d.vet(ctx); err != nil {
		return fmt.Errorf("go vet on the trader as committed: %v\n%s", err, out)
	}
	d.detail("no problems")
	return nil
}

func (d *demo) vet(ctx context.Context) (string, error) {
	return d.run(ctx, d.trader, nil, "go", "vet", "-vettool="+d.cellvet, "./...")
}

func (d *demo) trade(ctx context.Context) error {
	d.say("5. run the trader: a quote and an order")
	out, err := d.cmd(ctx, d.trader, nil, "go", "run", ".")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		d.detail("%s", line)
	}
	return nil
}

func (d *demo) say(format string, args ...any) { fmt.Fprintf(d.out, format+"\n", args...) }

func (d *demo) detail(format string, args ...any) {
	fmt.Fprintf(d.out, "   "+format+"\n", args...)
}

// cmd runs a command and returns its standard output; a failure is an error
// holding its output.
func (d *demo) cmd(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	out, err := d.run(ctx, dir, env, name, args...)
	if err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out, nil
}

// run runs a command in dir with the demo's environment (its socket
// directory; the trader's module on its own) and returns its combined
// output.
func (d *demo) run(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir = dir
	c.Env = append(append(os.Environ(), "CELL_SOCKET_DIR="+d.sockDir, "GOWORK=off"), env...)
	out, err := c.CombinedOutput()
	return string(out), err
}
