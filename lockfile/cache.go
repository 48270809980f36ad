package lockfile

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cellvet/cellvet/internal/blake3"
)

// Every go vet process reads the lock, and decoding a large one with
// BurntSushi/toml and validating it costs tens of milliseconds, so Open
// reads locks through a cache of validated cells, as the go command reads
// through its build cache. An entry is named by the BLAKE3 of the lock's
// bytes and of this cellvet's version: a lock validated once is never
// validated again by the same cellvet, and a package reads only the
// entries of the cells it uses. Entries are written atomically and checked
// when read (format, key, checksum, content); one that fails is ignored
// and rewritten. docs/lockfile.md §6.

// cacheEnv names the environment variable that sets the cache directory,
// or turns the cache off with "off". The default is cellvet under
// os.UserCacheDir.
const cacheEnv = "CELLVET_CACHE"

// cacheFormat changes whenever what an entry holds does.
const cacheFormat = "cellvet lock cache 4"

// Cells is a validated lock read through the cache: its cell names, and
// each cell read when first asked for.
type Cells struct {
	file  string
	data  []byte      // the lock's bytes; nil until needed when the memo named them
	sum   [32]byte    // BLAKE3 of data
	st    os.FileInfo // the file as data was read, when the memo did not name it
	dir   string      // the cache directory, "" for none
	key   string      // the entries' name: hex BLAKE3 of the version and sum
	names []string
	cells []*Cell // by index in names; nil until read
}

// Open reads and validates the lock file at path as Load does, with the
// same errors, through the cache.
func Open(path string) (*Cells, error) {
	h := &Cells{file: path, dir: cacheDir()}
	if sum, ok := readMemo(h.dir, path); ok {
		h.setSum(sum)
	} else {
		if _, err := h.readFile(); err != nil {
			return nil, err
		}
	}
	if h.dir != "" {
		if names, ok := h.readNames(); ok {
			h.names, h.cells = names, make([]*Cell, len(names))
			h.remember()
			return h, nil
		}
	}
	if err := h.parse(); err != nil {
		return nil, err
	}
	return h, nil
}

// setSum sets the sum of the lock's bytes and the entries' name.
func (h *Cells) setSum(sum [32]byte) {
	h.sum = sum
	k := blake3.New()
	k.WriteString(cacheFormat + "\n" + buildVersion() + "\n")
	k.Write(sum[:])
	h.key = hex.EncodeToString(k.Sum(nil))
}

// remember writes the memo of a lock read from its bytes, now that its
// entries are known to be there.
func (h *Cells) remember() {
	if h.st != nil {
		writeMemo(h.dir, h.file, h.st, h.sum)
		h.st = nil
	}
}

// readFile reads the lock's bytes and sets their sum. It reports whether
// the sum changed: the memo that gave it was wrong, or the file changed
// since.
func (h *Cells) readFile() (changed bool, err error) {
	data, st, err := readStable(h.file)
	if err != nil {
		return false, err
	}
	sum := blake3.Sum256(data)
	changed = sum != h.sum
	h.data, h.st = data, st
	h.setSum(sum)
	return changed, nil
}

// Names returns the names of the lock's cells, sorted.
func (h *Cells) Names() []string { return h.names }

// Data returns the lock's bytes, as validated (for a Locator), or nil
// when the file no longer holds them.
func (h *Cells) Data() []byte {
	if h.data == nil {
		if changed, err := h.readFile(); err != nil || changed {
			return nil
		}
	}
	return h.data
}

// Cell returns the cell named name, or nil when the lock has none.
func (h *Cells) Cell(name string) (*Cell, error) {
	i, ok := slices.BinarySearch(h.names, name)
	if !ok {
		return nil, nil
	}
	if h.cells[i] == nil {
		c, ok := h.readCell(i)
		if !ok || c.Name != name {
			if err := h.parse(); err != nil {
				return nil, err
			}
			return h.Cell(name) // every cell is read now
		}
		h.cells[i] = c
	}
	return h.cells[i], nil
}

