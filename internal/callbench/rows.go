package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
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
// their rows out); floorVar are the frames of the variable-size floor.
func rows(dir string, rust map[string]string, g *grpcClient, floorVar frames) []row {
	sock := func(name string) string { return filepath.Join(dir, name) }
	rs := []row{
		{msg: "fixed", sys: sysFloor, dial: floorDialer(sock(sockFloorFixed), fixedFrames())},
		{msg: "fixed", sys: sysCall, dial: fixedDialer(sock(sockCellFixed), false)},
		{msg: "fixed", sys: sysCallInto, dial: fixedDialer(sock(sockCellFixed), true)},
	}
	if rust != nil {
		rs = append(rs, row{msg: "fixed", sys: sysRust, dial: fixedDialer(rust["ping"], true)})
	}
	rs = append(rs, row{msg: "fixed", sys: sysGRPC, dial: g.fixedDialer()},
		row{msg: "var", sys: sysFloor, dial: floorDialer(sock(sockFloorVar), floorVar)},
		row{msg: "var", sys: sysCall, dial: orderDialer(sock(sockCellVar), false)},
		row{msg: "var", sys: sysCallInto, dial: orderDialer(sock(sockCellVar), true)})
	if rust != nil {
		rs = append(rs, row{msg: "var", sys: sysRust, dial: orderDialer(rust["order"], true)})
	}
	return append(rs, row{msg: "var", sys: sysGRPC, dial: g.orderDialer()})
}

// The systems, as the table names them.
const (
	sysFloor    = "floor"
	sysCall     = "cellvet Call"
	sysCallInto = "cellvet CallInto"
	sysRust     = "cellvet CallInto -> Rust"
	sysGRPC     = "grpc"
)

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

// cellCaller calls with cell.Call, or cell.CallInto when into is set,
// the same request every call: its variable data, if any, is built in buf
// once, as the gRPC callers build their message once.
type cellCaller[Req, Resp any] struct {
	into  bool
	opts  []cell.CallOption
	buf   *cell.Buffer
	req   Req
	reply *Resp
	want  func(*Resp) error // checks a reply
}

func (c *cellCaller[Req, Resp]) call(ctx context.Context) error {
	var err error
	if c.into {
		c.reply, err = cell.CallInto[Resp](ctx, cellName, &c.req, c.buf, c.opts...)
	} else {
		c.reply, err = cell.Call[Resp](ctx, cellName, &c.req, c.opts...)
	}
	return err
}

func (c *cellCaller[Req, Resp]) check() error {
	if c.reply == nil {
		return errors.New("cellvet: no reply")
	}
	return c.want(c.reply)
}

func (c *cellCaller[Req, Resp]) close() {}

func fixedDialer(path string, into bool) func() (caller, error) {
	return func() (caller, error) {
		req := pingRequest()
		want := pong(&req)
		return &cellCaller[Ping, Pong]{
			into: into, opts: []cell.CallOption{cell.WithAddress("unix", path)},
			buf: new(cell.Buffer), req: req,
			want: func(r *Pong) error {
				if *r != want {
					return fmt.Errorf("cellvet: reply %+v, want %+v", *r, want)
				}
				return nil
			},
		}, nil
	}
}

func orderDialer(path string, into bool) func() (caller, error) {
	return func() (caller, error) {
		v := orderRequest()
		want := answerOrder(&v)
		c := &cellCaller[Order, Order]{into: into, buf: new(cell.Buffer)}
		c.req = v.build(c.buf)
		c.opts = []cell.CallOption{cell.WithAddress("unix", path)}
		if !into {
			c.opts = append(c.opts, cell.WithBuffer(c.buf))
		}
		c.want = func(r *Order) error {
			got, err := orderOf(r)
			if err != nil {
				return fmt.Errorf("cellvet: %w", err)
			}
			return equalOrder(&got, &want)
		}
		return c, nil
	}
}

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

type grpcOrderCaller struct {
	c     pb.BenchClient
	req   *pb.Order
	want  orderVal
	reply *pb.Order
}

func (g *grpcClient) orderDialer() func() (caller, error) {
	return func() (caller, error) {
		v := orderRequest()
		return &grpcOrderCaller{c: g.c, req: orderPB(&v), want: answerOrder(&v)}, nil
	}
}

func (g *grpcOrderCaller) call(ctx context.Context) error {
	r, err := g.c.Order(ctx, g.req)
	g.reply = r
	return err
}

func (g *grpcOrderCaller) check() error {
	if g.reply == nil {
		return errors.New("grpc: no reply")
	}
	got := orderOfPB(g.reply)
	return equalOrder(&got, &g.want)
}

func (g *grpcOrderCaller) close() {}
