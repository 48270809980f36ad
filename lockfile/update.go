package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Update changes the lock file at path: under an exclusive lock on the
// sidecar file path+".lock" it reads the lock (a missing file is an empty
// lock of the current version), calls fn, checks the result and writes it
// back atomically: to a temporary file in the same directory, synced, then
// renamed over path, and the directory synced.
//
// If the lock does not load, fn returns an error, the result does not
// Check, or anything fails, path is left exactly as it was (or absent) and
// the error is returned. If the result marshals to the bytes already on
// disk, nothing is written. Two Updates of the same path, from goroutines
// or processes, run one after the other, so that neither loses the other's
// change.
func Update(path string, fn func(*Lock) error) error {
	return change(path, false, func(l *Lock, _ []string) error { return fn(l) })
}

// Repair is Update for a lock that may not load: fn gets what Salvage
// keeps of it and the lines saying what Salvage dropped, and its result
// replaces the file (still only when fn succeeds and the result checks).
// A lock that loads is repaired as Update changes it, with nothing dropped.
func Repair(path string, fn func(l *Lock, dropped []string) error) error {
	return change(path, true, fn)
}

func change(path string, salvage bool, fn func(*Lock, []string) error) error {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	unlock, err := lockFile(target + ".lock")
	if err != nil {
		return fmt.Errorf("lockfile: locking %s: %w", path, err)
	}
	defer unlock()

	var l *Lock
	var dropped []string
	old, err := os.ReadFile(target)
	mode := fs.FileMode(0o644)
	if err == nil { // keep the file's permissions
		if fi, err := os.Stat(target); err == nil {
			mode = fi.Mode().Perm()
		}
	}
	switch {
	case err == nil && salvage:
		l, dropped = Salvage(path, old)
	case err == nil:
		if l, err = Parse(path, old); err != nil {
			return &LoadError{err}
		}
	case errors.Is(err, fs.ErrNotExist):
		l = &Lock{File: path, Version: Version}
		old = nil
	default:
		return err
	}
	if err := fn(l, dropped); err != nil {
		return err
	}
	sortCells(l.Cells)
	for _, c := range l.Cells {
		if c != nil {
			sortTypes(c.Types)
		}
	}
	if err := l.Check(); err != nil {
		return err
	}
	out := l.Marshal()
	if old != nil && bytes.Equal(out, old) {
		return nil
	}
	// What is written must load: parse it as the next reader will.
	if _, err := Parse(path, out); err != nil {
		return fmt.Errorf("lockfile: internal error: the updated lock does not load, so it was not written:\n%w", err)
	}
	return writeFile(target, out, mode)
}

// LoadError is the error of Update when the lock file does not load.
type LoadError struct{ Err error }

func (e *LoadError) Error() string { return e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }

// resolve follows symbolic links at path (even to a file not yet
// created), so that the rename replaces the file a link points to rather
// than the link.
func resolve(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// beforeRename, when set by a test, runs before the rename that replaces
// the lock.
var beforeRename func(tmp string) error

// writeFile replaces path with data atomically and durably.
func writeFile(path string, data []byte, mode fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		if err = beforeRename(tmp); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}
