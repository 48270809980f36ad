package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/cellvet/cellvet/rustschema"
)

// The Rust cell is the interop cell of testdata/interop/rkyv08 (its
// "cell" binary): "cell NAME SOCKET CANON_FILE ping|order" serves one
// message kind on SOCKET and prints "ready"; "cell --print-schema" prints
// the schema.rs it was built from.

// rustCells are the running Rust cells: one per message kind.
type rustCells struct {
	cmds  []*exec.Cmd
	socks map[string]string // "ping" or "order" -> socket path
}

// startRust starts the binary's cells for both message kinds, sockets in
// dir, after writing the canonical text of the schema it was built from
// (for its schema replies; the benchmark makes no handshake).
func startRust(binary, dir string) (*rustCells, error) {
	canon, err := rustCanon(binary)
	if err != nil {
		return nil, err
	}
	canonFile := filepath.Join(dir, "rust.canon")
	if err := os.WriteFile(canonFile, canon, 0o644); err != nil {
		return nil, err
	}
	rc := &rustCells{socks: map[string]string{}}
	for _, kind := range []string{"ping", "order"} {
		sock := filepath.Join(dir, "rust-"+kind+".sock")
		if err := rc.start(binary, sock, canonFile, kind); err != nil {
			rc.stop()
			return nil, err
		}
		rc.socks[kind] = sock
	}
	return rc, nil
}

// start runs one cell and waits for its "ready". Its stderr, a line per
// message, is discarded.
func (rc *rustCells) start(binary, sock, canonFile, kind string) error {
	cmd := exec.Command(binary, cellName, sock, canonFile, kind)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the Rust cell: %w", err)
	}
	rc.cmds = append(rc.cmds, cmd)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		return fmt.Errorf("the Rust cell %s did not start (%q, %v)", kind, line, err)
	}
	return nil
}

func (rc *rustCells) stop() {
	for _, c := range rc.cmds {
		c.Process.Kill()
		c.Wait()
	}
}

// rustCanon returns the canonical text of the schema the binary was built
// from, in the default profile (the interop crate's).
func rustCanon(binary string) ([]byte, error) {
	src, err := exec.Command(binary, "--print-schema").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --print-schema: %w", binary, err)
	}
	s, err := rustschema.Parse("schema.rs", src)
	if err != nil {
		return nil, fmt.Errorf("the Rust cell's schema: %w", err)
	}
	return rustschema.Canon(s, rustschema.DefaultProfile()).Text, nil
}
