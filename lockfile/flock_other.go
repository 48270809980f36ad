//go:build !unix

package lockfile

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// lockFile takes the lock by creating the file name exclusively, polling
// while another process holds it. The holder removes it when done.
func lockFile(name string) (unlock func(), err error) {
	deadline := time.Now().Add(time.Minute)
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s exists: another cellvet add is running, or one crashed; remove the file if none is running", name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func syncDir(string) error { return nil }
