package schemaproto

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// docText is the canonical text of the reply example in docs/protocol.md.
const docText = "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\nstruct Ping unit repr=rust archived=rust\nend\n"

// TestDocExamples checks that the hex examples of docs/protocol.md are what
// the package sends.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReply("demo", testProfile, []byte(docText))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := EncodeReply(r)
	if err != nil {
		t.Fatal(err)
	}
	frame, _ := AppendFrame(nil, payload)
	errReply, _ := NewErrorReply("demo", CodeRefused, "not disclosed")
	errPayload, _ := EncodeReply(errReply)
	errFrame, _ := AppendFrame(nil, errPayload)
	for _, ex := range []struct {
		name string
		b    []byte
	}{
		{"request", AppendRequest(nil, Version)},
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

func TestEncodeDecode(t *testing.T) {
	for _, r := range []*Reply{
		okReply(t),
		{Version: 1, Status: StatusOK, Name: "a", Profile: Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "big", Strict: true}, Text: []byte{}},
		{Version: 1, Status: StatusError, Code: CodeUnavailable, Message: "starting up"},
		{Version: 1, Status: StatusError, Name: "x.y-z_1", Code: 999, Message: strings.Repeat("é", MaxMessageLen/2)},
	} {
		b, err := EncodeReply(r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		d, err := DecodeReply(b)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		b2, _ := EncodeReply(d)
		if !bytes.Equal(b, b2) || d.Name != r.Name || d.Profile != r.Profile || d.Code != r.Code || d.Message != r.Message || !bytes.Equal(d.Text, r.Text) {
			t.Errorf("round trip of %+v gave %+v", r, d)
		}
	}
	if got := ErrorCode(999).String(); got != "error code 999" {
		t.Errorf("code string %q", got)
	}
}

func TestEncodeRejects(t *testing.T) {
	for _, tc := range []struct {
		r    Reply
		want string
	}{
		{Reply{Version: 2, Name: "a", Profile: testProfile}, "cannot encode reply version 2 (this package writes version 1)"},
		{Reply{Version: 1, Name: "", Profile: testProfile}, "empty cell name"},
		{Reply{Version: 1, Name: "a", Profile: Profile{Rkyv: "0.8", PointerWidth: 32, Endian: "little", Strict: true}}, "strict is an rkyv 0.7 feature; rkyv 0.8 structs are always repr(C)"},
		{Reply{Version: 1, Status: 1, Name: "a"}, "error reply without an error code"},
		{Reply{Version: 1, Status: 1, Code: 1, Message: "\xff"}, "error message is not valid UTF-8"},
		{Reply{Version: 1, Status: 1, Code: 1, Message: strings.Repeat("x", MaxMessageLen+1)}, "error message of 1025 bytes is too long (at most 1024)"},
		{Reply{Version: 1, Status: 2, Name: "a"}, "unknown reply status 2"},
		{Reply{Version: 1, Name: "a", Profile: testProfile, Text: make([]byte, MaxReplySize+1)}, "canonical text of 1048577 bytes is too long for a schema reply"},
		{Reply{Version: 1, Name: "a", Profile: testProfile, Text: make([]byte, MaxReplySize-50)}, "reply of 1048579 bytes exceeds the 1 MiB limit"},
	} {
		_, err := EncodeReply(&tc.r)
		if err == nil || err.Error() != tc.want {
			t.Errorf("EncodeReply(%+v) = %v, want %s", tc.r.Name, err, tc.want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	good, _ := EncodeReply(okReply(t))
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
		{make([]byte, MaxReplySize+1), "reply of 1048577 bytes exceeds the 1 MiB limit"},
	} {
		_, err := DecodeReply(tc.b)
		if err == nil || err.Error() != tc.want {
			t.Errorf("DecodeReply(%.40q):\n got %v\nwant %s", tc.b, err, tc.want)
		}
	}
}

func TestIsSchemaRequest(t *testing.T) {
	req := AppendRequest(nil, 1)
	if !IsSchemaRequest(req) || !IsSchemaRequest(req[:12]) || IsSchemaRequest(req[:11]) {
		t.Error("IsSchemaRequest on prefixes")
	}
	req[5] ^= 1
	if IsSchemaRequest(req) {
		t.Error("IsSchemaRequest with a wrong magic")
	}
	if len(AppendRequest(nil, 1)) != RequestSize {
		t.Error("request size")
	}
}

func TestProfileCanon(t *testing.T) {
	for p, want := range map[Profile]string{
		testProfile: "rkyv0.8 le aligned p32",
		{Rkyv: "0.8", PointerWidth: 64, Endian: "big", Unaligned: true}: "rkyv0.8 be unaligned p64",
		{Rkyv: "0.7", PointerWidth: 16, Endian: "little", Strict: true}: "rkyv0.7 le p16 strict",
		{Rkyv: "0.7", PointerWidth: 32, Endian: "big"}:                  "rkyv0.7 be p32 nonstrict",
	} {
		if got := p.Canon(); got != want {
			t.Errorf("%+v: %s, want %s", p, got, want)
		}
		b := appendProfile(nil, p)
		q, err := decodeProfile(b)
		if err != nil || q != p {
			t.Errorf("%+v: wire % x decodes to %+v, %v", p, b, q, err)
		}
	}
}
