package wire

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/internal/blake3"
)

// testText is the canonical text of docs/fingerprint.md §2.1 (testnet.Canon,
// which these tests cannot import: testnet imports wire).
const testText = `cfp 1
schema_version 0
profile rkyv0.8 le aligned p32
struct Quote named repr=rust archived=rust
field bid f64
field ask f64
field venue String
end
enum Side repr=u8 archived=rust
variant Buy unit disc=1
variant Sell unit disc=2
end
`

func mustSchema(t *testing.T, name, text string) *Schema {
	t.Helper()
	s, err := NewSchema(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// handle runs s.Handle on the request req and returns what it wrote and
// its error. The caller's loop has already read the control word.
func handle(s *Schema, req []byte) ([]byte, error) {
	var out bytes.Buffer
	err := s.Handle(struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(req[4:]), &out})
	return out.Bytes(), err
}

// TestSchemaFrame checks the reply frame byte by byte, as docs/protocol.md
// lays it out.
func TestSchemaFrame(t *testing.T) {
	frame, err := handle(mustSchema(t, "market", testText), AppendRequest(nil, Version))
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	want := le.AppendUint32(nil, uint32(12+6+40+len(testText)))
	want = append(want, "CELLSCHR\x01\x00\x00\x06market"...)
	want = append(want, 8, 32, 0, 0)
	digest := blake3.Sum256([]byte(testText))
	want = append(want, digest[:]...)
	want = le.AppendUint32(want, uint32(len(testText)))
	want = append(want, testText...)
	if !bytes.Equal(frame, want) {
		t.Errorf("reply frame\n got % x\nwant % x", frame, want)
	}
}

func TestSchemaVersions(t *testing.T) {
	s := mustSchema(t, "market", testText)
	ok, _ := handle(s, AppendRequest(nil, 1))

	// Version 0 is refused with an error reply; the caller then closes
	// the connection.
	msg := "schema protocol version 0 is not supported (this cell speaks version 1)"
	got, err := handle(s, AppendRequest(nil, 0))
	if err == nil || err.Error() != msg {
		t.Errorf("version 0: error %v", err)
	}
	want := binary.LittleEndian.AppendUint32(nil, uint32(12+6+4+len(msg)))
	want = append(want, "CELLSCHR\x01\x00\x01\x06market\x01\x00"...)
	want = binary.LittleEndian.AppendUint16(want, uint16(len(msg)))
	if want = append(want, msg...); !bytes.Equal(got, want) {
		t.Errorf("version 0: reply %q, want %q", got, want)
	}

	// A newer client is answered in version 1; reserved flags are ignored.
	newer := AppendRequest(nil, 7)
	flags := AppendRequest(nil, 1)
	flags[14] = 0xff
	for _, req := range [][]byte{newer, flags} {
		if got, err := handle(s, req); err != nil || !bytes.Equal(got, ok) {
			t.Errorf("request % x: %v, reply %q", req, err, got)
		}
	}
}

func TestSchemaBadRequest(t *testing.T) {
	req := AppendRequest(nil, 1)
	copy(req[4:], "NOTSCHEM")
	got, err := handle(mustSchema(t, "market", testText), req)
	msg := `malformed schema request: control frame magic "NOTSCHEM" is not "CELLSCHQ"`
	if err == nil || !strings.Contains(msg, err.Error()) {
		t.Errorf("error %v", err)
	}
	if !bytes.HasPrefix(got[4:], []byte("CELLSCHR\x01\x00\x01\x06market\x04\x00")) || !bytes.HasSuffix(got, []byte(msg)) {
		t.Errorf("reply %q", got)
	}

	// A request cut short.
	if _, err := handle(mustSchema(t, "market", testText), req[:10]); err == nil || !strings.Contains(err.Error(), "got 6 of 12 bytes after the control word") {
		t.Errorf("short request: %v", err)
	}
}

func TestNewSchemaErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"a/b", testText, `cell name "a/b" holds a path separator`},
		{"market", "not canonical\n", `canonical text starts with "not canonical", not "cfp 1" (this cellvet reads CFP/1)`},
		{"market", "cfp 1\nschema_version x\n", `canonical text line 2 is "schema_version x", want "schema_version N"`},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32", "canonical text ends inside its profile line"},
		{"market", "cfp 1\nschema_version 0\nprofiles\n", `canonical text line 3 is "profiles", want "profile ..."`},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\n\xff\n", "canonical text is not valid UTF-8"},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.9 le aligned p32\n", `the canonical text's profile "rkyv0.9 le aligned p32" is not one this cellvet knows`},
		{"market", "cfp 1\nschema_version 0\nprofile rkyv0.8 le aligned p32\n" + strings.Repeat("x", maxTextLen) + "\n",
			"canonical text of 1048451 bytes is too long for a schema reply (at most 1048396)"},
	} {
		_, err := NewSchema(tc.name, []byte(tc.text))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q %.40q: got %v, want %s", tc.name, tc.text, err, tc.want)
		}
	}
}

