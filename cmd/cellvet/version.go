package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/cellvet/cellvet/lockfile"
)

var versionCommand = &command{
	name:    "version",
	summary: "print cellvet's version and the lock format version",
	usage: `usage: cellvet version

Version prints the module version cellvet was built from ("(devel)" for a
build from a source tree, with the VCS revision when the go command
recorded one), the Go version that built it, and the version of the
cell.lock format it reads and writes (docs/lockfile.md).
`,
}

func init() { versionCommand.run = runVersion }

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(versionCommand, stderr)
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 0 {
		fmt.Fprint(stderr, "cellvet version: unexpected arguments\n"+versionCommand.usage)
		return exitUsage
	}
	fmt.Fprintf(stdout, "cellvet %s\nlock format version %d\n", buildVersion(), lockfile.Version)
	return exitOK
}

// buildVersion describes the build: "v1.2.3 (go1.26.0)", or for a source
// tree "(devel) revision 1323ad7c... (modified) (go1.26.0)".
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: no build info)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			v += " revision " + s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			v += " (modified)"
		}
	}
	return v + " (" + bi.GoVersion + ")"
}
