package rustschema

import (
	"syscall"
	"testing"
	"time"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestCPUParse(t *testing.T) {
	src := benchSrc()
	const n = 20
	c0 := cpuNow()
	for i := 0; i < n; i++ {
		if _, err := Parse("big.rs", src); err != nil {
			t.Fatal(err)
		}
	}
	d := (cpuNow() - c0) / n
	t.Logf("%d bytes: %v CPU/op, %.1f MB/s (CPU)", len(src), d, float64(len(src))/d.Seconds()/1e6)
}

func TestCPUPhases(t *testing.T) {
	src := benchSrc()
	const n = 10
	var dl, dm, dp, dr time.Duration
	for i := 0; i < n; i++ {
		c0 := cpuNow()
		s := newSource("big.rs", src)
		toks := lex(s)
		c1 := cpuNow()
		matchDelims(s, toks)
		c2 := cpuNow()
		f := parseFile(s, toks)
		c3 := cpuNow()
		resolve(s, f)
		c4 := cpuNow()
		dl += c1 - c0
		dm += c2 - c1
		dp += c3 - c2
		dr += c4 - c3
	}
	t.Logf("lex %v match %v parse %v resolve %v", dl/n, dm/n, dp/n, dr/n)
}

func BenchmarkResolveOnly(b *testing.B) {
	src := benchSrc()
	s := newSource("big.rs", src)
	toks := lex(s)
	matchDelims(s, toks)
	f := parseFile(s, toks)
	b.ResetTimer()
	for b.Loop() {
		resolve(s, f)
	}
}
