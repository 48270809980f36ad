package lockfile

import (
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

func TestControlMask(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{'a', 0, '\n', 0xff, 0x20} {
				var w uint64
				for i := range 8 {
					b := fill
					if i == pos {
						b = byte(c)
					}
					w |= uint64(b) << (8 * i)
				}
				var want uint64
				for i := range 8 {
					if byteClass[byte(w>>(8*i))]&notMultiline != 0 {
						want |= 0x80 << (8 * i)
					}
				}
				if got := controlMask(w); got != want {
					t.Fatalf("controlMask(%#x) = %#x, want %#x", w, got, want)
				}
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
			p := &parser{src: src}
			got, next, ok := p.plainString(pad)
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
