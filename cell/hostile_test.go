package cell

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// hostileCase is an archive that must be refused with reason at path and
// byte offset (-1: any).
type hostileCase struct {
	name    string
	f       format
	typ     reflect.Type
	payload []byte
	mutate  func([]byte) []byte
	path    string
	offset  int
	reason  string
}

// hostileCases mutates archives rkyv wrote (testdata/rkyv) and built ones.
func hostileCases(t *testing.T) []hostileCase {
	g08, g07 := readGolden(t, format08), readGolden(t, format07)
	le := binary.LittleEndian
	put32 := func(at int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { le.PutUint32(b[at:], v); return b }
	}
	putRel := func(at, off int) func([]byte) []byte { return put32(at, uint32(int32(off))) }
	setByte := func(at int, v byte) func([]byte) []byte {
		return func(b []byte) []byte { b[at] = v; return b }
	}
	var deep gNode
	var b Buffer
	for i := range maxDepth + 10 {
		deep = gNode{V: uint32(i), Next: Some(MakeBox(&b, ptr(deep)))}
	}
	deepPayload := encodeT(t, &deep, &b, format08)
	// reord (0.7, rkyv's): the string at 0, the vector at 14, the box at
	// 20, the root at 24: N 24 (box pointer 28), S 32, V 40, A 48. Written
	// in layout order (no decl), the box comes first, at 0.
	r := reordValue(&b)
	layoutOrder := encodeT(t, &gReordNoDecl{N: r.N, S: r.S, V: r.V, A: r.A}, &b, format07)
	// order (0.8): the strings at 0 and 12, the legs at 24 and 36 (Leg 1's
	// venue at 40 points at 12), the boxed note at 48, the root at 52:
	// Account 52, Legs 60 (count 64), Note 68 (box 72), Flag 76.
	return []hostileCase{
		{"pointer out of bounds", format08, reflect.TypeFor[gOrder](), g08["order"], put32(56, 100), "Account", 52, "outside the range"},
		{"misaligned vector", format08, reflect.TypeFor[gOrder](), g08["order"], putRel(60, 25-60), "Legs", 60, "not 4-byte aligned"},
		{"overlapping claim", format08, reflect.TypeFor[gOrder](), g08["order"], putRel(60, 0-60), "Legs", 60, "outside the range"},
		{"out-of-order claim", format08, reflect.TypeFor[gOrder](), g08["order"], putRel(44, 0-40), "Legs[1].Venue", 40, "outside the range"},
		{"pointer into the parent", format08, reflect.TypeFor[gOrder](), g08["order"], putRel(72, 52-72), "Note", 72, "outside the range"},
		{"cycle", format08, reflect.TypeFor[gNode](), g08["node3"], putRel(32, 24-32), "Next", 32, "outside the range"},
		{"bad bool", format08, reflect.TypeFor[gOrder](), g08["order"], setByte(76, 2), "Flag", 76, "bool byte 0x02 is neither 0 nor 1"},
		{"bad option tag", format08, reflect.TypeFor[gOrder](), g08["order"], setByte(68, 2), "Note", 68, "Option tag 2"},
		{"bad enum tag", format08, reflect.TypeFor[gHolder](), g08["holder_fill"], setByte(28, 3), "E", 28, "enum tag 3 is none of its variants'"},
		{"bad char", format08, reflect.TypeFor[gAl](), g08["al"], put32(28, 0xd800), "C", 28, "char 0xd800 is not a Unicode scalar value"},
		{"char above U+10FFFF", format07, reflect.TypeFor[gAl](), g07["al"], put32(28, 0x110000), "C", 28, "char 0x110000"},
		{"bad UTF-8 out of line", format08, reflect.TypeFor[gOrder](), g08["order"], setByte(3, 0xff), "Account", 52, "not valid UTF-8"},
		{"bad UTF-8 inline", format08, reflect.TypeFor[gOrder](), g08["order"], setByte(29, 0xc3), "Legs[0].Venue", 28, "not valid UTF-8"},
		{"reordered struct in layout order", format07, reflect.TypeFor[gReord](), layoutOrder, nil, "N", 28, "outside the range [22, 24)"},
		{"reordered box into the string", format07, reflect.TypeFor[gReord](), g07["reord"], putRel(28, 0-28), "N", 28, "outside the range [18, 24)"},
		{"bad UTF-8 inline 0.7", format07, reflect.TypeFor[gOrder](), g07["order"], setByte(29, 0xc3), "Legs[0].Venue", 28, "not valid UTF-8"},
		{"huge vector", format08, reflect.TypeFor[gOrder](), g08["order"], put32(64, 0xffffffff), "Legs", 60, "4294967295 elements of 12 bytes exceed"},
		{"length overflow", format08, reflect.TypeFor[gAl](), g08["al"], put32(24, 0x20000001), "V", 20, "536870913 elements of 8 bytes exceed"},
		{"short out-of-line string", format08, reflect.TypeFor[String](), g08["str_123456789"], put32(12, 0x88), "", 12, "out-of-line string of 8 bytes"},
		{"long inline 0.7 string", format07, reflect.TypeFor[String](), g07["str_abc"], setByte(7, 8), "", 0, "inline string length 8 exceeds 7"},
		{"huge 0.7 string", format07, reflect.TypeFor[String](), g07["str_123456789"], put32(12, 1<<20), "", 12, "string of 1048576 bytes exceeds"},
		{"string past its parent", format08, reflect.TypeFor[String](), g08["str_123456789"], putRel(16, 4-12), "", 12, "outside the range"},
		{"deep nesting", format08, reflect.TypeFor[gNode](), deepPayload, nil, strings.Repeat("Next.", maxDepth-1) + "Next", -1, "nested deeper than 128 levels"},
		{"misaligned root", format08, reflect.TypeFor[gOrder](), append([]byte{0}, g08["order"]...), nil, "", 53, "the root is not 4-byte aligned"},
		{"short payload", format08, reflect.TypeFor[Vec[uint8]](), []byte{1, 2, 3}, nil, "", 0, "shorter than the 8-byte"},
	}
}

