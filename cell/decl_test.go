package cell

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// reordValue is the value of "reord" in testdata/rkyv/v07/src/main.rs.
func reordValue(b *Buffer) gReord {
	return gReord{A: 3, S: b.String("a-long-string"), V: MakeVec(b, []uint16{1, 2}), N: Some(MakeBox(b, ptr(uint32(9))))}
}

// TestDeclNeeded shows why decl exists: mirrored field for field in layout
// order without it, a reordered rkyv 0.7 struct is neither read nor written
// as rkyv does. (TestGolden checks gReord, with decl, against rkyv.)
func TestDeclNeeded(t *testing.T) {
	want := readGolden(t, format07)["reord"]
	_, _, err := accessT[gReordNoDecl](want, format07)
	var ae *ArchiveError
	if !errors.As(err, &ae) || ae.Path != "S" || ae.Offset != 32 || !strings.Contains(ae.Reason, "outside the range [24, 24)") {
		t.Errorf("rkyv's archive as gReordNoDecl: err = %v; want the out-of-order claim of S at byte 32", err)
	}
	var b Buffer
	v := reordValue(&b)
	noDecl := gReordNoDecl{N: v.N, S: v.S, V: v.V, A: v.A}
	got := encodeT(t, &noDecl, &b, format07)
	if bytes.Equal(got, want) {
		t.Fatal("gReordNoDecl encodes as rkyv does")
	}
	if _, _, err := accessT[gReord](got, format07); err == nil || !strings.Contains(err.Error(), "outside the range") {
		t.Errorf("gReordNoDecl's archive as gReord: err = %v; want an out-of-order claim", err)
	}
}

type rtDeclLeg struct {
	Qty   uint32      `cell:"qty,decl=2"`
	Venue String      `cell:",decl=1"`
	Tags  Vec[String] `cell:",decl=0"`
}

// rtDecl nests decl-ordered structs inline, in vectors, arrays, options and
// boxes, and mixes _ padding in.
type rtDecl struct {
	Head gReord         `cell:",decl=3"`
	Legs Vec[rtDeclLeg] `cell:",decl=1"`
	_    [0]uint64
	Pair [2]rtDeclLeg        `cell:",decl=0"`
	Opt  Option[Box[rtDecl]] `cell:",decl=2"`
}

func TestDeclRoundTrip(t *testing.T) {
	for _, f := range []format{format08, format07} {
		t.Run(fmt.Sprint("format", f), func(t *testing.T) {
			var b Buffer
			roundTrip(t, &b, ptr(reordValue(&b)), f)
			roundTrip(t, &b, &gReord{}, f)
			leg := func(q uint32, s string) rtDeclLeg {
				return rtDeclLeg{Qty: q, Venue: b.String("venue name " + s), Tags: MakeVec(&b, []String{b.String("tag-" + s + "-long"), b.String(s)})}
			}
			inner := rtDecl{Head: reordValue(&b), Legs: MakeVec(&b, []rtDeclLeg{leg(1, "a")})}
			p := roundTrip(t, &b, &rtDecl{
				Head: reordValue(&b),
				Legs: MakeVec(&b, []rtDeclLeg{leg(2, "b"), leg(3, "c")}),
				Pair: [2]rtDeclLeg{leg(4, "d"), leg(5, "e")},
				Opt:  Some(MakeBox(&b, &inner)),
			}, f)
			// Out-of-line data in decl order at every level: Pair's before
			// Legs', and in each leg the tags before the venue.
			at := func(s string) int { return bytes.Index(p, []byte(s)) }
			if !(at("tag-d-long") < at("venue name d") && at("venue name e") < at("tag-b-long") && at("tag-b-long") < at("venue name b")) {
				t.Errorf("out-of-line data not in decl order:\n%q", p)
			}
		})
	}
}
