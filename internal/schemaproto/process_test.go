package schemaproto

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// helperEnv names the listen address a helper process serves on; it is set
// only in the re-executed test binary.
const helperEnv = "CELLVET_SCHEMAPROTO_HELPER_LISTEN"

// TestHelperProcess is not a test: re-executed with helperEnv set, it is
// the responder as a separate process ("cellvet serve-schema" in
// miniature). It prints "READY <addr>" and serves until its stdin closes.
func TestHelperProcess(t *testing.T) {
	addr, ok := os.LookupEnv(helperEnv)
	if !ok {
		t.Skip("helper process only")
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	err := ServeSchema(ctx, "market", testProfile, []byte(testText), addr, func(a net.Addr) {
		fmt.Printf("READY %s\n", a)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// startHelper runs the helper process serving on listen and returns the
// address it reports and a function that stops it and waits for it.
func startHelper(t *testing.T, listen string) (string, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+listen)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("helper process: %v\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Errorf("helper process did not stop when its stdin closed")
		}
	}
	t.Cleanup(stop)
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
		io.Copy(io.Discard, stdout)
	}()
	select {
	case s := <-line:
		addr, ok := strings.CutPrefix(strings.TrimSpace(s), "READY ")
		if !ok {
			stop()
			t.Fatalf("helper process said %q\n%s", s, stderr.String())
		}
		return addr, stop
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("helper process did not start\n%s", stderr.String())
	}
	return "", nil
}

func TestSeparateProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	t.Run("unix", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv(SocketDirEnv, dir)
		path := filepath.Join(dir, "market.sock")
		addr, stop := startHelper(t, "") // the cell's own socket in $CELL_SOCKET_DIR
		if addr != path {
			t.Errorf("helper serves on %s, want %s", addr, path)
		}
		tg, err := Resolve("market")
		if err != nil {
			t.Fatal(err)
		}
		r, err := FetchTarget(context.Background(), tg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkReply(t, r)
		stop()
		if _, err := os.Lstat(path); !os.IsNotExist(err) {
			t.Errorf("socket %s left behind after the helper stopped: %v", path, err)
		}
		_, err = FetchTarget(context.Background(), tg, Options{})
		want := "schema request to unix:" + path + ": cannot connect: no socket at " + path + " (is the cell running? CELL_SOCKET_DIR sets the socket directory)"
		if err == nil || err.Error() != want {
			t.Errorf("after stop: got %v\nwant %s", err, want)
		}
	})
	t.Run("tcp", func(t *testing.T) {
		addr, _ := startHelper(t, "127.0.0.1:0")
		tg, err := Resolve("market@" + addr)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Network != "tcp" || tg.Address != addr {
			t.Fatalf("Resolve = %+v", tg)
		}
		r, err := FetchTarget(context.Background(), tg, Options{ConnectTimeout: 2 * time.Second, ReadTimeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		checkReply(t, r)
	})
}
