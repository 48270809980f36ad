package lockfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Name is the lock's file name at a module root.
const Name = "cell.lock"

// Path returns the lock of the module at root: path when absolute, else
// path relative to root, else cell.lock at root. The vet pass's -lock
// flag, the golangci-lint plugin's lock setting and cellvet lsp resolve
// the lock this way.
func Path(root, path string) string {
	switch {
	case filepath.IsAbs(path):
		return filepath.Clean(path)
	case path != "":
		return filepath.Join(root, path)
	}
	return filepath.Join(root, Name)
}

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

// HashState writes to h what a cache of vet results must be keyed on for
// the lock at path: its path and content, or that there is none. Go vet
// (through cellvet -V=full) and golangci-lint (through the plugin's
// analyzer name) key on it, so that a lock edit is never answered from a
// stale cache.
func HashState(h io.Writer, path string) {
	if data, err := os.ReadFile(path); err == nil {
		fmt.Fprintf(h, "\x00cell.lock %s %d\x00", path, len(data))
		h.Write(data)
	} else {
		fmt.Fprintf(h, "\x00no cell.lock %s\x00", path)
	}
}
