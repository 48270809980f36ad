package schemaproto

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
)

// FuzzDecodeReply feeds arbitrary bytes to the reply decoder, the
// verifier and the frame reader. None may panic; whatever decodes must lay
// out again to the same bytes (the encoding is canonical), and whatever
// verifies must carry the digest of its text.
func FuzzDecodeReply(f *testing.F) {
	frames := [][]byte{
		testnet.SchemaReply(f, "market", testText),
		testnet.SchemaReply(f, "demo", docText),
		testnet.SchemaReply(f, "x", "cfp 1\nschema_version 7\nprofile rkyv0.7 be p64 strict\n"),
		testnet.ErrorReply("market", 2 /* refused */, "schema not disclosed"),
		testnet.ErrorReply("", 1 /* unsupported version */, ""),
	}
	var seeds [][]byte
	for _, fr := range frames {
		b := fr[4:]
		seeds = append(seeds, b, b[:len(b)/2], append(bytes.Clone(b), 0))
	}
	badDigest := bytes.Clone(frames[0][4:])
	badDigest[len(badDigest)-1] ^= 1
	seeds = append(seeds, badDigest,
		nil,
		[]byte("CELLSCHR"),
		[]byte("CELLSCHR\x01\x00\x00\x00"),
		[]byte("CELLSCHR\x02\x00\x00\x01a"),
		[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\xff\xff"),
		[]byte("CELLSCHR\x01\x00\x00\x01a\x08\x20\x00\x00"),
		[]byte("HTTP/1.1 400 Bad Request\r\n\r\n"),
		wire.AppendRequest(nil, 1),
		[]byte{0xff, 0xff, 0xff, 0xff},
		binary.LittleEndian.AppendUint32(nil, 1<<20),
	)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeReply(b)
		if err == nil {
			if again := frameOf(t, r)[4:]; !bytes.Equal(again, b) {
				t.Fatalf("laying out again differs:\n in % x\nout % x", b, again)
			}
			if r.Status == wire.StatusOK && r.verify() == nil && blake3.Sum256(r.Text) != r.Digest {
				t.Fatal("verified a reply with a wrong digest")
			}
		}
		// The same bytes as a stream: a length word and a payload.
		if p, err := wire.ReadFrame(bytes.NewReader(b), wire.MaxReplySize); err == nil {
			if !bytes.Equal(p, b[4:4+len(p)]) {
				t.Fatalf("ReadFrame returned %d bytes not from the input", len(p))
			}
			decodeReply(p)
		}
	})
}
