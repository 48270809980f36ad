package schemaproto

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/zeebo/blake3"
)

// FuzzDecodeReply feeds arbitrary bytes to the reply decoder, the
// verifier and the frame reader. None may panic; whatever decodes must
// re-encode to the same bytes (the encoding is canonical), and whatever
// verifies must carry the digest of its text.
func FuzzDecodeReply(f *testing.F) {
	good, err := NewReply("market", testProfile, []byte(testText))
	if err != nil {
		f.Fatal(err)
	}
	doc, _ := NewReply("demo", testProfile, []byte(docText))
	p07, _ := NewReply("x", Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "big", Strict: true},
		[]byte("cfp 1\nschema_version 7\nprofile rkyv0.7 be p64 strict\n"))
	refusal, _ := NewErrorReply("market", CodeRefused, "schema not disclosed")
	anon, _ := NewErrorReply("", CodeUnsupportedVersion, "")
	var seeds [][]byte
	for _, r := range []*Reply{good, doc, p07, refusal, anon} {
		b, err := EncodeReply(r)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b, b[:len(b)/2], append(bytes.Clone(b), 0))
	}
	badDigest, _ := EncodeReply(good)
	badDigest[len(badDigest)-1] ^= 1
	seeds = append(seeds, badDigest,
		nil,
		[]byte("CELLSCHR"),
		[]byte("CELLSCHR\x01\x00\x00\x00"),
		[]byte("CELLSCHR\x02\x00\x00\x01a"),
		[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\xff\xff"),
		[]byte("CELLSCHR\x01\x00\x00\x01a\x08\x20\x00\x00"),
		[]byte("HTTP/1.1 400 Bad Request\r\n\r\n"),
		AppendRequest(nil, 1),
		[]byte{0xff, 0xff, 0xff, 0xff},
		binary.LittleEndian.AppendUint32(nil, 1<<20),
	)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeReply(b)
		if err == nil {
			again, err := EncodeReply(r)
			if err != nil {
				t.Fatalf("decoded reply does not encode: %v\n%+v", err, r)
			}
			if !bytes.Equal(again, b) {
				t.Fatalf("re-encoding differs:\n in % x\nout % x", b, again)
			}
			if r.Status == StatusOK {
				if err := r.Verify(); err == nil {
					if Digest(blake3.Sum256(r.Text)) != r.Digest {
						t.Fatal("verified a reply with a wrong digest")
					}
				}
			}
		}
		// The same bytes as a stream: a length word and a payload.
		if p, err := ReadFrame(bytes.NewReader(b), MaxReplySize); err == nil {
			if !bytes.Equal(p, b[4:4+len(p)]) {
				t.Fatalf("ReadFrame returned %d bytes not from the input", len(p))
			}
			DecodeReply(p)
		}
		IsSchemaRequest(b)
		if len(b) >= 12 {
			parseRequestBody(b[:12])
		}
	})
}
