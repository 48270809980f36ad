package lockfile

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/blake3"
)

// openAll opens path through the cache and reads every cell.
func openAll(t *testing.T, path string) []*Cell {
	t.Helper()
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Cell
	for _, name := range h.Names() {
		c, err := h.Cell(name)
		if err != nil || c == nil {
			t.Fatalf("Cell(%q) = %v, %v", name, c, err)
		}
		out = append(out, c)
	}
	if c, err := h.Cell("nope"); c != nil || err != nil {
		t.Errorf("Cell(nope) = %v, %v", c, err)
	}
	return out
}

// cacheFixture writes the example lock to a new directory and points the
// cache at another; it returns the lock's path, its parsed cells and
// the cache entries' path prefix.
func cacheFixture(t *testing.T) (path string, want []*Cell, entry func(string) string) {
	data, err := os.ReadFile(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path = filepath.Join(dir, "cell.lock")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	t.Setenv(cacheEnv, cache)
	l, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, l.Cells, h.path
}

func TestCacheHit(t *testing.T) {
	path, want, entry := cacheFixture(t)
	for _, name := range []string{"index", "0", "1"} {
		if _, err := os.Stat(entry(name)); err != nil {
			t.Fatalf("entry %s not written: %v", name, err)
		}
	}
	if got := openAll(t, path); !reflect.DeepEqual(got, want) {
		t.Error("cells read from the cache differ")
	}
	// A package that uses one cell reads that entry only.
	if err := os.Remove(entry("1")); err != nil {
		t.Fatal(err)
	}
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := h.Cell(want[0].Name); err != nil || !reflect.DeepEqual(c, want[0]) {
		t.Fatalf("Cell: %v", err)
	}
	if h.cells[1] != nil {
		t.Error("the other cell was read")
	}
	if _, err := os.Stat(entry("1")); err == nil {
		t.Error("the missing entry was rewritten without need")
	}
}

// TestCacheBadEntries: an entry that is truncated, corrupted, of another
// format, of another lock or inconsistent is not trusted: the lock is
// read again and the entry rewritten.
func TestCacheBadEntries(t *testing.T) {
	for _, tc := range []struct {
		name  string
		entry string
		spoil func(t *testing.T, data []byte, entry func(string) string) []byte
	}{
		{"truncated", "0", func(_ *testing.T, d []byte, _ func(string) string) []byte { return d[:len(d)/2] }},
		{"empty", "index", func(_ *testing.T, d []byte, _ func(string) string) []byte { return nil }},
		{"corrupted", "0", func(_ *testing.T, d []byte, _ func(string) string) []byte {
			d = bytes.Clone(d)
			d[len(d)-100] ^= 1
			return d
		}},
		{"format", "0", func(_ *testing.T, d []byte, _ func(string) string) []byte {
			return bytes.Replace(d, []byte(cacheFormat), []byte("cellvet lock cache 0"), 1)
		}},
		// The other cell's entry: its header and checksum are sound, for
		// another name.
		{"other key", "0", func(t *testing.T, _ []byte, entry func(string) string) []byte {
			d, err := os.ReadFile(entry("1"))
			if err != nil {
				t.Fatal(err)
			}
			return d
		}},
		// A sound entry that holds the other cell.
		{"inconsistent", "0", func(t *testing.T, _ []byte, entry func(string) string) []byte {
			d, err := os.ReadFile(entry("1"))
			if err != nil {
				t.Fatal(err)
			}
			h := &Cells{key: filepath.Base(entry(""))[:64]}
			hdr1, hdr0 := h.header("1"), h.header("0")
			c, err := decodeCell(d[len(hdr1) : len(d)-32])
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.WriteString(hdr0)
			b.Write(encodeCell(c))
			return appendSum(b.Bytes())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, want, entry := cacheFixture(t)
			good, err := os.ReadFile(entry(tc.entry))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(entry(tc.entry), tc.spoil(t, good, entry), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := openAll(t, path); !reflect.DeepEqual(got, want) {
				t.Fatal("a bad entry was trusted")
			}
			if again, _ := os.ReadFile(entry(tc.entry)); !bytes.Equal(again, good) {
				t.Error("the bad entry was not rewritten")
			}
		})
	}
}

func appendSum(b []byte) []byte {
	s := blake3.Sum256(b)
	return append(b, s[:]...)
}

// TestCacheUnwritable: a cache directory that cannot be made or written
// to only means no cache.
func TestCacheUnwritable(t *testing.T) {
	data, err := os.ReadFile(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cell.lock")
	os.WriteFile(path, data, 0o644)
	want, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, nil, 0o644)
	readOnly := filepath.Join(dir, "ro")
	os.Mkdir(readOnly, 0o555)
	for _, cache := range []string{filepath.Join(notDir, "cache"), readOnly} {
		t.Setenv(cacheEnv, cache)
		for range 2 {
			if got := openAll(t, path); !reflect.DeepEqual(got, want.Cells) {
				t.Fatalf("%s: cells differ", cache)
			}
		}
	}
	if os.Getuid() != 0 { // root writes anyway
		if ents, _ := os.ReadDir(readOnly); len(ents) != 0 {
			t.Errorf("wrote into a read-only cache: %v", ents)
		}
	}
}

// TestCacheOff: CELLVET_CACHE=off reads without a cache, writing nothing
// to the user's.
func TestCacheOff(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	t.Setenv("HOME", home)
	t.Setenv(cacheEnv, "off")
	want, err := Load(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	if got := openAll(t, exampleLock); !reflect.DeepEqual(got, want.Cells) {
		t.Fatal("cells differ")
	}
	if ents, _ := os.ReadDir(home); len(ents) != 0 {
		t.Errorf("wrote %v", ents)
	}
}

// TestCacheBadLock: a lock that does not load gives Parse's error and
// leaves nothing in the cache.
func TestCacheBadLock(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(cacheEnv, cache)
	path := "testdata/bad/overlap.lock"
	data, _ := os.ReadFile(path)
	_, want := Parse(path, data)
	if _, err := Open(path); err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("Open: %v, want %v", err, want)
	}
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("cache holds %v", ents)
	}
}

// BenchmarkCacheEntry compares encodings of a cell entry of 100 types
// (what a package of the end-to-end benchmark reads): decoding is what a
// vet process pays. entry.go's encoding against encoding/gob (the first
// choice) and encoding/json.
func BenchmarkCacheEntry(b *testing.B) {
	c := bigLock(b, 100, 1).Cells[0]
	for _, enc := range []struct {
		name   string
		encode func(*Cell) []byte
		decode func([]byte) error
	}{
		{"plain", encodeCell, func(d []byte) error { _, err := decodeCell(d); return err }},
		{"gob", func(c *Cell) []byte {
			var b bytes.Buffer
			gob.NewEncoder(&b).Encode(c)
			return b.Bytes()
		}, func(d []byte) error { var c Cell; return gob.NewDecoder(bytes.NewReader(d)).Decode(&c) }},
		{"json", func(c *Cell) []byte {
			d, _ := json.Marshal(c)
			return d
		}, func(d []byte) error { var c Cell; return json.Unmarshal(d, &c) }},
	} {
		data := enc.encode(c)
		b.Run(enc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := enc.decode(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data)), "entry-bytes")
		})
	}
}

