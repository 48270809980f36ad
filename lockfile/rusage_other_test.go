//go:build !unix

package lockfile

import "time"

// usage is not measured here.
func usage() (faults int64, cpu time.Duration) { return 0, 0 }
