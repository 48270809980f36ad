package main

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/cellvet/cellvet/internal/callbench/pb"
)

// The messages are the interop cell's (testdata/interop/rkyv08/schema.rs),
// so that every row, the Rust cell's too, exchanges the same bytes, and
// every server answers as the Rust cell does (testdata/interop/common/
// values.rs): a reply differs from its request in every field, so that a
// harness test tells a real exchange from a replayed or echoed one.

// Ping is the 24-byte fixed-size request (no padding): its archived form
// is its bytes, little-endian. The archived order of the last two fields
// is tag, flag (schema.rs declares flag, tag), as cellvet's layout says
// and the real Rust cell confirms (TestFloorFramesAreCellvets).
type Ping struct {
	Seq   uint64
	Value float64
	Count uint32
	Code  uint16
	Tag   uint8
	Flag  bool
}

// Pong is the 24-byte fixed-size reply to a Ping, laid out as Ping.
type Pong struct {
	Seq   uint64
	Sum   float64
	Count uint32
	Code  uint16
	Tag   uint8
	OK    bool
}

const fixedSize = 24

// Both messages must stay 24 bytes.
var (
	_ [fixedSize - unsafe.Sizeof(Ping{})]byte
	_ [fixedSize - unsafe.Sizeof(Pong{})]byte
	_ [unsafe.Sizeof(Ping{}) - fixedSize]byte
	_ [unsafe.Sizeof(Pong{}) - fixedSize]byte
)

// pingRequest is the request every fixed-size row sends (the first of the
// interop cell's ping samples).
func pingRequest() Ping {
	return Ping{Seq: 1, Value: 1.5, Count: 7, Code: 0x1234, Flag: true, Tag: 9}
}

// pong is the answer to p, the Rust cell's.
func pong(p *Ping) Pong {
	return Pong{Seq: p.Seq + 1, Sum: p.Value * 2, Count: p.Count * 3, Code: p.Code ^ 0xffff, OK: !p.Flag, Tag: p.Tag + 1}
}

// appendFixed appends the archived bytes of a Ping or Pong (the same
// layout): what the floor sends.
func appendFixed(dst []byte, seq uint64, f float64, count uint32, code uint16, flag bool, tag uint8) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, seq)
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
	dst = binary.LittleEndian.AppendUint32(dst, count)
	dst = binary.LittleEndian.AppendUint16(dst, code)
	b := byte(0)
	if flag {
		b = 1
	}
	return append(dst, tag, b)
}

func appendPing(dst []byte, p *Ping) []byte {
	return appendFixed(dst, p.Seq, p.Value, p.Count, p.Code, p.Flag, p.Tag)
}

func appendPong(dst []byte, p *Pong) []byte {
	return appendFixed(dst, p.Seq, p.Sum, p.Count, p.Code, p.OK, p.Tag)
}

// pingPB is pingRequest as protobuf.
func pingPB() *pb.Ping {
	p := pingRequest()
	return &pb.Ping{Seq: p.Seq, Value: p.Value, Count: p.Count, Code: uint32(p.Code), Flag: p.Flag, Tag: uint32(p.Tag)}
}

// pongPB answers m as pong does.
func pongPB(m *pb.Ping) *pb.Pong {
	p := pong(&Ping{Seq: m.Seq, Value: m.Value, Count: m.Count, Code: uint16(m.Code), Flag: m.Flag, Tag: uint8(m.Tag)})
	return &pb.Pong{Seq: p.Seq, Sum: p.Sum, Count: p.Count, Code: uint32(p.Code), Ok: p.OK, Tag: uint32(p.Tag)}
}

// equalPongPB reports whether m carries p.
func equalPongPB(m *pb.Pong, p *Pong) bool {
	return m.Seq == p.Seq && m.Sum == p.Sum && m.Count == p.Count && m.Code == uint32(p.Code) && m.Ok == p.OK && m.Tag == uint32(p.Tag)
}