// parse validates the lock in full and writes its entries.
func (h *Cells) parse() error {
	if h.data == nil {
		// The bytes are the truth: a sum from a wrong memo gives way.
		if _, err := h.readFile(); err != nil {
			return err
		}
	}
	l, err := Parse(h.file, h.data)
	if err != nil {
		return err
	}
	h.names, h.cells = nil, l.Cells
	for _, c := range l.Cells {
		h.names = append(h.names, c.Name)
	}
	if h.dir == "" {
		return nil
	}
	// The cells first: an index promises them; the memo last.
	for i, c := range l.Cells {
		h.write(strconv.Itoa(i), encodeCell(c))
	}
	h.write("index", encodeNames(h.names))
	h.remember()
	trim(h.dir)
	return nil
}

// cacheDir returns the cache directory, or "" when there is none.
func cacheDir() string {
	switch dir := os.Getenv(cacheEnv); dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "cellvet")
	default:
		return dir
	}
}

// buildVersion identifies this cellvet: its module version and VCS
// revision, and for a development build, which has neither, the
// executable's size and time.
func buildVersion() string {
	var b strings.Builder
	devel := true
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.WriteString(bi.Main.Path + " " + bi.Main.Version)
		devel = bi.Main.Version == "" || bi.Main.Version == "(devel)"
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision", "vcs.modified":
				b.WriteString(" " + s.Key + "=" + s.Value)
				devel = devel || s.Key == "vcs.modified" && s.Value == "true"
			}
		}
	}
	if devel {
		if exe, err := os.Executable(); err == nil {
			if st, err := os.Stat(exe); err == nil {
				b.WriteString(" " + exe + " " + strconv.FormatInt(st.Size(), 10) + " " + strconv.FormatInt(st.ModTime().UnixNano(), 10))
			}
		}
	}
	return b.String()
}

// An entry is a header, a payload (entry.go) and the BLAKE3 of both.
func (h *Cells) header(name string) string {
	return cacheFormat + "\n" + h.key + "-" + name + "\n"
}

func (h *Cells) path(name string) string {
	return filepath.Join(h.dir, h.key[:2], h.key+"-"+name)
}

// read returns the payload of entry name, and whether the entry is sound.
func (h *Cells) read(name string) ([]byte, bool) {
	path := h.path(name)
	data, err := os.ReadFile(path)
	hdr := h.header(name)
	if err != nil || len(data) < len(hdr)+32 || string(data[:len(hdr)]) != hdr {
		return nil, false
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	if s := blake3.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, false
	}
	// Entries in use stay (trim): mark this one used, at most hourly.
	if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
	return body[len(hdr):], true
}

// readNames returns the lock's cell names from the index entry.
func (h *Cells) readNames() ([]string, bool) {
	data, ok := h.read("index")
	if !ok {
		return nil, false
	}
	names, err := decodeNames(data)
	return names, err == nil && slices.IsSorted(names) && len(slices.Compact(slices.Clone(names))) == len(names)
}

// readCell returns cell i from its entry.
func (h *Cells) readCell(i int) (*Cell, bool) {
	data, ok := h.read(strconv.Itoa(i))
	if !ok {
		return nil, false
	}
	c, err := decodeCell(data)
	return c, err == nil
}

// write writes entry name with the given payload; a failure only means
// no entry.
func (h *Cells) write(name string, payload []byte) {
	b := make([]byte, 0, len(h.header(name))+len(payload)+32)
	b = append(append(b, h.header(name)...), payload...)
	sum := blake3.Sum256(b)
	writeAtomic(h.path(name), append(b, sum[:]...))
}

// writeAtomic writes a cache file (a temporary file renamed over it); a
// failure only means no file.
func writeAtomic(path string, data []byte) {
	dir := filepath.Dir(path)
	if os.MkdirAll(dir, 0o777) != nil {
		return
	}
	f, err := os.CreateTemp(dir, "tmp-")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// trim removes, once a day, the entries not used for five days.
func trim(dir string) {
	const (
		every  = 24 * time.Hour
		unused = 5 * 24 * time.Hour
	)
	mark := filepath.Join(dir, "trim.txt")
	if st, err := os.Stat(mark); err == nil && time.Since(st.ModTime()) < every {
		return
	}
	if os.WriteFile(mark, nil, 0o666) != nil {
		return
	}
	subdirs, _ := os.ReadDir(dir)
	for _, sd := range subdirs {
		if !sd.IsDir() || len(sd.Name()) != 2 {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(dir, sd.Name()))
		for _, e := range entries {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > unused {
				os.Remove(filepath.Join(dir, sd.Name(), e.Name()))
			}
		}
	}
}
