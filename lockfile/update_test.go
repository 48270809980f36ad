package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// marketCell returns the example's market cell under another name.
func marketCell(t testing.TB, name string) *Cell {
	t.Helper()
	l, err := Load(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	c := clone(l.Cell("market"))
	c.Name = name
	return c
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestUpdate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cell.lock")
	set := func(c *Cell) func(*Lock) error {
		return func(l *Lock) error { l.Set(c); return nil }
	}
	if err := Update(path, set(marketCell(t, "market"))); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(exampleLock)
	if i := bytes.Index(want, []byte("\n[[cell]]\nname = \"market-legacy\"")); i < 0 || !bytes.Equal(first, want[:i]) {
		t.Errorf("Update wrote something else than the example's market cell:\n%s", firstDiff(first, want))
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files left beside the lock: %v", names)
	}

	// Re-running an unchanged add leaves the file byte-identical and
	// does not even rewrite it.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(path, old, old)
	if err := Update(path, set(marketCell(t, "market"))); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(first, again) {
		t.Error("an unchanged update changed the lock")
	}
	if fi, _ := os.Stat(path); !fi.ModTime().Equal(old) {
		t.Error("an unchanged update rewrote the lock")
	}

	// Failures leave the lock exactly as it was.
	unchanged := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, first) {
			t.Errorf("%s: the lock changed", what)
		}
		if names := dirNames(t, dir); len(names) != 1 {
			t.Errorf("%s: files left beside the lock: %v", what, names)
		}
	}
	boom := errors.New("boom")
	err = Update(path, func(l *Lock) error { l.Set(marketCell(t, "other")); return boom })
	if !errors.Is(err, boom) {
		t.Errorf("fn's error not returned: %v", err)
	}
	unchanged("fn fails", err)

	bad := marketCell(t, "bad")
	bad.Digest = bad.Digest[:63] + "x"
	unchanged("invalid cell", Update(path, set(bad)))

	// A type read from the lock and changed in fn is checked again.
	err = Update(path, func(l *Lock) error {
		l.Cell("market").Type("Quote").Fields[1].Offset = 4
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "field ask: offset 4 is misaligned") {
		t.Errorf("edited type: %v", err)
	}
	unchanged("edited type", err)

	beforeRename = func(string) error { return boom }
	err = Update(path, set(marketCell(t, "other")))
	beforeRename = nil
	unchanged("write fails", err)

	// A lock that does not load is not overwritten.
	corrupt := append(bytes.Clone(first), "oops = 1\n"...)
	os.WriteFile(path, corrupt, 0o644)
	err = Update(path, set(marketCell(t, "other")))
	if now, _ := os.ReadFile(path); err == nil || !bytes.Equal(now, corrupt) {
		t.Errorf("update of a corrupt lock: err %v, changed %v", err, !bytes.Equal(now, corrupt))
	}
	os.WriteFile(path, first, 0o644)

	// Removing a cell.
	if err := Update(path, func(l *Lock) error {
		if !l.Remove("market") {
			return errors.New("no market cell")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if l, err := Load(path); err != nil || len(l.Cells) != 0 {
		t.Errorf("after removing the only cell: %v, %v", l, err)
	}
}

func TestUpdateSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.lock")
	link := filepath.Join(dir, "cell.lock")
	if err := os.Symlink("real.lock", link); err != nil {
		t.Skip(err)
	}
	if err := Update(link, func(l *Lock) error { l.Set(marketCell(t, "market")); return nil }); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced")
	}
	if _, err := Load(real); err != nil {
		t.Error(err)
	}
}

// updateSlowly adds the example's market cell as name, holding the lock a
// while so that concurrent updates overlap.
func updateSlowly(path, name string) error {
	l, err := Load(exampleLock)
	if err != nil {
		return err
	}
	c := clone(l.Cell("market"))
	c.Name = name
	return Update(path, func(l *Lock) error {
		time.Sleep(20 * time.Millisecond)
		l.Set(c)
		return nil
	})
}

// TestHelperProcess is the child of TestConcurrentUpdates.
func TestHelperProcess(t *testing.T) {
	path, name := os.Getenv("LOCKFILE_TEST_PATH"), os.Getenv("LOCKFILE_TEST_CELL")
	if path == "" {
		t.Skip("only run as a child of TestConcurrentUpdates")
	}
	if err := updateSlowly(path, name); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// TestConcurrentUpdates runs 8 updates for different cells from goroutines
// and 8 from separate processes, all at once: the lock must end up valid
// with all 16.
func TestConcurrentUpdates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cell.lock")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), "LOCKFILE_TEST_PATH="+path, fmt.Sprintf("LOCKFILE_TEST_CELL=proc%d", i))
		wg.Go(func() {
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("process %d: %v\n%s", i, err, out)
			}
		})
		wg.Go(func() {
			if err := updateSlowly(path, fmt.Sprintf("goroutine%d", i)); err != nil {
				errs <- fmt.Errorf("goroutine %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Cells) != 16 {
		var names []string
		for _, c := range l.Cells {
			names = append(names, c.Name)
		}
		t.Fatalf("%d cells, want 16: %v", len(l.Cells), names)
	}
	for i := range 8 {
		for _, name := range []string{fmt.Sprintf("proc%d", i), fmt.Sprintf("goroutine%d", i)} {
			if l.Cell(name) == nil {
				t.Errorf("cell %s lost", name)
			}
		}
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files left beside the lock: %v", names)
	}
}
