package lockfile

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestHasControl(t *testing.T) {
	for c := range 256 {
		for _, pos := range []int{0, 3, 7, 8, 13, 16} {
			b := []byte("abcdefghijklmnopq\n\tr")
			if pos < len(b) {
				b[pos] = byte(c)
			}
			want := false
			for _, x := range b {
				if byteClass[x]&notMultiline != 0 {
					want = true
				}
			}
			if got := hasControl(string(b)); got != want {
				t.Errorf("byte %#x at %d: hasControl = %v, want %v", c, pos, got, want)
			}
		}
	}
}

func TestBelow20(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 15, 16, 17, 31, 479, 480, 481, 1000, 4099} {
		for _, fill := range []string{"", "\x00", "\x1f", "\xff", " ", "\n"} {
			b := make([]byte, n)
			for i := range b {
				if fill != "" {
					b[i] = fill[0]
				} else {
					b[i] = byte(r.IntN(256))
				}
			}
			want := 0
			for _, c := range b {
				if c < 0x20 {
					want++
				}
			}
			if got := below20(string(b)); got != want {
				t.Errorf("below20 of %d bytes (fill %q) = %d, want %d", n, fill, got, want)
			}
		}
	}
}

func TestPlainString(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{`"abc" x`, "abc", true},
		{`"" x`, "", true},
		{`"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true},
		{"\"tab\there and more text\"", "tab\there and more text", true},
		{`"long string with a \" escape"`, "", false},
		{"\"long string with a \x01 control\"", "", false},
		{"\"long string with a \x7f delete\"", "", false},
		{"\"long string with a newline\n\"", "", false},
		{`"unterminated long string without end`, "", false},
		{`"é and ü are fine in a long string"`, "é and ü are fine in a long string", true},
	} {
		for pad := range 9 {
			src := strings.Repeat(" ", pad) + tc.in
			got, next, ok := plainString(src, pad)
			if ok != tc.ok || got != tc.want || ok && src[next-1] != '"' {
				t.Errorf("plainString(%q) = %q, %d, %v; want %q, %v", src, got, next, ok, tc.want, tc.ok)
			}
		}
	}
}

func TestIsHex(t *testing.T) {
	for c := range 256 {
		for pos := range 17 {
			b := []byte("0123456789abcdef0")
			b[pos] = byte(c)
			want := true
			for _, x := range b {
				if byteClass[x]&notHex != 0 {
					want = false
				}
			}
			if got := isHex(string(b)); got != want {
				t.Fatalf("isHex(%q) = %v", b, got)
			}
		}
	}
}

func TestPlainUint(t *testing.T) {
	for _, in := range []string{"0", "7", "00", "01", "10", "99", "100", "999", "1000", "0x1", "123456789012345678", "1234567890123456789", "", "-1", "1_0", "5a"} {
		for _, tail := range []string{"", ",", " }", "\n", "    "} {
			s := in + tail
			n := 0
			for n < len(in) && in[n] >= '0' && in[n] <= '9' {
				n++
			}
			want, err := strconv.ParseUint(in[:n], 10, 64)
			wantOK := err == nil && n <= 18 && (n == 1 || in[0] != '0')
			got, next, ok := plainUint(s, 0)
			if ok != wantOK || ok && (got != want || next != n) || !ok && next != 0 {
				t.Errorf("plainUint(%q) = %d, %d, %v; want %d, %d, %v", s, got, next, ok, want, n, wantOK)
			}
		}
	}
}
