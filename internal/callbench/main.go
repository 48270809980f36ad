// Command callbench measures calls side by side, in one run, for the
// benchmarks of issue 10 (docs/BENCHMARKS.md, "Calls"): cellvet Go to Go
// (cell.Call and cell.CallInto against cell.Serve), cellvet Go to a Rust
// cell, a raw Unix-socket ping-pong of the same bytes (the floor) and
// grpc-go with protobuf, each with a 24-byte fixed message and a ~4 KiB
// message of strings and vectors, with 1 and with 16 concurrent callers.
//
//	callbench run [-rounds N] [-d DUR] [-warm DUR] [-rust BINARY] [-rows REGEXP] [-callers 1,16]
//	callbench serve -dir DIR
//
// run starts the Go servers in a child process (callbench serve), so that
// callers and servers are separate processes as a cell and its clients
// are, and the Rust cell when -rust (or $CALLBENCH_RUST) names its binary;
// then it measures every row in every round, the order of the rows
// rotated each round, and prints the medians of the rounds.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: callbench run [flags] | callbench serve -dir DIR")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runCmd(os.Args[2:])
	case "serve":
		err = serveCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (run or serve)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "callbench:", err)
		os.Exit(1)
	}
}

// serveCmd serves every Go row in dir until its standard input closes
// (the parent ended, or closed the pipe).
func serveCmd(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dir := fs.String("dir", "", "socket directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("serve: -dir is required")
	}
	return serveUntilEOF(*dir)
}

// serveUntilEOF serves every Go row in dir, says "ready" on stdout and
// stops when stdin closes.
func serveUntilEOF(dir string) error {
	s, err := startServers(dir)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	return s.stop()
}

type runFlags struct {
	rounds  int
	d, warm time.Duration
	rust    string
	callers []int
	pids    []int // the callers' and servers' processes
}

// parseRunFlags parses run's flags.
func parseRunFlags(args []string) (runFlags, *regexp.Regexp, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var f runFlags
	fs.IntVar(&f.rounds, "rounds", 8, "rounds; each measures every row once")
	fs.DurationVar(&f.d, "d", time.Second, "timed calls per row, round and number of callers")
	fs.DurationVar(&f.warm, "warm", 200*time.Millisecond, "untimed calls before each measurement")
	fs.StringVar(&f.rust, "rust", os.Getenv("CALLBENCH_RUST"), "the Rust cell's binary (default $CALLBENCH_RUST; none: no Rust rows)")
	only := fs.String("rows", "", "only the rows whose MESSAGE/SYSTEM matches this regular expression (for profiling)")
	callers := fs.String("callers", "1,16", "numbers of concurrent callers, comma-separated")
	if err := fs.Parse(args); err != nil {
		return f, nil, err
	}
	var err error
	if f.callers, err = parseCallers(*callers); err != nil {
		return f, nil, err
	}
	match, err := regexp.Compile(*only)
	if err != nil {
		return f, nil, fmt.Errorf("-rows: %w", err)
	}
	return f, match, nil
}

func runCmd(args []string) error {
	f, match, err := parseRunFlags(args)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "callbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(exe, "serve", "-dir", dir)
	stopServer, err := startChild(child)
	if err != nil {
		return err
	}
	f.pids = []int{os.Getpid(), child.Process.Pid}
	defer stopServer()
	var rust map[string]string
	if f.rust != "" {
		rc, err := startRust(f.rust, dir)
		if err != nil {
			return err
		}
		defer rc.stop()
		rust = rc.socks
		for _, c := range rc.cmds {
			f.pids = append(f.pids, c.Process.Pid)
		}
	}
	g, err := dialGRPC(filepath.Join(dir, sockGRPC))
	if err != nil {
		return err
	}
	defer g.close()
	fv, err := orderFrames(dir)
	if err != nil {
		return err
	}
	rs := slices.DeleteFunc(rows(dir, rust, g, fv), func(r row) bool { return !match.MatchString(r.String()) })
	res, err := runRounds(context.Background(), rs, f, os.Stderr)
	if err != nil {
		return err
	}
	printTable(os.Stdout, rs, f.callers, res)
	return nil
}

// startChild starts cmd, a process serving every Go row (callbench serve,
// or a test binary), and waits until it prints "ready". stop closes its
// standard input, which makes it stop, and waits for it.
func startChild(cmd *exec.Cmd) (stop func(), err error) {
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the servers: %w", err)
	}
	stop = func() {
		in.Close()
		cmd.Wait()
	}
	line := make([]byte, 6)
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "ready\n" {
		stop()
		return nil, fmt.Errorf("the server process did not start (%q, %v)", line, err)
	}
	return stop, nil
}

// runRounds measures every row with every number of callers once per
// round, rotating the order of the rows each round so that no row always
// follows the same one. It logs each measurement to log.
func runRounds(ctx context.Context, rs []row, f runFlags, log io.Writer) (map[key][]result, error) {
	res := make(map[key][]result)
	for round := range f.rounds {
		for i := range rs {
			r := rs[(i+round)%len(rs)]
			for _, n := range f.callers {
				m, err := measure(ctx, r, n, f.warm, f.d, f.pids)
				if err != nil {
					return nil, err
				}
				k := key{r.String(), n}
				res[k] = append(res[k], m)
				fmt.Fprintf(log, "round %d %-28s callers %2d: p50 %8.2f us  p99 %8.2f us  %9.0f calls/s  CPU %6.2f us/call\n",
					round+1, r, n, us(m.p50), us(m.p99), m.rate, us(m.cpu))
			}
		}
	}
	return res, nil
}

// parseCallers parses a comma-separated list of positive numbers.
func parseCallers(s string) ([]int, error) {
	var ns []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-callers: %q is not a positive number", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

type key struct {
	row     string
	callers int
}

func us(d time.Duration) float64 { return float64(d) / 1e3 }