// TestHostile checks that each hostile archive is refused with the expected
// reason, path and byte.
func TestHostile(t *testing.T) {
	// CELL_HOSTILE_OUT=FILE writes the cases for rkyv's own validator
	// (testdata/rkyv/v08 and v07: cargo run --bin check < FILE).
	var dump *os.File
	if name := os.Getenv("CELL_HOSTILE_OUT"); name != "" {
		var err error
		if dump, err = os.Create(name); err != nil {
			t.Fatal(err)
		}
		defer dump.Close()
	}
	for _, tc := range hostileCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			payload := append([]byte(nil), tc.payload...)
			if tc.mutate != nil {
				payload = tc.mutate(payload)
			}
			if dump != nil {
				fmt.Fprintf(dump, "HOSTILE %d %v %x %s\n", tc.f, tc.typ, payload, strings.ReplaceAll(tc.name, " ", "_"))
			}
			buf := alignedBuf(nil, len(payload))
			copy(buf, payload)
			_, err := planFor(tc.typ).access(buf, tc.f)
			var ae *ArchiveError
			if !errors.As(err, &ae) || !strings.Contains(ae.Reason, tc.reason) || ae.Path != tc.path || (tc.offset >= 0 && ae.Offset != tc.offset) {
				t.Fatalf("err = %#v; want an *ArchiveError at %s, byte %d, containing %q", err, tc.path, tc.offset, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

// TestFixedSize checks the size error H2 maps to KindSize.
func TestFixedSize(t *testing.T) {
	p := planFor(reflect.TypeFor[gFixed]())
	if !p.fixed {
		t.Fatal("gFixed not fixed")
	}
	for _, n := range []int{p.size - 1, p.size + 1, 0} {
		_, err := p.access(alignedBuf(nil, n), format08)
		var ae *ArchiveError
		if !errors.As(err, &ae) || !ae.Size || !strings.Contains(ae.Reason, "is 40 bytes") {
			t.Errorf("%d bytes: err = %v", n, err)
		}
	}
	if planFor(reflect.TypeFor[gOrder]()).fixed {
		t.Error("gOrder fixed")
	}
}