func TestProfileBytes(t *testing.T) {
	for canon, want := range map[string]string{
		"rkyv0.8 le aligned p32":   "8 32 0 0",
		"rkyv0.8 be unaligned p64": "8 64 1 1",
		"rkyv0.7 le p16 nonstrict": "7 16 0 0",
		"rkyv0.7 be p64 strict":    "7 64 1 2",
		"rkyv0.8 le p32 strict":    "",
		"rkyv0.7 le aligned p32":   "",
		"rkyv0.8 le unaligned p48": "",
		"rkyv0.8 me aligned p32":   "",
		"rkyv0.9 le aligned p32":   "",
		"rkyv0.8  le aligned p32":  "",
		"rkyv0.8 le aligned":       "",
		"":                         "",
	} {
		b, err := profileBytes(canon)
		got := ""
		if err == nil {
			got = fmt.Sprintf("%d %d %d %d", b[0], b[1], b[2], b[3])
		} else if want := fmt.Sprintf("the canonical text's profile %q is not one this cellvet knows", canon); err.Error() != want {
			t.Errorf("profileBytes(%q): %v, want %s", canon, err, want)
		}
		if got != want {
			t.Errorf("profileBytes(%q) = %q, %v; want %q", canon, got, err, want)
		}
	}
}

// TestProfileCanon: every valid wire profile decodes, and spells back to
// the canonical text profileBytes reads it from.
func TestProfileCanon(t *testing.T) {
	valid := 0
	for v := range 10 {
		for _, w := range []byte{8, 16, 32, 64} {
			for e := range byte(3) {
				for f := range byte(5) {
					b := [4]byte{byte(v), w, e, f}
					if _, err := DecodeProfile(b[:]); err != nil {
						continue
					}
					valid++
					canon := ProfileCanon(b)
					if back, err := profileBytes(canon); err != nil || back != b {
						t.Errorf("% x spells %q, which reads back as % x, %v", b, canon, back, err)
					}
				}
			}
		}
	}
	if valid != 24 { // 0.7 and 0.8, 3 widths, 2 endiannesses, 2 modes
		t.Errorf("%d valid wire profiles, want 24", valid)
	}
}

func TestReadFrame(t *testing.T) {
	le := func(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }
	for _, tc := range []struct {
		in   []byte
		max  int
		want string // payload, or "error: ..."
	}{
		{nil, 10, "error: EOF"},
		{append(le(3), "abc"...), 10, "abc"},
		{append(le(0), "abc"...), 10, ""},
		{le(11), 10, "error: frame length 11 exceeds the 10-byte limit"},
		{le(2 << 20), MaxReplySize, "error: frame length 2097152 exceeds the 1 MiB limit"},
		{le(0xffffffff), 10, "error: control frame (length word 0xffffffff)"},
		{[]byte{1, 0, 0}, 10, "error: truncated frame: stream ended after 3 of 4 length bytes"},
		{append(le(5), "ab"...), 10, "error: truncated frame: stream ended after 2 of 5 payload bytes"},
		{le(5), 10, "error: truncated frame: stream ended after 0 of 5 payload bytes"},
	} {
		p, err := ReadFrame(bytes.NewReader(tc.in), tc.max)
		got := string(p)
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("ReadFrame(% x, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestListenSocketFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "market.sock")

	// A stale socket is replaced.
	ul, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ul.SetUnlinkOnClose(false)
	ul.Close()
	l, err := Listen("market", path)
	if err != nil {
		t.Fatalf("stale socket: %v", err)
	}

	// A live one is not.
	if _, err := Listen("market", path); err == nil || err.Error() != path+" is in use: another process is serving on it" {
		t.Errorf("live socket: %v", err)
	}
	l.Close()

	// Nor is a regular file.
	os.WriteFile(path, []byte("keep me"), 0o600)
	if _, err := Listen("market", path); err == nil || err.Error() != path+" exists and is not a socket; not replacing it" {
		t.Errorf("regular file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("regular file changed")
	}

	// The default address creates the socket directory.
	t.Setenv(SocketDirEnv, filepath.Join(dir, "new"))
	l, err = Listen("market", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "new", "market.sock"); l.Addr().String() != want {
		t.Errorf("listening on %s, want %s", l.Addr(), want)
	}
	l.Close()

	// TCP, and addresses that are neither.
	l, err = Listen("market", "127.0.0.1:0")
	if err != nil || l.Addr().Network() != "tcp" {
		t.Fatalf("tcp: %v", err)
	}
	l.Close()
	for addr, want := range map[string]string{
		"nonsense": `listen address "nonsense": want HOST:PORT, unix:PATH or a socket path`,
		"unix:":    `listen address "unix:": empty socket path`,
		"unix:" + dir + "/" + strings.Repeat("s", 120): "Unix socket paths are limited to 107",
	} {
		if _, err := Listen("market", addr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Listen(%q): %v, want %s", addr, err, want)
		}
	}
}
