package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"path/filepath"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/callbench/pb"
)

// cellName is the name the cellvet rows call; WithAddress gives the socket.
const cellName = "bench"

// rows returns every row, in table order, against the servers in dir;
// rust maps the message kinds to the Rust cells' sockets (nil leaves
// their rows out).
func rows(dir string, rust map[string]string, g *grpcClient) []row {
	rs := []row{
		{msg: "fixed", sys: sysFloor, dial: floorDialer(filepath.Join(dir, sockFloorFixed), fixedFrames())},
		{msg: "fixed", sys: sysCall, dial: cellFixedDialer(filepath.Join(dir, sockCellFixed))},
	}
	if rust != nil {
		rs = append(rs, row{msg: "fixed", sys: sysRust, dial: cellFixedDialer(rust["ping"])})
	}
	return append(rs, row{msg: "fixed", sys: sysGRPC, dial: g.fixedDialer()})
}

// The systems, as the table names them.
const (
	sysFloor    = "floor"
	sysCall     = "cellvet Call"
	sysCallInto = "cellvet CallInto"
	sysRust     = "cellvet Call -> Rust"
	sysGRPC     = "grpc"
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

// floorCaller is the floor: the request frame in one write, the reply's
// length word and payload in two reads, on one kept connection.
type floorCaller struct {
	c   net.Conn
	f   frames
	buf []byte
}

func floorDialer(path string, f frames) func() (caller, error) {
	return func() (caller, error) {
		c, err := net.Dial("unix", path)
		if err != nil {
			return nil, fmt.Errorf("floor: %w", err)
		}
		return &floorCaller{c: c, f: f, buf: make([]byte, len(f.reply))}, nil
	}
}

func (f *floorCaller) call(context.Context) error {
	if _, err := f.c.Write(f.f.req); err != nil {
		return fmt.Errorf("floor: writing: %w", err)
	}
	if _, err := io.ReadFull(f.c, f.buf[:4]); err != nil {
		return fmt.Errorf("floor: reading the length: %w", err)
	}
	n := int(binary.LittleEndian.Uint32(f.buf))
	if n != len(f.buf)-4 {
		return fmt.Errorf("floor: reply of %d bytes, want %d", n, len(f.buf)-4)
	}
	if _, err := io.ReadFull(f.c, f.buf[4:]); err != nil {
		return fmt.Errorf("floor: reading the reply: %w", err)
	}
	return nil
}

func (f *floorCaller) check() error {
	if !bytes.Equal(f.buf, f.f.reply) {
		return fmt.Errorf("floor: reply frame % x, want % x", f.buf, f.f.reply)
	}
	return nil
}

func (f *floorCaller) close() { f.c.Close() }

// cellFixedCaller calls with cell.Call, a fixed-size message.
type cellFixedCaller struct {
	opt   cell.CallOption
	req   Ping
	reply *Pong
}

func cellFixedDialer(path string) func() (caller, error) {
	return func() (caller, error) {
		return &cellFixedCaller{opt: cell.WithAddress("unix", path), req: pingRequest()}, nil
	}
}

func (c *cellFixedCaller) call(ctx context.Context) error {
	r, err := cell.Call[Pong](ctx, cellName, &c.req, c.opt)
	c.reply = r
	return err
}

func (c *cellFixedCaller) check() error {
	if want := pong(&c.req); c.reply == nil || *c.reply != want {
		return fmt.Errorf("cell.Call: reply %+v, want %+v", c.reply, want)
	}
	return nil
}

func (c *cellFixedCaller) close() {}

// grpcClient is one grpc-go client connection shared by every gRPC
// caller, as gRPC is used: HTTP/2 multiplexes concurrent calls on it.
type grpcClient struct {
	conn *grpc.ClientConn
	c    pb.BenchClient
}

func dialGRPC(path string) (*grpcClient, error) {
	conn, err := grpc.NewClient("unix://"+path, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("grpc: %w", err)
	}
	return &grpcClient{conn: conn, c: pb.NewBenchClient(conn)}, nil
}

func (g *grpcClient) close() { g.conn.Close() }

type grpcFixedCaller struct {
	c     pb.BenchClient
	req   *pb.Ping
	reply *pb.Pong
}

func (g *grpcClient) fixedDialer() func() (caller, error) {
	return func() (caller, error) { return &grpcFixedCaller{c: g.c, req: pingPB()}, nil }
}

func (g *grpcFixedCaller) call(ctx context.Context) error {
	r, err := g.c.Fixed(ctx, g.req)
	g.reply = r
	return err
}

func (g *grpcFixedCaller) check() error {
	req := pingRequest()
	want := pong(&req)
	if g.reply == nil || !equalPongPB(g.reply, &want) {
		return fmt.Errorf("grpc: reply %v, want %+v", g.reply, want)
	}
	return nil
}

func (g *grpcFixedCaller) close() {}
