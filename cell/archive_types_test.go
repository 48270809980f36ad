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
