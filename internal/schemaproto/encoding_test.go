package schemaproto

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// docText is the canonical text of the reply example in docs/protocol.md.
const docText = "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\nstruct Ping unit repr=rust archived=rust\nend\n"

// TestDocExamples checks that the hex examples of docs/protocol.md are what
// the runtime sends, and that the error reply there decodes as it says.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	frame := testnet.SchemaReply(t, "demo", docText)
	r, err := decodeReply(frame[4:])
	if err != nil {
		t.Fatal(err)
	}
	errFrame := testnet.ErrorReply("demo", 2 /* refused */, "not disclosed")
	if e, err := decodeReply(errFrame[4:]); err != nil || e.Status != wire.StatusError || e.Name != "demo" || e.Code != 2 /* refused */ || e.Message != "not disclosed" {
		t.Errorf("the error reply example decodes to %+v, %v", e, err)
	}
	for _, ex := range []struct {
		name string
		b    []byte
	}{
		{"request", wire.AppendRequest(nil, wire.Version)},
		{"reply", frame},
		{"error reply", errFrame},
		{"digest", r.Digest[:]},
	} {
		dump := hex.Dump(ex.b)
		if !bytes.Contains(doc, []byte(dump)) {
			t.Errorf("docs/protocol.md lacks the %s example:\n%s", ex.name, dump)
		}
	}
	if !bytes.Contains(doc, []byte(r.Digest.String())) {
		t.Errorf("docs/protocol.md lacks the digest %s", r.Digest)
	}
}

// TestDecode decodes replies laid out field by field and checks that each
// decodes to its fields and lays out again to the same bytes.
func TestDecode(t *testing.T) {
	p07 := rustschema.Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "big", Strict: true}
	text07 := "cfp 1\nschema_version 7\nprofile " + p07.Canon() + "\n"
	for _, r := range []*Reply{
		goodReply(t),
		{Version: 1, Status: wire.StatusOK, Name: "a", Profile: p07, Digest: blake3.Sum256([]byte(text07)), Text: []byte(text07)},
		{Version: 1, Status: wire.StatusOK, Name: "a", Profile: testProfile, Text: []byte{}},
		{Version: 1, Status: wire.StatusError, Code: 3 /* unavailable */, Message: "starting up"},
		{Version: 1, Status: wire.StatusError, Name: "x.y-z_1", Code: 999, Message: strings.Repeat("é", wire.MaxMessageLen/2)},
	} {
		f := frameOf(t, r)
		d, err := decodeReply(f[4:])
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if !bytes.Equal(frameOf(t, d), f) || d.Name != r.Name || d.Profile != r.Profile || d.Digest != r.Digest || d.Code != r.Code || d.Message != r.Message || !bytes.Equal(d.Text, r.Text) {
			t.Errorf("%+v decodes to %+v", r, d)
		}
	}
	if got := wire.ErrorCode(999).String(); got != "error code 999" {
		t.Errorf("code string %q", got)
	}
}

func TestDecodeRejects(t *testing.T) {
	good := testnet.SchemaReply(t, "market", testText)[4:]
	mod := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	nameEnd := 12 + len("market")
	for _, tc := range []struct {
		b    []byte
		want string
	}{
		{good[:5], "reply of 5 bytes is shorter than the 12-byte header"},
		{[]byte("HTTP/1.1 400"), `bad magic "HTTP/1.1" (want "CELLSCHR"): the peer does not speak the cellvet schema protocol`},
		{[]byte("HTTP/1.1"), `bad magic "HTTP/1.1" (want "CELLSCHR"): the peer does not speak the cellvet schema protocol`},
		{mod(func(b []byte) []byte { b[8] = 0; return b }), "unsupported reply version 0 (this cellvet reads version 1)"},
		{mod(func(b []byte) []byte { b[11] = 200; return b }), "cell name length 200 exceeds 128"},
		{good[:14], "cell name length 6 exceeds the 2 bytes left in the reply"},
		{mod(func(b []byte) []byte { b[12] = '/'; return b }), `cell name "/arket" holds a path separator`},
		{mod(func(b []byte) []byte { b[13] = 0xc3; return b }), `cell name "m\xc3rket" is not valid UTF-8`},
		{good[:nameEnd+10], "reply ends 10 bytes into the 40-byte profile, digest and text length"},
		{mod(func(b []byte) []byte { b[nameEnd+1] = 48; return b }), "profile: pointer width 48 (want 16, 32 or 64)"},
		{mod(func(b []byte) []byte { b[nameEnd+2] = 2; return b }), "profile: endianness byte 2 (want 0 for little or 1 for big)"},
		{mod(func(b []byte) []byte { b[nameEnd+3] = 0x80; return b }), "profile: flags byte 0x80 has unknown bits set"},
		{mod(func(b []byte) []byte { b[nameEnd+3] = 2; return b }), "profile: strict is an rkyv 0.7 feature; rkyv 0.8 structs are always repr(C)"},
		{mod(func(b []byte) []byte { b[nameEnd] = 7; b[nameEnd+3] = 1; return b }), "profile: unaligned is an rkyv 0.8 format; rkyv 0.7 is always aligned"},
		{good[:len(good)-1], "canonical text length 233 exceeds the 232 bytes left in the reply"},
		{mod(func(b []byte) []byte { b[nameEnd+36] = 0xff; b[nameEnd+39] = 0xff; return b }), "canonical text length 4278190335 exceeds the 233 bytes left in the reply"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00"), "error reply ends 2 bytes into the 4-byte code and message length"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x00\x00\x00\x00"), "error reply with error code 0"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\x05\x00abc"), "error message length 5 exceeds the 3 bytes left in the reply"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\x01\x08"), "error message length 2049 exceeds 1024"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\x01\x00\xff"), "error message is not valid UTF-8"},
		{[]byte("CELLSCHR\x01\x00\x01\x00\x02\x00\x01\x00ab"), "1 trailing bytes after the error message"},
		{make([]byte, wire.MaxReplySize+1), "reply of 1048577 bytes exceeds the 1 MiB limit"},
	} {
		_, err := decodeReply(tc.b)
		if err == nil || err.Error() != tc.want {
			t.Errorf("decodeReply(%.40q):\n got %v\nwant %s", tc.b, err, tc.want)
		}
	}
}

// TestProfileWire: every profile's wire bytes, as the runtime encodes them,
// decode to it.
func TestProfileWire(t *testing.T) {
	wires := profileWire(t)
	if len(wires) != 24 {
		t.Errorf("%d profiles, want 24", len(wires))
	}
	for _, p := range allProfiles() {
		b := wires[p.Canon()]
		if q, err := decodeProfile(b[:]); err != nil || q != p {
			t.Errorf("%s: wire % x decodes to %+v, %v", p.Canon(), b, q, err)
		}
	}
}
