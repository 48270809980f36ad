package rustschema

import (
	goparser "go/parser"
	"go/scanner"
	gotoken "go/token"
	"os"
	"testing"
)

func TestCPUBaseline(t *testing.T) {
	src, _ := os.ReadFile("/usr/local/go/src/net/http/server.go")
	var big []byte
	for len(big) < 2_000_000 {
		big = append(big, src...)
	}
	const n = 10
	c0 := cpuNow()
	for i := 0; i < n; i++ {
		var s scanner.Scanner
		fs := gotoken.NewFileSet()
		f := fs.AddFile("x", -1, len(big))
		s.Init(f, big, nil, 0)
		for {
			_, tok, _ := s.Scan()
			if tok == gotoken.EOF {
				break
			}
		}
	}
	d := (cpuNow() - c0) / n
	t.Logf("go/scanner: %.1f MB/s (CPU)", float64(len(big))/d.Seconds()/1e6)
	c0 = cpuNow()
	for i := 0; i < 3; i++ {
		goparser.ParseFile(gotoken.NewFileSet(), "x", src, 0)
	}
	d = (cpuNow() - c0) / 3
	t.Logf("go/parser: %.1f MB/s (CPU)", float64(len(src))/d.Seconds()/1e6)
	s := newSource("x", big)
	c0 = cpuNow()
	for i := 0; i < n; i++ {
		s.lines = nil
		lex(s)
	}
	d = (cpuNow() - c0) / n
	t.Logf("our lex: %.1f MB/s (CPU)", float64(len(big))/d.Seconds()/1e6)
}