// BenchmarkOpen reads one cell of a lock of 10 cells of 100 types (the
// lock of the end-to-end vet benchmark, docs/BENCHMARKS.md) as a vet
// process that uses one cell does.
func BenchmarkOpen(b *testing.B) {
	l := &Lock{Version: Version}
	for i := range 10 {
		c := bigLock(b, 100, int64(i)).Cells[0]
		c.Name = "c" + strconv.Itoa(i)
		l.Set(c)
	}
	data := l.Marshal()
	path := filepath.Join(b.TempDir(), "cell.lock")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	// hit: a warm cache and the lock's memo (a vet process's case); hash:
	// a warm cache, the lock read and hashed (a lock changed in the last
	// 2 s, or no memo); off: no cache, the lock parsed (a miss).
	defer func(age time.Duration) { memoAge = age }(memoAge)
	for _, mode := range []string{"hit", "hash", "off"} {
		b.Run(mode, func(b *testing.B) {
			switch mode {
			case "hit", "hash":
				memoAge = 0
				if mode == "hash" {
					memoAge = time.Hour
				}
				b.Setenv(cacheEnv, b.TempDir())
				if _, err := Open(path); err != nil {
					b.Fatal(err)
				}
			default:
				b.Setenv(cacheEnv, "off")
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				h, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				if c, err := h.Cell("c3"); c == nil || err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMemo: a lock whose file times are old enough is named by its memo,
// so that a second Open reads neither the lock nor its sum; any write to
// the file, even of the same size, makes the memo stale; a memo that does
// not read back is ignored; a file changed too recently gets no memo.
func TestMemo(t *testing.T) {
	path, want, _ := cacheFixture(t)
	memo, _ := memoPath(os.Getenv(cacheEnv), path)
	if _, err := os.Stat(memo); err == nil {
		t.Fatal("a memo was written for a file changed just now")
	}
	defer func(age time.Duration) { memoAge = age }(memoAge)
	memoAge = 0
	if _, err := Open(path); err != nil {
		t.Fatal(err)
	}
	h, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.data != nil {
		t.Fatal("Open read the lock although its memo holds")
	}
	if got := openAll(t, path); !reflect.DeepEqual(got, want) {
		t.Fatal("cells read through the memo differ")
	}
	if data := h.Data(); !bytes.Equal(data, mustRead(t, path)) {
		t.Fatal("Data differs from the file")
	}

	// The same size, another cell name: the file system's times move on
	// (past one tick of its clock).
	time.Sleep(20 * time.Millisecond)
	data := mustRead(t, path)
	edited := bytes.Replace(data, []byte(`name = "market"`), []byte(`name = "murket"`), 1)
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if h, err := Open(path); err != nil || h.data == nil || !slices.Contains(h.Names(), "murket") {
		t.Fatalf("the edited lock was not read again: %v", err)
	}

	// A memo that does not read back is no memo.
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err != nil {
		t.Fatal(err)
	}
	for _, spoil := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)-10] },
		func(b []byte) []byte { return bytes.Replace(b, []byte(memoFormat), []byte("cellvet lock memo 0"), 1) },
		func(b []byte) []byte { b[len(b)-2] ^= 1; return b },
	} {
		m := mustRead(t, memo)
		if err := os.WriteFile(memo, spoil(m), 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if h.data == nil {
			t.Fatal("a spoilt memo was trusted")
		}
		if err := os.WriteFile(memo, m, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
