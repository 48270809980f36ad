package interop_test

import (
	"encoding/binary"
	"errors"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
)

// replay serves c's cell name on a fresh socket as a stand-in for a Rust
// cell: it answers schema requests with c's canonical text, and each
// message with reply, rkyv's archived bytes; every request payload it
// receives goes to the returned channel, for comparison with rkyv's.
func replay(t *testing.T, c *crate, reply []byte) (string, <-chan []byte) {
	t.Helper()
	schema, err := wire.NewSchema(c.cell, []byte(c.canon))
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(socketDir(t), "replay.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	requests := make(chan []byte, 16)
	frame := binary.LittleEndian.AppendUint32(nil, uint32(len(reply)))
	frame = append(frame, reply...)
	// testnet.Serve closes the connections at cleanup: the runtime's pool
	// keeps them open.
	testnet.Serve(t, l, func(conn net.Conn) { replayConn(t, conn, schema, frame, requests) })
	return sock, requests
}

// replayConn serves one connection until the peer closes it.
func replayConn(t *testing.T, conn net.Conn, schema *wire.Schema, frame []byte, requests chan<- []byte) {
	for {
		payload, err := wire.ReadFrame(conn, cell.MaxFrameSize)
		switch {
		case errors.Is(err, wire.ErrControlFrame):
			if err := schema.Handle(conn); err != nil {
				t.Errorf("replay: schema request: %v", err)
				return
			}
			continue
		case err != nil:
			return
		}
		select {
		case requests <- payload:
		default:
			t.Errorf("replay: more requests than the test reads")
		}
		if _, err := conn.Write(frame); err != nil {
			return
		}
	}
}

func execOutput(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}

func itoa(i int) string { return strconv.Itoa(i) }
