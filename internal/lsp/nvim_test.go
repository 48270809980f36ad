package lsp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeovim drives cellvet lsp from a real client, headless Neovim 0.11
// ($CELLVET_NVIM; CI installs it): the planted mismatch of the fixture is
// reported, its code action applied and saved clears it, and a cell.lock
// edit on disk brings a diagnostic back. With $CELLVET_GOPLS gopls is
// attached beside it.
func TestNeovim(t *testing.T) {
	nvim := os.Getenv("CELLVET_NVIM")
	if nvim == "" {
		t.Skip("CELLVET_NVIM is not set (the path of a Neovim 0.11 nvim)")
	}
	bin := filepath.Join(t.TempDir(), "cellvet")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/cellvet/cellvet/cmd/cellvet").CombinedOutput(); err != nil {
		t.Fatalf("go build cellvet: %v\n%s", err, out)
	}
	root := fixture(t)
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "e2e.lua"))
	if err != nil {
		t.Fatal(err)
	}
	gofile := filepath.Join(root, "geo", "geo.go")
	cmd := exec.Command(nvim, "--clean", "--headless", "-l", script,
		bin, gofile, filepath.Join(root, "cell.lock"), filepath.Join(root, "wide.lock"), os.Getenv("CELLVET_GOPLS"))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	t.Logf("nvim:\n%s", out)
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	for _, want := range []string{
		"diagnostic: Point.Y: uint32 does not match shapes.Point.y u16: want uint16",
		"code action: ",
		"cleared",
		"after the lock edit: Point.Y: uint16 does not match shapes.Point.y u32: want uint32",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("nvim did not print %q", want)
		}
	}
	if os.Getenv("CELLVET_GOPLS") != "" && !strings.Contains(string(out), "gopls attached beside cellvet") {
		t.Error("gopls was not attached beside cellvet")
	}
	if src := readFile(t, gofile); !strings.Contains(src, "Y uint16") {
		t.Errorf("geo.go after the code action:\n%s", src)
	}
}
