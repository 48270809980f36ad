package lockfile

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"testing"
	"time"
)

// freshLoadEnv makes the test binary a child that loads one lock and
// prints how long Load took, then exits: the situation of a go vet
// process, which loads the lock once, on a fresh heap.
const freshLoadEnv = "CELLVET_FRESH_LOAD"

func init() {
	path := os.Getenv(freshLoadEnv)
	if path == "" {
		return
	}
	f0, c0 := usage()
	t0 := time.Now()
	_, err := Load(path)
	d := time.Since(t0)
	f1, c1 := usage()
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// Wall time, page faults and CPU time of Load, and garbage
	// collections so far (none is expected: the heap is fresh).
	fmt.Println(d.Nanoseconds(), f1-f0, (c1 - c0).Nanoseconds(), ms.NumGC)
	os.Exit(0)
}

// BenchmarkLoadFresh measures Load as a go vet process pays it: each
// iteration starts a new process that loads the 1,000-type lock once (the
// process start is not timed; the child times Load itself). It reports the
// mean and median of those loads, and per load the page faults, the CPU
// time of all threads (getrusage, in 1-4 ms ticks on many kernels: a mean
// over many loads) and the garbage collections.
func BenchmarkLoadFresh(b *testing.B) {
	path, _ := bigLockFile(b)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var loads []time.Duration
	var total, cpu time.Duration
	var faults, gcs int64
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), freshLoadEnv+"="+path)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v %s", err, out)
		}
		var ns, cpuNS, f, gc int64
		if _, err := fmt.Sscan(string(out), &ns, &f, &cpuNS, &gc); err != nil {
			b.Fatalf("child printed %q", out)
		}
		loads = append(loads, time.Duration(ns))
		total += time.Duration(ns)
		cpu += time.Duration(cpuNS)
		faults += f
		gcs += gc
	}
	sort.Slice(loads, func(i, j int) bool { return loads[i] < loads[j] })
	n := float64(len(loads))
	b.ReportMetric(0, "ns/op") // process start-up is not what is measured
	b.ReportMetric(float64(total.Nanoseconds())/n, "load-ns/op")
	b.ReportMetric(float64(loads[len(loads)/2].Nanoseconds()), "median-load-ns")
	b.ReportMetric(float64(faults)/n, "faults/op")
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/op")
	b.ReportMetric(float64(gcs)/n, "gcs/op")
}
