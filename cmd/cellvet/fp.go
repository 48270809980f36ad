package main

import (
	"fmt"
	"io"

	"github.com/cellvet/cellvet/rustschema"
)

var fpCommand = &command{
	name:    "fp",
	summary: "print a schema's fingerprint",
	usage: `usage: cellvet fp [--digest] [PROFILE] SCHEMA

Fp prints the CFP/1 fingerprint of the schema: 16 lowercase hex digits,
the first 8 bytes of the BLAKE3 digest of the schema's canonical text
(docs/fingerprint.md). With --digest it prints the full 64-hex-digit digest;
with --canon, the canonical text itself.
` + profileHelp,
}

func init() { fpCommand.run = runFp }

func runFp(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(fpCommand, stderr)
	pf := addProfileFlags(fs)
	digest := fs.Bool("digest", false, "print the full 32-byte digest")
	canon := fs.Bool("canon", false, "print the canonical text")
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "cellvet fp: want exactly one schema file\n"+fpCommand.usage)
		return exitUsage
	}
	pf.set = setFlags(fs)
	s, p, code := loadSchema(pos[0], pf, stderr)
	if code != exitOK {
		return code
	}
	sum := rustschema.Canon(s, p)
	switch {
	case *canon:
		stdout.Write(sum.Text)
	case *digest:
		fmt.Fprintln(stdout, sum.Digest)
	default:
		fmt.Fprintln(stdout, sum.Fingerprint())
	}
	return exitOK
}
