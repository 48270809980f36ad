package lsp

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// FuzzReader feeds the frame reader arbitrary bytes: it never panics and
// keeps reading after a bad header; a well-formed frame before the input
// is read whole, whatever follows it.
func FuzzReader(f *testing.F) {
	for _, seed := range []string{
		"Content-Length: 2\r\n\r\n{}",
		"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}",
		"\r\n\r\nContent-Length: 0\r\n\r\n",
		"Content-Length: -1\r\n\r\n",
		"Content-Length: 99999999999\r\n\r\n",
		"garbage\r\nContent-Length: 1\r\n\r\nx",
		"content-length:3\n\nabc",
		"Content-Length: 5\r\n\r\nab",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rd := newReader(bytes.NewReader(in))
		for range 1000 {
			_, err := rd.read()
			if err != nil && !errors.Is(err, errHeader) {
				break
			}
		}
		const body = `{"jsonrpc":"2.0","method":"exit"}`
		frame := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
		rd = newReader(bytes.NewReader(append([]byte(frame), in...)))
		got, err := rd.read()
		if err != nil || string(got) != body {
			t.Fatalf("a frame before the input: %q, %v", got, err)
		}
	})
}
