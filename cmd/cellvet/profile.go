package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cellvet/cellvet/rustschema"
)

const profileHelp = `
Profile flags (they override a #![cell_profile(...)] in the schema file; a
schema that uses the Cell SDK's #[protein] or #[handler] is rkyv 0.7 p32 by
default, the SDK's format, docs/cell-sdk.md):

	--rkyv=0.8|0.7            rkyv format version (default 0.8)
	--pointer-width=16|32|64  relative pointer and usize width (default 32)
	--endian=little|big       archive byte order (default little)
	--unaligned               rkyv 0.8 unaligned format
	--strict                  rkyv 0.7 strict feature (repr(C) structs)

Schema flags (SCHEMA is a .rs file, a crate's directory or its Cargo.toml;
a crate is read from its root file through its module tree, docs/schema.md):

	--cfg SPEC                read the schema as the build with this rustc cfg
	                          option compiles it: --cfg 'feature="rkyv"', --cfg unix;
	                          repeatable (the set is complete: what is not given is
	                          off); --cfg= alone reads under an empty set
	--type NAME               keep only type NAME and what it references; repeatable
	                          (NAME as the schema names it: Report, or net::Packet
	                          where several types of the crate are called Packet)
`

// profileFlags collects the profile flags the user set; unset ones keep
// the schema's declaration or the default.
type profileFlags struct {
	set     map[string]bool
	rkyv    string
	width   int
	endian  string
	unalign bool
	strict  bool
	// cfg holds the --cfg options; nil when none was given (the schema is
	// read without a cfg set), empty after --cfg= alone.
	cfg   []string
	types []string // --type roots
}

func addProfileFlags(fs *flag.FlagSet) *profileFlags {
	pf := &profileFlags{}
	fs.StringVar(&pf.rkyv, "rkyv", "0.8", "rkyv format `version`: 0.8 or 0.7")
	fs.IntVar(&pf.width, "pointer-width", 32, "pointer `width` in bits: 16, 32 or 64")
	fs.StringVar(&pf.endian, "endian", "little", "byte `order`: little or big")
	fs.BoolVar(&pf.unalign, "unaligned", false, "rkyv 0.8 unaligned format")
	fs.BoolVar(&pf.strict, "strict", false, "rkyv 0.7 strict feature")
	fs.Func("cfg", "read the schema under rustc cfg `option` (repeatable), e.g. 'feature=\"rkyv\"'", func(spec string) error {
		if pf.cfg == nil {
			pf.cfg = []string{}
		}
		if spec != "" {
			if _, err := rustschema.ParseCfg([]string{spec}); err != nil {
				return err
			}
			pf.cfg = append(pf.cfg, spec)
		}
		return nil
	})
	fs.Func("type", "keep only type `NAME` and what it references (repeatable)", func(name string) error {
		if name == "" {
			return errors.New("want a type name")
		}
		pf.types = append(pf.types, name)
		return nil
	})
	return pf
}

// cfgSet returns the cfg set of the --cfg flags, nil when none was given.
func (pf *profileFlags) cfgSet() *rustschema.Cfg {
	if pf.cfg == nil {
		return nil
	}
	c, _ := rustschema.ParseCfg(pf.cfg) // each option was checked as it was given
	return c
}

// anySet reports whether the user set a profile flag (pf.set holds every
// flag set, profile or not).
func (pf *profileFlags) anySet() bool {
	for _, name := range []string{"rkyv", "pointer-width", "endian", "unaligned", "strict"} {
		if pf.set[name] {
			return true
		}
	}
	return false
}

// resolve combines the default profile, the schema's declared profile and
// the flags that were set, in that order of increasing precedence.
func (pf *profileFlags) resolve(declared *rustschema.Profile) (rustschema.Profile, error) {
	p := rustschema.DefaultProfile()
	if declared != nil {
		p = *declared
	}
	if pf.set["rkyv"] && pf.rkyv != p.Rkyv {
		// A version switch drops the other version's feature unless the
		// user asked for it explicitly, so that a file declaring 0.7
		// strict can still be viewed with --rkyv=0.8.
		p.Rkyv = pf.rkyv
		if !pf.set["strict"] {
			p.Strict = false
		}
		if !pf.set["unaligned"] {
			p.Unaligned = false
		}
	}
	if pf.set["pointer-width"] {
		p.PointerWidth = pf.width
	}
	if pf.set["endian"] {
		p.Endian = pf.endian
	}
	if pf.set["unaligned"] {
		p.Unaligned = pf.unalign
	}
	if pf.set["strict"] {
		p.Strict = pf.strict
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// parseArgs parses flags that may appear before or after positional
// arguments ("cellvet fp x.rs --rkyv=0.7" works like Go's own tools do not,
// but users expect).
//
// Its code is proceed when the command should go on, exitOK after -h and
// exitUsage after a bad flag (the flag package has printed why).
func parseArgs(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, proceed
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), proceed
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// proceed is parseArgs' code for "go on with the command".
const proceed = -1

// setFlags records which flags the user set.
func setFlags(fs *flag.FlagSet) map[string]bool {
	m := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m[f.Name] = true })
	return m
}

// loadSchema reads and parses one schema (a file or a crate) and resolves
// its profile. It returns the exit code for a failure: 1 for a bad schema,
// 2 for profile flags that do not form a valid profile.
func loadSchema(path string, pf *profileFlags, stderr io.Writer) (*rustschema.Schema, rustschema.Profile, int) {
	s, p, err := schemaFromFile(path, pf)
	if err != nil {
		return nil, p, report(stderr, err)
	}
	return s, p, exitOK
}

// schemaFromFile reads and parses a schema (a file, a crate's directory or
// its Cargo.toml) under the --cfg set, limited to the --type roots, and
// resolves its profile from the declaration and the flags; a bad profile is
// a usage error.
func schemaFromFile(path string, pf *profileFlags) (*rustschema.Schema, rustschema.Profile, error) {
	s, err := rustschema.ParseCrate(path, rustschema.Options{Cfg: pf.cfgSet(), Roots: pf.types})
	if err != nil {
		return nil, rustschema.Profile{}, err
	}
	prof, err := pf.resolve(s.Profile)
	if err != nil {
		return nil, prof, usageErr("cellvet: %s: bad profile: %v", path, err)
	}
	return s, prof, nil
}

func newFlagSet(c *command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cellvet "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, c.usage) }
	return fs
}
