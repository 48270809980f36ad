package cell

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// Fieldless enums reach Go as integers, so only the field's enum=SET tells
// the runtime which values are variants. fOrder mirrors
//
//	enum Side { Buy, Sell }
//	enum Status { Open = 3, Closed = 7 } // rkyv 0.8 keeps the discriminants
//	struct Order { id: u64, side: Side, sides: [Side; 2], status: Option<Status>, hist: Vec<Side> }
type fSide uint8

type fOrder struct {
	ID     uint64
	Side   fSide         `cell:"side,enum=0-1"`
	Sides  [2]fSide      `cell:",enum=0-1"`
	Status Option[uint8] `cell:",enum=3|7"`
	Hist   Vec[fSide]    `cell:",enum=0-1"`
}

// fTicket is a fixed-size message with a fieldless enum and an option of
// one, for the calls of a hostile peer.
type fTicket struct {
	ID     uint64
	Side   fSide         `cell:",enum=0-1"`
	Status Option[uint8] `cell:",enum=3|7"`
	_      [5]byte
}

// fWide is a 0.7 fieldless enum of 300 variants: a u16 tag, boxed.
type fWide struct {
	K uint16      `cell:",enum=0-299"`
	B Box[uint16] `cell:",enum=0-299"`
}

const (
	unitMsg   = "fieldless enum tag %d is none of its variants' (enum=%s)"
	optionMsg = "Option tag 2 is neither 0 (None) nor 1 (Some)"
)

func unitErr(tag int, set string) string { return fmt.Sprintf(unitMsg, tag, set) }

// TestFieldlessEnumReceive: a value outside the field's set, at any depth
// (array, option, vector, box), is refused with its path and byte.
func TestFieldlessEnumReceive(t *testing.T) {
	var b Buffer
	good := fOrder{ID: 1, Side: 1, Sides: [2]fSide{0, 1}, Status: Some[uint8](7), Hist: MakeVec(&b, []fSide{0, 1, 1})}
	payload := encodeT(t, &good, &b, format08)
	if _, _, err := accessT[fOrder](payload, format08); err != nil {
		t.Fatalf("the valid order is refused: %v", err)
	}
	root := len(payload) - int(unsafe.Sizeof(fOrder{}))
	for _, tc := range []struct {
		name   string
		at     int
		v      byte
		path   string
		reason string
	}{
		{"side", root + 8, 2, "Side", unitErr(2, "0-1")},
		{"array element", root + 10, 5, "Sides[1]", unitErr(5, "0-1")},
		{"option value", root + 12, 4, "Status", unitErr(4, "3|7")},
		{"option tag", root + 11, 2, "Status", optionMsg},
		{"vector element", 2, 9, "Hist[2]", unitErr(9, "0-1")},
	} {
		bad := append([]byte(nil), payload...)
		bad[tc.at] = tc.v
		_, _, err := accessT[fOrder](bad, format08)
		var ae *ArchiveError
		if !errors.As(err, &ae) || ae.Path != tc.path || ae.Offset != tc.at || ae.Reason != tc.reason {
			t.Errorf("%s: err = %v; want field %s at byte %d: %s", tc.name, err, tc.path, tc.at, tc.reason)
		}
	}
	// A hole of the set is refused too: 5 lies between Open and Closed.
	bad := append([]byte(nil), payload...)
	bad[root+12] = 5
	if _, _, err := accessT[fOrder](bad, format08); err == nil || !strings.Contains(err.Error(), unitErr(5, "3|7")) {
		t.Errorf("status 5: err = %v", err)
	}
}

// TestFieldlessEnumWide: a 0.7 enum's u16 tag, inline and boxed.
func TestFieldlessEnumWide(t *testing.T) {
	var b Buffer
	payload := encodeT(t, &fWide{K: 299, B: MakeBox(&b, ptr[uint16](250))}, &b, format07)
	if _, _, err := accessT[fWide](payload, format07); err != nil {
		t.Fatalf("valid: %v", err)
	}
	root := len(payload) - 8
	for at, path := range map[int]string{root: "K", 0: "B"} {
		bad := append([]byte(nil), payload...)
		binary.LittleEndian.PutUint16(bad[at:], 300)
		_, _, err := accessT[fWide](bad, format07)
		var ae *ArchiveError
		if !errors.As(err, &ae) || ae.Path != path || ae.Reason != "fieldless enum tag 300 is none of its variants' (enum=0-299)" {
			t.Errorf("%s = 300: err = %v", path, err)
		}
	}
}

// TestFieldlessEnumSend: the encoder refuses what the validator would.
func TestFieldlessEnumSend(t *testing.T) {
	var b Buffer
	for _, tc := range []struct {
		name   string
		v      fOrder
		path   string
		reason string
	}{
		{"side", fOrder{Side: 2}, "Side", unitErr(2, "0-1")},
		{"array element", fOrder{Sides: [2]fSide{0, 3}}, "Sides[1]", unitErr(3, "0-1")},
		{"option value", fOrder{Status: Some[uint8](0)}, "Status", unitErr(0, "3|7")},
		{"option tag", fOrder{Status: Option[uint8]{Tag: 2, Value: 3}}, "Status", optionMsg},
		{"vector element", fOrder{Hist: MakeVec(&b, []fSide{1, 1, 1, 4})}, "Hist[3]", unitErr(4, "0-1")},
	} {
		_, err := planFor(reflect.TypeFor[fOrder]()).encode(nil, unsafe.Pointer(&tc.v), &b, format08, MaxFrameSize)
		var be *BuildError
		if !errors.As(err, &be) || be.Path != tc.path || be.Reason != tc.reason {
			t.Errorf("%s: err = %v; want field %s: %s", tc.name, err, tc.path, tc.reason)
		}
	}
}

