//go:build unix

package lockfile

import (
	"syscall"
	"time"
)

// usage returns the page faults (minor and major) and the CPU time (user
// and system, all threads) the process has had so far.
func usage() (faults int64, cpu time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return int64(ru.Minflt) + int64(ru.Majflt), time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
