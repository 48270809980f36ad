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
	var src []byte
	testing.Benchmark(func(b *testing.B) { src = benchSrc() ; b.N = 1})
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