// TestFieldlessEnumPlan: enum=SET is refused where no fieldless enum's tag
// can be.
func TestFieldlessEnumPlan(t *testing.T) {
	type onString struct {
		S String `cell:",enum=0-1"`
	}
	type onSigned struct {
		N int8 `cell:",enum=0-1"`
	}
	type onPad struct {
		A uint8
		_ [1]byte `cell:",enum=0"`
	}
	type variants struct {
		A gSmallA `cell:",enum=0"`
	}
	for _, tc := range []struct {
		typ    reflect.Type
		path   string
		reason string
	}{
		{reflect.TypeFor[onString](), "S", "enum=0-1 marks a fieldless enum's tag, which is a uint8, uint16 or uint32 (or an array, cell.Option, cell.Vec or cell.Box of one), not cell.String"},
		{reflect.TypeFor[onSigned](), "N", "not int8"},
		{reflect.TypeFor[onPad](), "_", "it takes no decl=N or enum=SET"},
		{reflect.TypeFor[Enum[variants, [4]byte]](), "A", "cell.Enum: enum=SET marks a fieldless enum's tag; a variant's tag is its index or tag=N"},
	} {
		p := planFor(tc.typ)
		var te *TypeError
		if !errors.As(p.err, &te) || te.Path != tc.path || !strings.Contains(te.Reason, tc.reason) {
			t.Errorf("%v: err = %v; want field %s: %s", tc.typ, p.err, tc.path, tc.reason)
		}
	}
}

// TestFieldlessEnumPeer: a hostile cell's reply, and a request built with
// an invalid tag, fail the call with the reason; the invalid request is
// never sent.
func TestFieldlessEnumPeer(t *testing.T) {
	socketDir(t)
	size := int(unsafe.Sizeof(fTicket{}))
	replies := make(chan []byte, 1) // the payload of the next reply
	got := make(chan uint64, 8)     // the IDs of the requests received
	rawServer(t, "tickets", func(c net.Conn) {
		frame := make([]byte, 4+size)
		for {
			if _, err := io.ReadFull(c, frame); err != nil {
				return
			}
			got <- binary.LittleEndian.Uint64(frame[4:])
			c.Write(append(binary.LittleEndian.AppendUint32(nil, uint32(size)), <-replies...))
		}
	})
	call := func(req fTicket, payload []byte) error {
		if payload != nil {
			replies <- payload
		}
		_, err := Call[fTicket](context.Background(), "tickets", &req, WithTimeout(2*time.Second))
		return err
	}
	ticket := func(side, optTag, status byte) []byte {
		p := make([]byte, size)
		p[8], p[9], p[10] = side, optTag, status
		return p
	}
	if err := call(fTicket{ID: 1}, ticket(1, 1, 3)); err != nil {
		t.Fatalf("valid reply: %v", err)
	}
	<-got
	wantKind(t, call(fTicket{ID: 2}, ticket(2, 0, 0)), KindMalformed, "invalid cell.fTicket reply: field Side at byte 8: "+unitErr(2, "0-1"))
	wantKind(t, call(fTicket{ID: 3}, ticket(0, 2, 3)), KindMalformed, "invalid cell.fTicket reply: field Status at byte 9: "+optionMsg)
	wantKind(t, call(fTicket{ID: 4}, ticket(0, 1, 4)), KindMalformed, "invalid cell.fTicket reply: field Status at byte 10: "+unitErr(4, "3|7"))
	for range 3 {
		<-got
	}
	wantKind(t, call(fTicket{ID: 5, Side: 7}, nil), KindType, "cannot encode the request: cannot encode cell.fTicket: field Side: "+unitErr(7, "0-1"))
	wantKind(t, call(fTicket{ID: 6, Status: Option[uint8]{Tag: 2}}, nil), KindType, "field Status: "+optionMsg)
	if err := call(fTicket{ID: 7}, ticket(0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if id := <-got; id != 7 {
		t.Errorf("the cell received request %d after the refused ones, want 7 (nothing refused is sent)", id)
	}
}

// TestFieldlessEnumServe: a server closes the connection of a request
// outside the set and logs why.
func TestFieldlessEnumServe(t *testing.T) {
	socketDir(t)
	log := startServe(t, "tickets", func(_ context.Context, r *fTicket) (*fTicket, error) { return r, nil })
	c := dial(t, "tickets")
	frame := binary.LittleEndian.AppendUint32(nil, uint32(unsafe.Sizeof(fTicket{})))
	frame = append(frame, make([]byte, unsafe.Sizeof(fTicket{}))...)
	frame[4+8] = 2
	c.Write(frame)
	if n, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("read %d, %v; want the connection closed without a reply", n, err)
	}
	log.waitFor(t, "invalid cell.fTicket request: field Side at byte 8: "+unitErr(2, "0-1"))
}
