package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"
)

// text is a document's content with its line starts. Lines end at \n,
// \r\n or \r, as LSP counts them.
type text struct {
	src   string
	lines []int // byte offset of each line's start
}

func newText(src string) *text {
	t := &text{src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			t.lines = append(t.lines, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// lineEnd returns the offset of the end of line i's content (before its
// terminator).
func (t *text) lineEnd(i int) int {
	if i+1 >= len(t.lines) {
		return len(t.src)
	}
	end := t.lines[i+1]
	if end > 0 && t.src[end-1] == '\n' {
		end--
	}
	if end > t.lines[i] && t.src[end-1] == '\r' {
		end--
	}
	return end
}

// position converts a byte offset to a line and UTF-16 character. An
// offset inside a line terminator or a multi-byte character, or past
// the end, is clamped.
func (t *text) position(off int) position {
	off = max(0, min(off, len(t.src)))
	line := 0
	lo, hi := 0, len(t.lines)-1
	for lo <= hi { // the last line starting at or before off
		mid := (lo + hi) / 2
		if t.lines[mid] <= off {
			line, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	start, end := t.lines[line], t.lineEnd(line)
	off = min(off, end)
	return position{Line: line, Character: utf16Len(t.src[start:off])}
}

// offset converts an LSP position to a byte offset; a character past the
// end of the line is the line's end, a line past the last the text's end.
func (t *text) offset(p position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.lines) {
		return len(t.src)
	}
	start, end := t.lines[p.Line], t.lineEnd(p.Line)
	n := 0
	for i := start; i < end; {
		if n >= p.Character {
			return i
		}
		r, size := utf8.DecodeRuneInString(t.src[i:end])
		n += utf16Units(r)
		i += size
	}
	return end
}

// lineCol converts a 1-based line and 1-based byte column (the form of
// lockfile's and go/token's positions) to an offset.
func (t *text) lineCol(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(t.lines) {
		return len(t.src)
	}
	return min(t.lines[line-1]+max(col-1, 0), t.lineEnd(line-1))
}

func (t *text) rangeOf(start, end int) lspRange {
	return lspRange{Start: t.position(start), End: t.position(end)}
}

func utf16Units(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s { // an invalid byte is U+FFFD: one unit
		n += utf16Units(r)
	}
	return n
}

// wordEnd returns the end of the identifier that starts at off, or off.
func (t *text) wordEnd(off int) int {
	i := off
	for i < len(t.src) {
		r, size := utf8.DecodeRuneInString(t.src[i:])
		if r != '_' && !isLetterOrDigit(r) {
			break
		}
		i += size
	}
	return i
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fileURI returns the file:// URI of an absolute path.
func fileURI(path string) string {
	path = filepath.ToSlash(path)
	if runtime.GOOS == "windows" || !strings.HasPrefix(path, "/") {
		path = "/" + path // file:///C:/dir
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// uriPath returns the file path of a file:// URI.
func uriPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file URI", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}
