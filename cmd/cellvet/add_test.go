package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

// TestAddSchemaRoundTrip: a schema added with add --schema loads back as
// the model lockfile.FromSchema builds from the same schema, under every
// kind of profile; the file is exactly that model marshaled; re-adding
// leaves it byte for byte as it was; lock verify passes.
func TestAddSchemaRoundTrip(t *testing.T) {
	schema := marketSchema(t)
	for _, tc := range []struct {
		name  string
		flags []string
		prof  rustschema.Profile
		note  string // what add and lock verify say of predicted layouts
	}{
		{"default", nil, rustschema.DefaultProfile(), ""},
		{"rkyv0.7", []string{"--rkyv=0.7"}, rustschema.Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "little"},
			"  market: 5 predicted layouts, not guaranteed by rkyv (MarketMsg, Order, Quote, QuoteRequest, Request); measure from the cell's binary: cellvet add market --binary BINARY\n"},
		{"rkyv0.7-strict-p64-be", []string{"--rkyv=0.7", "--strict", "--pointer-width=64", "--endian=big"}, rustschema.Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "big", Strict: true}, ""},
		{"unaligned-p16", []string{"--unaligned", "--pointer-width=16"}, rustschema.Profile{Rkyv: "0.8", PointerWidth: 16, Endian: "little", Unaligned: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			lock := filepath.Join(dir, "cell.lock")
			args := append([]string{"add", "market", "--schema", schema, "--lock", lock}, tc.flags...)
			code, out, errOut := runCmd(t, args...)
			if code != exitOK {
				t.Fatalf("add: exit %d: %s", code, errOut)
			}
			rel := schema // an absolute path is recorded as given
			want := expectCell(t, "market", lockfile.Source{Kind: lockfile.SourceSchema, Path: filepath.ToSlash(rel)}, schema, tc.prof)
			if wantOut := "added market: fingerprint " + want.Fingerprint + ", 6 types"; !strings.HasPrefix(out, wantOut) {
				t.Errorf("add printed %q, want %q...", out, wantOut)
			}
			got := loadCell(t, lock, "market")
			assertSameCell(t, got, want)
			first := readFile(t, lock)
			if !bytes.Equal(first, marshalCells(want)) {
				t.Errorf("the lock is not the canonical marshaling of the expected model:\n%s", first)
			}

			// Re-adding changes nothing, not even the file's identity.
			before, _ := os.Stat(lock)
			code, out, errOut = runCmd(t, args...)
			if code != exitOK {
				t.Fatalf("re-add: exit %d: %s", code, errOut)
			}
			if wantOut := "market: unchanged (fingerprint " + want.Fingerprint + ")\n" + tc.note; out != wantOut {
				t.Errorf("re-add printed %q, want %q", out, wantOut)
			}
			if !bytes.Equal(readFile(t, lock), first) {
				t.Errorf("re-adding an unchanged cell changed the lock")
			}
			if after, _ := os.Stat(lock); !os.SameFile(before, after) {
				t.Errorf("re-adding an unchanged cell rewrote the lock")
			}
			assertOnlyLock(t, dir)

			code, out, errOut = runCmd(t, "lock", "verify", "--lock", lock)
			if code != exitOK || out != tc.note+lock+": 1 cell ok\n" {
				t.Errorf("lock verify: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}

// TestLockVerifyCorrupted: lock verify fails with exit 1 and positioned
// cell.lock:LINE:COL: messages on a copy of a good lock with an edited
// digest, an offset that breaks the layout rules, and an offset that is
// well-formed but not the computed one.
func TestLockVerifyCorrupted(t *testing.T) {
	schema := marketSchema(t)
	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	if code, _, errOut := runCmd(t, "add", "market", "--schema", schema, "--lock", lock); code != exitOK {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	good := string(readFile(t, lock))
	fp := loadCell(t, lock, "market").Fingerprint
	for _, tc := range []struct {
		name, old, new string
		rx             string // a line of stderr must match
	}{
		{"digest", `digest = "` + fp, `digest = "` + strings.Repeat("0", 16), `^cell\.lock:\d+:\d+: cell market: digest 0{16}[0-9a-f]{48} is not the BLAKE3-256 of the canonical text`},
		{"fingerprint", `fingerprint = "` + fp, `fingerprint = "` + strings.Repeat("f", 16), `^cell\.lock:\d+:\d+: cell market: fingerprint f{16} is not the first 8 bytes of the digest`},
		{"offset past the end", `type = "Quote", offset = 8, size = 40`, `type = "Quote", offset = 16, size = 40`, `^cell\.lock:\d+:\d+: .*field 0: offset 16 \+ size 40 runs past the end of the 48-byte enum`},
		{"offset not computed", `{ name = "side", type = "Side", offset = 8,`, `{ name = "side", type = "Side", offset = 9,`, `^cell\.lock:\d+:\d+: cell market: type Order: recorded differs from computed: field side: offset 8 → 9; re-pin it with cellvet add market --schema `},
		{"canonical text", "field qty u32\n", "field qty u64\n", `^cell\.lock:\d+:\d+: cell market: digest [0-9a-f]{64} is not the BLAKE3-256 of the canonical text`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Count(good, tc.old) != 1 {
				t.Fatalf("the lock holds %q %d times, want once:\n%s", tc.old, strings.Count(good, tc.old), good)
			}
			bad := t.TempDir()
			writeFile(t, bad, "cell.lock", strings.Replace(good, tc.old, tc.new, 1))
			t.Chdir(bad) // so that messages start with cell.lock, as in CI
			code, out, errOut := runCmd(t, "lock", "verify", "--lock", "cell.lock")
			if code != exitError {
				t.Errorf("exit %d, want %d; stdout %q", code, exitError, out)
			}
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			matched := false
			for _, l := range lines {
				if !regexp.MustCompile(`^cell\.lock:\d+:\d+: `).MatchString(l) {
					t.Errorf("message without a cell.lock:LINE:COL: position: %q", l)
				}
				matched = matched || regexp.MustCompile(tc.rx).MatchString(l)
			}
			if !matched {
				t.Errorf("no message matches %q:\n%s", tc.rx, errOut)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
	// The good lock still verifies: the copies were edited, not it.
	if code, _, errOut := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify of the good lock: exit %d: %s", code, errOut)
	}
}

// Versions of a small schema: a field renamed, the type renamed, a field
// retyped (which moves the next field).
const (
	tickV1 = `#![schema_version = 1]
#[derive(Archive)]
pub struct Tick {
    pub seq: u8,
    pub price: u32,
}
`
	tickFieldRenamed = `#![schema_version = 1]
#[derive(Archive)]
pub struct Tick {
    pub seq: u8,
    pub px: u32,
}
`
	tickTypeRenamed = `#![schema_version = 1]
#[derive(Archive)]
pub struct Tock {
    pub seq: u8,
    pub px: u32,
}
`
	tickRetyped = `#![schema_version = 1]
#[derive(Archive)]
pub struct Tock {
    pub seq: u64,
    pub px: u32,
}
`
	tickRetypedAgain = `#![schema_version = 1]
#[derive(Archive)]
pub struct Tock {
    pub seq: u16,
    pub px: u32,
}
`
)

// TestAddChangeReport: add over an existing cell reports the fingerprint
// change and what it means: rename only (same layout digest) for renamed
// fields and types, layout changed with the moved offsets for a retyped
// field, unchanged when re-added.
func TestAddChangeReport(t *testing.T) {
	sdir, dir := t.TempDir(), t.TempDir()
	schema := filepath.Join(sdir, "tick.rs")
	lock := filepath.Join(dir, "cell.lock")
	def := rustschema.DefaultProfile()
	add := func(content string) (string, string) {
		t.Helper()
		old := fingerprint(t, schema, def)
		writeFile(t, sdir, "tick.rs", content)
		code, out, errOut := runCmd(t, "add", "tick", "--schema", schema, "--lock", lock)
		if code != exitOK {
			t.Fatalf("add: exit %d: %s", code, errOut)
		}
		return old, out
	}
	writeFile(t, sdir, "tick.rs", tickV1)
	code, out, errOut := runCmd(t, "add", "tick", "--schema", schema, "--lock", lock)
	if want := "added tick: fingerprint " + fingerprint(t, schema, def) + ", 1 types\n"; code != exitOK || out != want {
		t.Fatalf("first add: exit %d, stdout %q (want %q), stderr %q", code, out, want, errOut)
	}
	layout1 := loadCell(t, lock, "tick").LayoutDigest

	old, out := add(tickFieldRenamed)
	want := "tick: fingerprint " + old + " → " + fingerprint(t, schema, def) + "\n" +
		"  rename only: every archived layout is unchanged (same layout digest)\n" +
		"  type Tick: field price renamed to px\n"
	if out != want {
		t.Errorf("field rename: add printed\n%s\nwant\n%s", out, want)
	}
	if c := loadCell(t, lock, "tick"); c.LayoutDigest != layout1 || c.Fingerprint == old {
		t.Errorf("field rename: layout digest %s (was %s), fingerprint %s (was %s)", c.LayoutDigest, layout1, c.Fingerprint, old)
	}

	old, out = add(tickTypeRenamed)
	want = "tick: fingerprint " + old + " → " + fingerprint(t, schema, def) + "\n" +
		"  rename only: every archived layout is unchanged (same layout digest)\n" +
		"  type Tick renamed to Tock (same layout)\n"
	if out != want {
		t.Errorf("type rename: add printed\n%s\nwant\n%s", out, want)
	}

	old, out = add(tickRetyped)
	want = "tick: fingerprint " + old + " → " + fingerprint(t, schema, def) + "\n" +
		"  layout changed: Go code bound to this cell must follow\n" +
		"  type Tock: size 8 → 16\n" +
		"  type Tock: align 4 → 8\n" +
		"  type Tock: field seq: type u8 → u64\n" +
		"  type Tock: field px: offset 4 → 8\n"
	if out != want {
		t.Errorf("retyped field: add printed\n%s\nwant\n%s", out, want)
	}
	if c := loadCell(t, lock, "tick"); c.LayoutDigest == layout1 {
		t.Errorf("retyped field: layout digest unchanged")
	}

	before := readFile(t, lock)
	old, out = add(tickRetyped)
	if want := "tick: unchanged (fingerprint " + old + ")\n"; out != want {
		t.Errorf("re-add: printed %q, want %q", out, want)
	}
	if !bytes.Equal(readFile(t, lock), before) {
		t.Errorf("re-add changed the lock")
	}
	assertOnlyLock(t, dir)
	if code, _, errOut := runCmd(t, "lock", "verify", "--lock", lock); code != exitOK {
		t.Errorf("lock verify: exit %d: %s", code, errOut)
	}
}

// TestUpdateSchema: update re-reads a schema-sourced cell from its file
// (recorded relative to the lock), with its recorded profile, and reports
// the change; a second update reports it unchanged and does not touch the
// file; a missing schema file or unknown cell fails and writes nothing.
func TestUpdateSchema(t *testing.T) {
	sdir, dir := t.TempDir(), t.TempDir()
	schema := writeFile(t, sdir, "tick.rs", tickRetyped)
	market := marketSchema(t)
	lock := filepath.Join(dir, "cell.lock")
	p07 := rustschema.Profile{Rkyv: "0.7", PointerWidth: 64, Endian: "little"}
	for _, args := range [][]string{
		{"add", "tick", "--schema", schema, "--rkyv=0.7", "--pointer-width=64", "--lock", lock},
		{"add", "market", "--schema", market, "--lock", lock},
	} {
		if code, _, errOut := runCmd(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	old := fingerprint(t, schema, p07)
	writeFile(t, sdir, "tick.rs", tickRetypedAgain)
	code, out, errOut := runCmd(t, "update", "--lock", lock)
	if code != exitOK {
		t.Fatalf("update: exit %d: %s", code, errOut)
	}
	want := "market: unchanged (fingerprint " + fingerprint(t, market, rustschema.DefaultProfile()) + ")\n" +
		"tick: fingerprint " + old + " → " + fingerprint(t, schema, p07) + "\n" +
		"  layout changed: Go code bound to this cell must follow\n" +
		"  type Tock: size 16 → 8\n" +
		"  type Tock: align 8 → 4\n" +
		"  type Tock: field seq: type u64 → u16, offset 0 → 4\n" + // rkyv 0.7 reorders
		"  type Tock: field px: offset 8 → 0\n"
	if out != want {
		t.Errorf("update printed\n%s\nwant\n%s", out, want)
	}
	// The recorded profile was kept (not the default), the source too.
	rel := schema // an absolute path is recorded as given
	assertSameCell(t, loadCell(t, lock, "tick"), expectCell(t, "tick", lockfile.Source{Kind: lockfile.SourceSchema, Path: filepath.ToSlash(rel)}, schema, p07))

	before := readFile(t, lock)
	code, out, _ = runCmd(t, "update", "tick", "--lock", lock)
	if want := "tick: unchanged (fingerprint " + fingerprint(t, schema, p07) + ")\n"; code != exitOK || out != want {
		t.Errorf("second update: exit %d, printed %q, want %q", code, out, want)
	}
	if !bytes.Equal(readFile(t, lock), before) {
		t.Errorf("an update without changes rewrote the lock")
	}

	// Failures leave the lock alone, including the cells that could be
	// read: update writes all or nothing.
	writeFile(t, sdir, "tick.rs", tickV1)
	if err := os.Remove(market); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		rx   string
	}{
		{[]string{"update", "--lock", lock}, `^cell market: stat .*market.rs: no such file or directory\n$`},
		{[]string{"update", "nosuch", "--lock", lock}, `^cellvet update: no cell "nosuch" in `},
		{[]string{"update", "--lock", filepath.Join(dir, "missing.lock")}, `missing.lock.*pin a cell first with cellvet add`},
	} {
		code, out, errOut := runCmd(t, tc.args...)
		if code != exitError || !regexp.MustCompile(tc.rx).MatchString(errOut) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and stderr matching %q", tc.args, code, errOut, tc.rx)
		}
		if out != "" {
			t.Errorf("%v: printed %q, want nothing", tc.args, out)
		}
		if !bytes.Equal(readFile(t, lock), before) {
			t.Errorf("%v: the failed update changed the lock", tc.args)
		}
		assertOnlyLock(t, dir)
	}
}

// TestAddUsageErrors: command lines that cannot mean anything exit 2
// before anything is read or written.
func TestAddUsageErrors(t *testing.T) {
	schema := marketSchema(t)
	dir := t.TempDir()
	lock := filepath.Join(dir, "cell.lock")
	t.Setenv("CELL_SOCKET_DIR", sockDir(t))
	for _, tc := range []struct {
		args []string
		rx   string
	}{
		{[]string{"add", "market", "--rkyv=0.7"}, `profile and schema flags apply to --schema; a running cell reports its own schema and profile`},
		{[]string{"add", "market", "--pointer-width=64", "--read-timeout=1s"}, `profile and schema flags apply to --schema`},
		{[]string{"add", "market@127.0.0.1:7000", "--endian=big"}, `profile and schema flags apply to --schema`},
		{[]string{"add", "market@127.0.0.1:7000", "--unaligned"}, `profile and schema flags apply to --schema`},
		{[]string{"add", "market", "--cfg", `feature="rkyv"`}, `profile and schema flags apply to --schema`},
		{[]string{"add", "market@127.0.0.1:7000", "--schema", schema}, `give either NAME@HOST:PORT or --schema, not both`},
		{[]string{"add", "market@127.0.0.1:7000", "--binary", schema}, `--binary takes NAME, not NAME@HOST:PORT`},
		{[]string{"add", "market", "--module", "cell::schema", "--schema", schema}, `--module goes with --binary`},
		{[]string{"add", "mar/ket", "--schema", schema}, `cell name "mar/ket" holds a path separator`},
		{[]string{"add", "../market", "--schema", schema}, `cell name "../market" must start with a letter, digit or '_'`},
		{[]string{"add", "a/../market", "--schema", schema}, `cell name "a/../market" holds a path separator`},
		{[]string{"add", ".market", "--schema", schema}, `must start with a letter, digit or '_'`},
		{[]string{"add", "mar ket"}, `holds ' '`},
		{[]string{"add", "", "--schema", schema}, `empty cell name`},
		{[]string{"add", "@127.0.0.1:7000"}, `empty cell name`},
		{[]string{"add", "market@127.0.0.1"}, `cell address "market@127.0.0.1": missing port in address`},
		{[]string{"add", "market@:7000"}, `missing host`},
		{[]string{"add", "market@127.0.0.1:0"}, `port "0" is not a number from 1 to 65535`},
		{[]string{"add", "market@127.0.0.1:70000"}, `port "70000" is not a number from 1 to 65535`},
		{[]string{"add", "--schema", schema}, `want exactly one cell name`},
		{[]string{"add", "market", "other", "--schema", schema}, `want exactly one cell name`},
		{[]string{"add", "market", "--schema", schema, "--rkyv=0.9"}, `bad profile: unsupported rkyv version`},
		{[]string{"add", "market", "--schema", schema, "--strict"}, `bad profile: strict is an rkyv 0.7 feature`},
		{[]string{"add", "market", "--no-such-flag"}, `flag provided but not defined`},
		{[]string{"add", "market", "--read-timeout=soon"}, `invalid value "soon"`},
		{[]string{"update", "--bogus"}, `flag provided but not defined`},
		{[]string{"lock"}, `usage: cellvet lock verify`},
		{[]string{"lock", "check"}, `^cellvet lock: unknown command "check"; the commands are verify`},
		{[]string{"lock", "verify", "extra"}, `unexpected arguments`},
		{[]string{"serve-schema", schema}, `want --name NAME and one schema file`},
		{[]string{"serve-schema", "--name", "market"}, `want --name NAME and one schema file`},
		{[]string{"serve-schema", "--name", "market", schema, "--rkyv=0.6"}, `bad profile`},
	} {
		args := append(tc.args, "--lock", lock)
		if tc.args[0] == "serve-schema" {
			args = tc.args // it has no --lock; none of these gets to listen
		}
		code, out, errOut := runCmd(t, args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, exitUsage, errOut)
		}
		if !regexp.MustCompile(tc.rx).MatchString(errOut) {
			t.Errorf("%q: stderr %q does not match %q", tc.args, errOut, tc.rx)
		}
		if out != "" {
			t.Errorf("%q: printed %q", tc.args, out)
		}
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("usage errors left %q in the lock's directory", names)
	}
}
