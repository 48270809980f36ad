package lockfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts
// survives a round trip through Marshal unchanged.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.lock")
	seeds = append(seeds, exampleLock)
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	if l, err := Load(exampleLock); err == nil {
		for _, st := range styles {
			f.Add([]byte(st.write(l)))
		}
	}
	f.Add([]byte("version = 1\n"))
	f.Add([]byte("version = 1\ncell = []\n"))
	f.Add([]byte("\ufeffversion = 0x1 # hex\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("cell.lock", data)
		if err != nil {
			if l != nil {
				t.Fatal("lock and error")
			}
			return
		}
		out := l.Marshal()
		back, err := Parse("cell.lock", out)
		if err != nil {
			t.Fatalf("Marshal output does not load: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(strip(l), strip(back)) {
			t.Fatal("round trip changed the lock")
		}
		if again := back.Marshal(); !bytes.Equal(out, again) {
			t.Fatal("Marshal is not stable")
		}
	})
}
