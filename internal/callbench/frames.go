package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/cellvet/cellvet/cell"
)

// frames are the request frame a floor caller sends and the reply frame it
// must get back.
type frames struct{ req, reply []byte }

func fixedFrames() frames {
	req := pingRequest()
	reply := pong(&req)
	return frames{
		req:   appendPing(binary.LittleEndian.AppendUint32(nil, fixedSize), &req),
		reply: appendPong(binary.LittleEndian.AppendUint32(nil, fixedSize), &reply),
	}
}

// orderFrames returns the frames of the variable-size exchange as cellvet
// makes it: the frame cell.Call sends for orderRequest, recorded by a raw
// listener, and the frame cell.Serve (serveOrder) answers it with. The
// runtime has no other way to hand out an archive's bytes; both are the
// same in every process, the builder being deterministic.
func orderFrames(dir string) (frames, error) {
	tmp, err := os.MkdirTemp(dir, "frames")
	if err != nil {
		return frames{}, err
	}
	defer os.RemoveAll(tmp)
	req, err := recordRequest(filepath.Join(tmp, "rec.sock"))
	if err != nil {
		return frames{}, fmt.Errorf("recording the order request: %w", err)
	}
	reply, err := serveOnce(filepath.Join(tmp, "serve.sock"), req)
	if err != nil {
		return frames{}, fmt.Errorf("the order reply: %w", err)
	}
	return frames{req: req, reply: reply}, nil
}

// recordRequest calls a raw listener on sock with orderRequest and returns
// the frame it received (the call itself fails: no reply is sent).
func recordRequest(sock string) ([]byte, error) {
	l, err := net.Listen("unix", sock)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	got := make(chan []byte, 1)
	go func() {
		defer close(got)
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if f, err := readFrame(c); err == nil {
			got <- f
		}
	}()
	var b cell.Buffer
	v := orderRequest()
	req := v.build(&b)
	_, err = cell.Call[Order](context.Background(), cellName, &req, cell.WithAddress("unix", sock), cell.WithBuffer(&b), cell.WithTimeout(5*time.Second))
	f, ok := <-got
	if !ok {
		return nil, fmt.Errorf("no request frame (the call: %v)", err)
	}
	return f, nil
}

// serveOnce serves orders on sock, sends it the request frame raw and
// returns the reply frame.
func serveOnce(sock string, req []byte) ([]byte, error) {
	l, err := net.Listen("unix", sock)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cell.Serve(ctx, l, serveOrder) }()
	defer func() {
		cancel()
		<-done
	}()
	c, err := net.Dial("unix", sock)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(req); err != nil {
		return nil, err
	}
	return readFrame(c)
}

// readFrame reads one frame (its length word and payload) from c.
func readFrame(c net.Conn) ([]byte, error) {
	f := make([]byte, 4)
	if _, err := io.ReadFull(c, f); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(f)
	if n > maxFrame {
		return nil, errors.New("frame too large")
	}
	f = append(f, make([]byte, n)...)
	_, err := io.ReadFull(c, f[4:])
	return f, err
}
