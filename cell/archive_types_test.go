package cell

// Test message types: each mirrors a Rust type of testdata/rkyv/v08 and v07
// (src/main.rs), field for field, in the archived layout.

type gLeg struct {
	Qty   uint32
	Venue String
}

type gOrder struct {
	Account String
	Legs    Vec[gLeg]
	Note    Option[Box[uint32]]
	Flag    bool
}

type gNode struct {
	V    uint32
	Next Option[Box[gNode]]
}

type gFill struct {
	Tag   uint8
	Qty   uint32
	Venue String
}

type gCancel struct {
	Tag uint8
	V   Vec[uint16]
}

type gHalt struct{ Tag uint8 }

type gEvVariants struct {
	Fill   gFill
	Cancel gCancel
	Halt   gHalt
}

type gEv = Enum[gEvVariants, [16]byte]

type gHolder struct {
	E gEv
	S String
}

type gAl struct {
	A uint8
	V Vec[uint64]
	C Char
}

// gFixed is a fixed-size type with every inline kind: padding, a bool, a
// char, an option and a fieldless-looking enum.
type gFixed struct {
	A  uint8
	B  uint64
	On bool
	C  Char
	O  Option[uint16]
	E  Enum[gSmallVariants, [4]byte]
	_  [3]byte
	Ar [2]Option[uint8]
}

type gSmallA struct {
	Tag uint8
	X   uint16
}

type gSmallB struct{ Tag uint8 }

type gSmallVariants struct {
	A gSmallA
	B gSmallB `cell:",tag=5"`
}

// A 0.7 enum with a u16 tag (more than 256 variants, or repr(u16)).
type gWideA struct {
	Tag uint16
	S   String
}

type gWideB struct {
	Tag uint16
	X   uint64
}

type gWideVariants struct {
	A gWideA `cell:",tag=300"`
	B gWideB
}

type gWide struct {
	E Enum[gWideVariants, [16]byte]
	V Vec[Enum[gWideVariants, [16]byte]]
}

// gReord mirrors v07's Reord {a: u8, s: String, v: Vec<u16>, n:
// Option<Box<u32>>}, a repr(Rust) struct rustc lays out n, s, v, a: the Go
// fields follow the layout, the decl tags the declaration, which is the
// order rkyv 0.7 serializes and validates the out-of-line data in.
type gReord struct {
	N Option[Box[uint32]] `cell:"n,decl=3"`
	S String              `cell:"s,decl=1"`
	V Vec[uint16]         `cell:"v,decl=2"`
	A uint8               `cell:"a,decl=0"`
}

// gReordNoDecl is gReord without the decl tags: its out-of-line data goes
// in layout order (n before s and v), which is not rkyv's.
type gReordNoDecl struct {
	N Option[Box[uint32]]
	S String
	V Vec[uint16]
	A uint8
}
