package lockfile

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// statIdentity returns what identifies the state of the file st describes.
func statIdentity(st os.FileInfo) string {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d %d %d %d.%d %d.%d", s.Dev, s.Ino, s.Size, s.Mtim.Sec, s.Mtim.Nsec, s.Ctim.Sec, s.Ctim.Nsec)
}

// changeTime returns the later of the file's modification and change
// times.
func changeTime(st os.FileInfo) time.Time {
	t := st.ModTime()
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		if c := time.Unix(s.Ctim.Sec, s.Ctim.Nsec); c.After(t) {
			t = c
		}
	}
	return t
}
