//go:build !linux

package lockfile

import (
	"os"
	"time"
)

// statIdentity returns "": without the change time (which no program can
// set), a file's identity cannot be trusted, and the lock is hashed on
// every read.
func statIdentity(os.FileInfo) string { return "" }

func changeTime(st os.FileInfo) time.Time { return st.ModTime() }
