package wire

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	for name, want := range map[string]string{
		"market":                 "",
		"market-data.v2":         "",
		"_x":                     "",
		"9":                      "",
		strings.Repeat("a", 128): "",
		"":                       "empty cell name",
		strings.Repeat("a", 129): "cell name of 129 bytes is too long (at most 128)",
		"a/b":                    `cell name "a/b" holds a path separator`,
		`a\b`:                    `cell name "a\\b" holds a path separator`,
		"..":                     `cell name ".." must start with a letter, digit or '_'`,
		".hidden":                `cell name ".hidden" must start with a letter, digit or '_'`,
		"-x":                     `cell name "-x" must start with a letter, digit or '_'`,
		"a b":                    `cell name "a b" holds ' ' (names use letters, digits, '_', '-' and '.')`,
		"a:b":                    `cell name "a:b" holds ':' (names use letters, digits, '_', '-' and '.')`,
		"mär":                    `cell name "mär" holds 'ä' (names use letters, digits, '_', '-' and '.')`,
		"a\x00":                  `cell name "a\x00" holds '\x00' (names use letters, digits, '_', '-' and '.')`,
	} {
		err := ValidateName(name)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("ValidateName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	t.Setenv(SocketDirEnv, "")
	for spec, want := range map[string]string{
		"market":                 "unix:/tmp/cell/market.sock",
		"market@10.0.0.7:7000":   "tcp:10.0.0.7:7000",
		"market@host.example:1":  "tcp:host.example:1",
		"market@[::1]:7000":      "tcp:[::1]:7000",
		"market@localhost:65535": "tcp:localhost:65535",
		"a/b":                    `error: cell name "a/b" holds a path separator`,
		"../x":                   `error: cell name "../x" must start with a letter, digit or '_'`,
		"@host:1":                "error: empty cell name",
		"market@":                `error: cell address "market@": missing port in address (want NAME@HOST:PORT)`,
		"market@host":            `error: cell address "market@host": missing port in address (want NAME@HOST:PORT)`,
		"market@:7000":           `error: cell address "market@:7000": missing host (want NAME@HOST:PORT)`,
		"market@host:0":          `error: cell address "market@host:0": port "0" is not a number from 1 to 65535 (want NAME@HOST:PORT)`,
		"market@host:http":       `error: cell address "market@host:http": port "http" is not a number from 1 to 65535 (want NAME@HOST:PORT)`,
		"market@host:70000":      `error: cell address "market@host:70000": port "70000" is not a number from 1 to 65535 (want NAME@HOST:PORT)`,
		"market@a@b:1":           `error: cell address "market@a@b:1": invalid host "a@b" (want NAME@HOST:PORT)`,
		"market@::1:7000":        `error: cell address "market@::1:7000": too many colons in address (want NAME@HOST:PORT)`,
	} {
		tg, err := Resolve(spec)
		got := tg.String()
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != want {
			t.Errorf("Resolve(%q) = %s, want %s", spec, got, want)
		}
		if err == nil && tg.Name != "market" {
			t.Errorf("Resolve(%q).Name = %q", spec, tg.Name)
		}
	}

	t.Setenv(SocketDirEnv, "/run/cells")
	if tg, _ := Resolve("market"); tg.Address != "/run/cells/market.sock" {
		t.Errorf("with %s: %+v", SocketDirEnv, tg)
	}
	if SocketPath("x") != "/run/cells/x.sock" {
		t.Errorf("SocketPath = %s", SocketPath("x"))
	}
	if _, err := resolveIn("market", "/"+strings.Repeat("d", 100)); err == nil || !strings.Contains(err.Error(), "Unix socket paths are limited to 107") {
		t.Errorf("long path: %v", err)
	}
}

func TestResolveCellSDK(t *testing.T) {
	home, work := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Chdir(work)
	if tg, err := ResolveCellSDK("calc"); err != nil || tg.String() != "unix:"+filepath.Join(home, ".cell/io/calc.sock") {
		t.Errorf("without a neighbor link: %v, %v", tg, err)
	}
	link := filepath.Join(".cell", "neighbors", "calc", "tx")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(link, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if tg, err := ResolveCellSDK("calc"); err != nil || tg.String() != "unix:"+filepath.Join(work, link) {
		t.Errorf("with a neighbor link: %v, %v", tg, err)
	}
	t.Setenv("HOME", "/"+strings.Repeat("d", 100))
	if _, err := ResolveCellSDK("other"); err == nil || !strings.Contains(err.Error(), "Unix socket paths are limited to 107") {
		t.Errorf("long path: %v", err)
	}
	if _, err := ResolveCellSDK("a/b"); err == nil || !strings.Contains(err.Error(), "path separator") {
		t.Errorf("bad name: %v", err)
	}
}
