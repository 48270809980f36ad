package lockfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorrupted loads each testdata/bad/*.lock, one corruption per
// validation rule, and checks that it gives exactly one error, at the line
// and column and with the text of the file's first line:
//
//	# want: LINE:COL: text the message contains
func TestCorrupted(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.lock")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata/bad/*.lock", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".lock"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := bytes.Cut(data, []byte("\n"))
			want, ok := strings.CutPrefix(string(first), "# want: ")
			if !ok {
				t.Fatalf("first line %q is not # want: LINE:COL: text", first)
			}
			loc, text, _ := strings.Cut(want, " ")
			l, err := Parse("cell.lock", data)
			if err == nil {
				t.Fatalf("loaded without error; want cell.lock:%s %s", loc, text)
			}
			if l != nil {
				t.Error("a lock was returned with the error")
			}
			var list ErrorList
			if errors.As(err, &list) && len(list) != 1 {
				t.Fatalf("%d errors, want one:\n%v", len(list), err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Fatalf("more than one line:\n%s", msg)
			}
			if !strings.HasPrefix(msg, "cell.lock:"+loc+" ") || !strings.Contains(msg, text) {
				t.Errorf("got  %s\nwant cell.lock:%s ...%s...", msg, loc, text)
			}
		})
	}
}
