package lockfile

import (
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
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
	t0 := time.Now()
	_, err := Load(path)
	d := time.Since(t0)
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString(strconv.FormatInt(d.Nanoseconds(), 10) + "\n")
	os.Exit(0)
}

// BenchmarkLoadFresh measures Load as a go vet process pays it: each
// iteration starts a new process that loads the 1,000-type lock once (the
// process start is not timed; the child times Load itself). It reports the
// mean and median of those loads.
func BenchmarkLoadFresh(b *testing.B) {
	path, _ := bigLockFile(b)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var loads []time.Duration
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), freshLoadEnv+"="+path)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v %s", err, out)
		}
		ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		if err != nil {
			b.Fatalf("child printed %q", out)
		}
		loads = append(loads, time.Duration(ns))
		total += time.Duration(ns)
	}
	sort.Slice(loads, func(i, j int) bool { return loads[i] < loads[j] })
	b.ReportMetric(0, "ns/op") // process start-up is not what is measured
	b.ReportMetric(float64(total.Nanoseconds())/float64(len(loads)), "load-ns/op")
	b.ReportMetric(float64(loads[len(loads)/2].Nanoseconds()), "median-load-ns")
}
