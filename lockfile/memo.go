package lockfile

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cellvet/cellvet/internal/blake3"
)

// Hashing the lock costs every vet process about a millisecond for a lock
// of a thousand types (reading it and BLAKE3 over it), most of what a
// package that uses one cell would otherwise pay. So the cache also keeps,
// per lock path, a memo of the file's identity (device, inode, size,
// modification and change times: what the file system updates on every
// write) and its sum, as git's index does for the files of a work tree.
// The memo is trusted only when the identity still matches, and it is
// written only for a file whose times are well in the past: a file
// rewritten within one tick of the file system's clock could otherwise
// keep its identity (git's "racily clean" entries). Where the identity is
// not available (statIdentity returns ""), the lock is hashed every time.

const memoFormat = "cellvet lock memo 1"

// memoAge is how old a file's times must be for its memo to be written
// (a variable for the tests).
var memoAge = 2 * time.Second

func memoPath(dir, lock string) (path, abs string) {
	abs, err := filepath.Abs(lock)
	if err != nil {
		return "", ""
	}
	h := blake3.Sum256([]byte(abs))
	return filepath.Join(dir, "memo", hex.EncodeToString(h[:16])), abs
}

// readMemo returns the sum of the lock at path from its memo, and whether
// the memo holds for the file as it is now.
func readMemo(dir, path string) (sum [32]byte, ok bool) {
	if dir == "" {
		return sum, false
	}
	mp, abs := memoPath(dir, path)
	st, err := os.Stat(path)
	if mp == "" || err != nil {
		return sum, false
	}
	id := statIdentity(st)
	data, err := os.ReadFile(mp)
	if id == "" || err != nil {
		return sum, false
	}
	want := memoFormat + "\n" + abs + "\n" + id + "\n"
	text, found := strings.CutPrefix(string(data), want)
	if !found || len(text) != 2*len(sum)+1 || text[len(text)-1] != '\n' {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(text[:len(text)-1])); err != nil {
		return sum, false
	}
	return sum, true
}

// writeMemo records sum for the lock at path, whose file was st when it
// was read, if the file is old enough.
func writeMemo(dir, path string, st os.FileInfo, sum [32]byte) {
	mp, abs := memoPath(dir, path)
	id := statIdentity(st)
	if mp == "" || id == "" || time.Since(changeTime(st)) < memoAge {
		return
	}
	writeAtomic(mp, []byte(memoFormat+"\n"+abs+"\n"+id+"\n"+hex.EncodeToString(sum[:])+"\n"))
}

// readStable reads the file at path and returns its bytes with the file's
// state, which did not change during the read.
func readStable(path string) ([]byte, os.FileInfo, error) {
	for {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		st, err := os.Stat(path)
		if err != nil {
			return nil, nil, err
		}
		if st.Size() == int64(len(data)) {
			return data, st, nil
		}
	}
}
