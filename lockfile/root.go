package lockfile

import (
	"os"
	"path/filepath"
)

// ModuleRoot returns the nearest directory at or above dir that holds a
// go.mod, or "" when there is none: where a module's cell.lock lives.
// cellvet add and the vet pass both find the lock this way, from the
// working directory and from a package's files respectively.
func ModuleRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
