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
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/callbench/pb"
)

// The sockets of the Go servers, in the socket directory.
const (
	sockCellFixed  = "cellvet-fixed.sock"
	sockCellVar    = "cellvet-var.sock"
	sockFloorFixed = "floor-fixed.sock"
	sockFloorVar   = "floor-var.sock"
	sockGRPC       = "grpc.sock"
)

// maxFrame bounds the floor's frames: a malformed length word closes the
// connection instead of allocating.
const maxFrame = 1 << 20

// servers are the Go servers of every row, on Unix sockets in one
// directory.
type servers struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	errs   chan error
	grpc   *grpc.Server
}

// startServers listens on every socket in dir and serves until stop.
func startServers(dir string) (*servers, error) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &servers{cancel: cancel, errs: make(chan error, 8)}
	listen := func(name string) (net.Listener, error) {
		path := filepath.Join(dir, name)
		os.Remove(path)
		return net.Listen("unix", path)
	}
	var ls []net.Listener
	fail := func(err error) (*servers, error) {
		cancel()
		for _, l := range ls {
			l.Close()
		}
		return nil, err
	}
	floorVar, err := orderFrames(dir)
	if err != nil {
		return fail(err)
	}
	for _, name := range []string{sockCellFixed, sockFloorFixed, sockGRPC, sockCellVar, sockFloorVar} {
		l, err := listen(name)
		if err != nil {
			return fail(fmt.Errorf("listening on %s: %w", name, err))
		}
		ls = append(ls, l)
	}
	s.run(func() error { return cell.Serve(ctx, ls[0], serveFixed) })
	s.run(func() error { return serveFloor(ctx, ls[1], fixedFrames().reply) })
	s.grpc = grpc.NewServer()
	pb.RegisterBenchServer(s.grpc, grpcServer{})
	s.run(func() error { return s.grpc.Serve(ls[2]) })
	s.run(func() error { return cell.Serve(ctx, ls[3], serveOrder) })
	s.run(func() error { return serveFloor(ctx, ls[4], floorVar.reply) })
	return s, nil
}

func (s *servers) run(f func() error) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := f(); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			s.errs <- err
		}
	}()
}

// stop shuts every server down and returns the first error any returned.
func (s *servers) stop() error {
	s.cancel()
	s.grpc.Stop()
	s.wg.Wait()
	select {
	case err := <-s.errs:
		return err
	default:
		return nil
	}
}

// serveFixed answers a Ping as the Rust cell does.
func serveFixed(_ context.Context, r *Ping) (*Pong, error) {
	p := pong(r)
	return &p, nil
}

// serveFloor is the floor: a raw ping-pong of frames on kept connections,
// each request frame read (its length word, then its payload) and answered
// by the reply frame, prebuilt, in one write.
func serveFloor(ctx context.Context, l net.Listener, reply []byte) error {
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	var conns sync.WaitGroup
	defer conns.Wait()
	for {
		c, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("floor: accept: %w", err)
		}
		conns.Add(1)
		go func() {
			defer conns.Done()
			defer c.Close()
			stopConn := context.AfterFunc(ctx, func() { c.Close() })
			defer stopConn()
			floorConn(c, reply)
		}()
	}
}

// floorConn answers frames on c until it fails or closes.
func floorConn(c net.Conn, reply []byte) {
	buf := make([]byte, maxFrame)
	for {
		if _, err := io.ReadFull(c, buf[:4]); err != nil {
			return
		}
		n := int(binary.LittleEndian.Uint32(buf))
		if n > maxFrame {
			return
		}
		if _, err := io.ReadFull(c, buf[:n]); err != nil {
			return
		}
		if _, err := c.Write(reply); err != nil {
			return
		}
	}
}

// grpcServer answers the gRPC row as serveFixed does.
type grpcServer struct{ pb.UnimplementedBenchServer }

func (grpcServer) Fixed(_ context.Context, m *pb.Ping) (*pb.Pong, error) {
	return pongPB(m), nil
}

// Order answers as serveOrder does, building the reply from the request.
func (grpcServer) Order(_ context.Context, m *pb.Order) (*pb.Order, error) {
	out := &pb.Order{Id: m.Id + 1, Account: m.Account + "/ack", Legs: make([]*pb.Leg, len(m.Legs))}
	for i, l := range m.Legs {
		out.Legs[len(m.Legs)-1-i] = &pb.Leg{Symbol: l.Symbol + "!", Qty: l.Qty + 1}
	}
	if m.Limit == nil {
		out.Limit = &pb.Limit{}
	} else if m.Limit.Value != nil {
		out.Limit = &pb.Limit{Value: proto.Uint32(*m.Limit.Value + 1)}
	}
	if m.Note != nil {
		out.Note = proto.String(*m.Note + "+")
	}
	if m.Parent != nil {
		out.Parent = &pb.Leg{Symbol: m.Parent.Symbol + "!", Qty: m.Parent.Qty + 1}
	}
	out.Venue = &pb.Venue{Name: m.GetVenue().GetName() + ".", Mic: m.GetVenue().GetMic() ^ 0x20202020}
	switch k := m.GetEvent().GetKind().(type) {
	case *pb.Event_Halt:
		out.Event = &pb.Event{Kind: &pb.Event_Fill{Fill: &pb.Fill{S: "halted"}}}
	case *pb.Event_Fill:
		out.Event = &pb.Event{Kind: &pb.Event_Cancel{Cancel: &pb.Cancel{Reason: k.Fill.S, Code: k.Fill.N & 0xffff}}}
	default:
		out.Event = &pb.Event{Kind: &pb.Event_Halt{Halt: &pb.Halt{}}}
	}
	return out, nil
}
