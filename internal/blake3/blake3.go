// Package blake3 computes BLAKE3-256 digests (the hash mode of the BLAKE3
// specification, https://github.com/BLAKE3-team/BLAKE3-specs), in plain
// Go.
//
// cellvet hashes canonical texts of a few kilobytes and, per vet process,
// small cache entries. The SIMD implementations on the module proxy detect
// CPU features in a package init (github.com/klauspost/cpuid), which costs
// every process that links them about half a millisecond on a VM, where
// each CPUID instruction traps to the hypervisor: a tenth of a no-op vet
// tool's run, paid by every package go vet checks. This one has no init
// and hashes a few hundred megabytes a second, which those inputs do not
// notice.
package blake3

import (
	"encoding/binary"
	"math/bits"
)

const (
	blockLen = 64
	chunkLen = 1024

	// Domain flags (spec §2.1).
	chunkStart = 1 << 0
	chunkEnd   = 1 << 1
	parent     = 1 << 2
	root       = 1 << 3
)

var iv = [8]uint32{
	0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
	0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
}

// msgSchedule[r] is the order of the message words in round r: the
// permutation of spec §2.2 applied r times.
var msgSchedule = [7][16]uint8{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
	{2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
	{3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
	{10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
	{12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
	{9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
	{11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
}

// g is the quarter-round of spec §2.2, on four words of the state.
func g(a, b, c, d, mx, my uint32) (uint32, uint32, uint32, uint32) {
	a += b + mx
	d = bits.RotateLeft32(d^a, -16)
	c += d
	b = bits.RotateLeft32(b^c, -12)
	a += b + my
	d = bits.RotateLeft32(d^a, -8)
	c += d
	b = bits.RotateLeft32(b^c, -7)
	return a, b, c, d
}

// compress is the compression function (spec §2.2): it returns the whole
// 16-word state; the first 8 words are the new chaining value. The state
// is in local variables so that the compiler keeps it in registers.
func compress(cv *[8]uint32, m *[16]uint32, counter uint64, n, flags uint32) [16]uint32 {
	s0, s1, s2, s3, s4, s5, s6, s7 := cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7]
	s8, s9, s10, s11 := iv[0], iv[1], iv[2], iv[3]
	s12, s13, s14, s15 := uint32(counter), uint32(counter>>32), n, flags
	for r := range msgSchedule {
		o := &msgSchedule[r]
		// Columns, then diagonals.
		s0, s4, s8, s12 = g(s0, s4, s8, s12, m[o[0]], m[o[1]])
		s1, s5, s9, s13 = g(s1, s5, s9, s13, m[o[2]], m[o[3]])
		s2, s6, s10, s14 = g(s2, s6, s10, s14, m[o[4]], m[o[5]])
		s3, s7, s11, s15 = g(s3, s7, s11, s15, m[o[6]], m[o[7]])
		s0, s5, s10, s15 = g(s0, s5, s10, s15, m[o[8]], m[o[9]])
		s1, s6, s11, s12 = g(s1, s6, s11, s12, m[o[10]], m[o[11]])
		s2, s7, s8, s13 = g(s2, s7, s8, s13, m[o[12]], m[o[13]])
		s3, s4, s9, s14 = g(s3, s4, s9, s14, m[o[14]], m[o[15]])
	}
	return [16]uint32{
		s0 ^ s8, s1 ^ s9, s2 ^ s10, s3 ^ s11, s4 ^ s12, s5 ^ s13, s6 ^ s14, s7 ^ s15,
		s8 ^ cv[0], s9 ^ cv[1], s10 ^ cv[2], s11 ^ cv[3], s12 ^ cv[4], s13 ^ cv[5], s14 ^ cv[6], s15 ^ cv[7],
	}
}

func words(m *[16]uint32, block []byte) {
	var b [blockLen]byte
	copy(b[:], block) // the last block is zero-padded
	for i := range m {
		m[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
}

// output is a compression not yet made: the last one of a chunk or a
// parent, which is the root when nothing else follows (spec §2.5).
type output struct {
	cv      [8]uint32
	m       [16]uint32
	counter uint64
	n       uint32
	flags   uint32
}

func (o *output) chainingValue() [8]uint32 {
	s := compress(&o.cv, &o.m, o.counter, o.n, o.flags)
	return [8]uint32(s[:8])
}

func parentOutput(left, right [8]uint32) output {
	o := output{cv: iv, n: blockLen, flags: parent}
	copy(o.m[:8], left[:])
	copy(o.m[8:], right[:])
	return o
}

// Hasher computes a digest incrementally. The zero value is not ready:
// use New.
type Hasher struct {
	cv     [8]uint32 // chaining value of the current chunk
	chunk  uint64    // index of the current chunk
	block  [blockLen]byte
	nblock int // bytes in block
	blocks int // blocks of the current chunk compressed
	// stack holds the chaining values of the complete subtrees to the
	// left, one per 1 bit of chunk (spec §5.1.2).
	stack [][8]uint32
}

// New returns a Hasher for BLAKE3-256.
func New() *Hasher { return &Hasher{cv: iv} }

// Write adds p to the input. It never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if h.nblock == blockLen {
			// More input follows: the buffered block is not the last.
			if h.blocks == chunkLen/blockLen-1 {
				h.endChunk()
			} else {
				h.compressBlock(0)
			}
		}
		c := copy(h.block[h.nblock:], p)
		h.nblock += c
		p = p[c:]
	}
	return n, nil
}

// WriteString adds s to the input.
func (h *Hasher) WriteString(s string) (int, error) { return h.Write([]byte(s)) }

func (h *Hasher) startFlag() uint32 {
	if h.blocks == 0 {
		return chunkStart
	}
	return 0
}

func (h *Hasher) compressBlock(flags uint32) {
	var m [16]uint32
	words(&m, h.block[:h.nblock])
	s := compress(&h.cv, &m, h.chunk, uint32(h.nblock), flags|h.startFlag())
	h.cv = [8]uint32(s[:8])
	h.blocks++
	h.nblock = 0
}

// chunkOutput is the last compression of the current chunk.
func (h *Hasher) chunkOutput() output {
	o := output{cv: h.cv, counter: h.chunk, n: uint32(h.nblock), flags: chunkEnd | h.startFlag()}
	words(&o.m, h.block[:h.nblock])
	return o
}

// endChunk finishes the current chunk, which is not the last, and merges
// the complete subtrees it closes (spec §5.1.2).
func (h *Hasher) endChunk() {
	o := h.chunkOutput()
	cv := o.chainingValue()
	for total := h.chunk + 1; total&1 == 0; total >>= 1 {
		p := parentOutput(h.stack[len(h.stack)-1], cv)
		h.stack = h.stack[:len(h.stack)-1]
		cv = p.chainingValue()
	}
	h.stack = append(h.stack, cv)
	h.chunk++
	h.cv, h.nblock, h.blocks = iv, 0, 0
}

// Sum appends the 32-byte digest of the input so far to b. It does not
// change the Hasher.
func (h *Hasher) Sum(b []byte) []byte {
	d := h.Sum256()
	return append(b, d[:]...)
}

// Sum256 returns the 32-byte digest of the input so far.
func (h *Hasher) Sum256() [32]byte {
	o := h.chunkOutput()
	for i := len(h.stack) - 1; i >= 0; i-- {
		o = parentOutput(h.stack[i], o.chainingValue())
	}
	s := compress(&o.cv, &o.m, 0, o.n, o.flags|root)
	var d [32]byte
	for i := range 8 {
		binary.LittleEndian.PutUint32(d[4*i:], s[i])
	}
	return d
}

// Sum256 returns the BLAKE3-256 digest of data.
func Sum256(data []byte) [32]byte {
	h := New()
	h.Write(data)
	return h.Sum256()
}
