package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// optionalRkyv is a schema with optional rkyv support: it derives Archive
// only with feature "rkyv", and has a field only with feature "trace".
const optionalRkyv = `#[derive(Debug)]
#[cfg_attr(feature = "rkyv", derive(rkyv::Archive))]
pub struct Ping {
    pub seq: u64,
    #[cfg(feature = "trace")]
    pub trace: u32,
}
`

// TestCfgFlags: --cfg reads the schema as that build; add records the set
// in the lock and update reads it again under the same set.
func TestCfgFlags(t *testing.T) {
	dir := t.TempDir()
	schema := writeFile(t, dir, "ping.rs", optionalRkyv)
	lock := filepath.Join(dir, "cell.lock")

	code, _, errOut := runCmd(t, "fp", schema)
	if want := `#[cfg_attr] derives Archive: the schema depends on the build; read it with the build's cfg set (--cfg 'feature="rkyv"')`; code != exitError || !strings.Contains(errOut, want) {
		t.Errorf("fp without --cfg: exit %d, stderr %q; want exit 1 and %q", code, errOut, want)
	}
	fps := map[string]string{}
	for _, flags := range [][]string{{`--cfg=feature="rkyv"`}, {"--cfg", `feature="rkyv"`, "--cfg", `feature="trace"`}} {
		code, out, errOut := runCmd(t, append([]string{"fp", schema}, flags...)...)
		if code != exitOK {
			t.Fatalf("fp %v: exit %d: %s", flags, code, errOut)
		}
		fps[strings.Join(flags, " ")] = out
	}
	if len(fps) != 2 || fps[`--cfg=feature="rkyv"`] == fps[`--cfg feature="rkyv" --cfg feature="trace"`] {
		t.Errorf("feature trace did not change the fingerprint: %v", fps)
	}
	if code, _, errOut := runCmd(t, "fp", schema, "--cfg", "feature=rkyv"); code != exitUsage || !strings.Contains(errOut, `the value must be a quoted string`) {
		t.Errorf("bad --cfg: exit %d, stderr %q", code, errOut)
	}

	code, _, errOut = runCmd(t, "add", "ping", "--schema", schema, "--lock", lock, "--cfg", `feature="trace"`, "--cfg", `feature="rkyv"`)
	if code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	c := loadCell(t, lock, "ping")
	if got := strings.Join(c.Source.Cfg, " "); got != `feature="rkyv" feature="trace"` {
		t.Errorf("recorded cfg %q, want the set sorted", got)
	}
	if len(c.Types) != 1 || len(c.Types[0].Fields) != 2 {
		t.Fatalf("pinned %+v, want Ping with seq and trace", c.Types)
	}
	if got, want := c.AddCommand(), `cellvet add ping --schema `+schema+` --cfg 'feature="rkyv"' --cfg 'feature="trace"'`; got != want {
		t.Errorf("AddCommand() = %s, want %s", got, want)
	}
	if !strings.Contains(string(readFile(t, lock)), `cfg = ["feature=\"rkyv\"", "feature=\"trace\""]`) {
		t.Errorf("the lock does not record the cfg set:\n%s", readFile(t, lock))
	}
	// update reads the schema under the recorded set: unchanged.
	code, out, errOut := runCmd(t, "update", "--lock", lock)
	if code != exitOK || !strings.HasPrefix(out, "ping: unchanged") {
		t.Errorf("update: exit %d, printed %q, stderr %q; want unchanged", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, errOut)
	}
	// Re-adding without trace is a changed source and a changed schema.
	code, out, errOut = runCmd(t, "add", "ping", "--schema", schema, "--lock", lock, "--cfg", `feature="rkyv"`)
	if code != exitOK || !strings.Contains(out, `(cfg feature="rkyv" feature="trace") → schema `) {
		t.Errorf("re-add without trace: exit %d, printed %q, stderr %q; want the source change", code, out, errOut)
	}
}
