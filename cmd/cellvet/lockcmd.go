package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/schemaproto"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/lockfile"
	"github.com/cellvet/cellvet/rustschema"
)

var addCommand = &command{
	name:    "add",
	summary: "pin a cell's fingerprint and layouts into cell.lock",
	usage: `usage: cellvet add NAME --schema SCHEMA [PROFILE] [--lock PATH]
       cellvet add NAME [--lock PATH]              (the running cell at $CELL_SOCKET_DIR/NAME.sock,
                                                    recorded as NAME.sock: update reads $CELL_SOCKET_DIR)
       cellvet add NAME@HOST:PORT [--lock PATH]    (a remote cell over TCP)
       cellvet add NAME --binary PATH [--schema SCHEMA] [--lock PATH]

Add pins the cell NAME in the lock file: its fingerprint, digest, profile,
canonical schema text and every type's archived layout. Re-adding an
unchanged cell leaves the file byte for byte as it was; a changed cell is
reported type by type, with the fingerprint's old and new values and whether
only names changed, and a changed source (e.g. a socket after --schema) is
reported as such. Nothing is written when anything fails.

A lock that does not load is never overwritten: add fails and prints the
same command with --repair, which rebuilds the lock without what does not
load (a corrupt cell entry, a second entry of a cell; all of a file that is
not a lock's TOML), printing each thing it drops, then pins NAME.

From a running cell the schema and profile are the cell's own: it answers the
schema request of docs/protocol.md, and the reply is verified (its digest
must be the BLAKE3 of its text) before anything is recomputed from it.

A Cell SDK cell (docs/cell-sdk.md) cannot be asked: when NAME's Cell SDK
socket (.cell/neighbors/NAME/tx, $HOME/.cell/io/NAME.sock) is there and
$CELL_SOCKET_DIR/NAME.sock is not, or is the same socket, add sends nothing
and says to pin it from its crate with --schema. A crate that uses the
SDK's #[handler] is pinned with its protocol and services.

With --binary the layouts are measured from the DWARF debug info of the
cell's compiled binary (a measured layout outranks a predicted one); the
schema comes from --schema, or from the cell's entry already in the lock.
Every difference between the computed and the measured layouts is reported.

The lock is --lock, else cell.lock in the directory of the nearest go.mod
above the working directory, else ./cell.lock.

Flags:
	--schema FILE       the cell's schema file
	--binary PATH       the cell's compiled binary, for measured layouts
	--module PATH       with --binary: the Rust module holding the schema
	                    types (e.g. my_cell::schema), when names are ambiguous
	--lock PATH         the lock file
	--repair            rebuild a lock that does not load (printing what is dropped)
	--connect-timeout D connecting to a running cell (default 5s)
	--read-timeout D    the whole exchange with a running cell (default 10s)
` + profileHelp,
}

var updateCommand = &command{
	name:    "update",
	summary: "re-pin cells from their recorded sources and show what changed",
	usage: `usage: cellvet update [NAME...] [--lock PATH]

Update re-reads every named cell (all cells when none is named) from the
source recorded in the lock (schema file, socket, TCP address or binary)
with its recorded profile, prints what changed, and writes the lock once,
only if every cell could be read. A socket recorded as NAME.sock (as add
records it) is looked for in $CELL_SOCKET_DIR (default /tmp/cell). A binary
source is measured again against
the schema recorded in the lock: after the cell's schema changed, pin it
again with cellvet add NAME --schema FILE.rs --binary PATH.

Flags:
	--lock PATH         the lock file
	--connect-timeout D connecting to a running cell (default 5s)
	--read-timeout D    the whole exchange with a running cell (default 10s)
`,
}

var lockCommand = &command{
	name:    "lock",
	summary: "check cell.lock (cellvet lock verify)",
	usage: `usage: cellvet lock verify [--lock PATH]

Verify loads the lock, checks every rule of docs/lockfile.md (digests,
fingerprints, layouts that fit and do not overlap, ...), then recomputes
every cell from its canonical text and checks that the recorded layouts
are the ones cellvet computes (measured layouts are checked for shape only).
It prints every problem as cell.lock:LINE:COL: ... and exits 1 if there is
any. Run it in CI.
`,
}

var serveSchemaCommand = &command{
	name:    "serve-schema",
	summary: "answer schema requests for a cell that cannot",
	usage: `usage: cellvet serve-schema --name NAME [PROFILE] SCHEMA [--listen ADDR]

Serve-schema answers the schema request of docs/protocol.md for the cell
NAME from its schema file, so that "cellvet add NAME" works against a cell
without built-in support. ADDR is HOST:PORT for TCP, or unix:PATH; the
default is the cell's socket $CELL_SOCKET_DIR/NAME.sock (default dir
/tmp/cell). It runs until interrupted.
` + profileHelp,
}

func init() {
	addCommand.run = runAdd
	updateCommand.run = runUpdate
	lockCommand.run = runLock
	serveSchemaCommand.run = runServeSchema
}

// fetchFlags are the network flags of add and update.
type fetchFlags struct {
	connect, read time.Duration
}

func addFetchFlags(fs *flag.FlagSet) *fetchFlags {
	ff := &fetchFlags{}
	fs.DurationVar(&ff.connect, "connect-timeout", schemaproto.DefaultConnectTimeout, "connect `timeout` for a running cell")
	fs.DurationVar(&ff.read, "read-timeout", schemaproto.DefaultReadTimeout, "`timeout` for the whole exchange with a running cell")
	return ff
}

// findLock returns the lock path: flag, else cell.lock beside the nearest
// go.mod above the working directory, else ./cell.lock.
func findLock(flagPath string) (string, error) {
	if flagPath != "" {
		return flagPath, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if root := lockfile.ModuleRoot(wd); root != "" {
		return filepath.Join(root, "cell.lock"), nil
	}
	return "cell.lock", nil
}

// relTo writes a relative path relative to the lock's directory with
// forward slashes, as the lock records source paths; an absolute path stays
// absolute.
func relTo(lockPath, path string) string {
	if filepath.IsAbs(path) {
		return filepath.ToSlash(path)
	}
	abs, err1 := filepath.Abs(path)
	dir, err2 := filepath.Abs(filepath.Dir(lockPath))
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// fromLockDir resolves a source path recorded in the lock.
func fromLockDir(lockPath, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(lockPath), filepath.FromSlash(p))
}

// failure is an error with its exit code.
type failure struct {
	code int
	err  error
}

func (f *failure) Error() string { return f.err.Error() }

func usageErr(format string, args ...any) error {
	return &failure{exitUsage, fmt.Errorf(format, args...)}
}

// report prints err and returns its exit code.
func report(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, err)
	var f *failure
	if errors.As(err, &f) {
		return f.code
	}
	return exitError
}

func runAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(addCommand, stderr)
	pf := addProfileFlags(fs)
	ff := addFetchFlags(fs)
	schema := fs.String("schema", "", "the cell's schema `file`")
	binary := fs.String("binary", "", "the cell's compiled binary, for measured layouts")
	lockFlag := fs.String("lock", "", "the lock `file`")
	module := fs.String("module", "", "with --binary: the Rust `module` path of the schema types, e.g. my_cell::schema")
	repair := fs.Bool("repair", false, "rebuild a lock that does not load, dropping (and printing) what does not load")
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "cellvet add: want exactly one cell name\n"+addCommand.usage)
		return exitUsage
	}
	pf.set = setFlags(fs)
	lockPath, err := findLock(*lockFlag)
	if err != nil {
		return report(stderr, err)
	}
	name, src, err := addSource(pos[0], lockPath, *schema, *binary, *module, pf)
	if err != nil {
		return report(stderr, err)
	}
	// Reports go to a buffer and out only once the lock is written, so
	// that a failed write never reads as a change.
	var changes bytes.Buffer
	p := pinner{lockPath: lockPath, fetch: ff, stdout: &changes, stderr: stderr}
	pin := func(l *lockfile.Lock, dropped []string) error {
		c, err := p.pin(name, src, *schema, pf, l.Cell(name))
		if err != nil {
			return err
		}
		for _, d := range dropped {
			fmt.Fprintf(&changes, "dropped %s\n", d)
		}
		printChange(&changes, l.Cell(name), c)
		printPredicted(&changes, c)
		l.Set(c)
		return nil
	}
	if *repair {
		err = lockfile.Repair(lockPath, pin)
	} else {
		err = lockfile.Update(lockPath, func(l *lockfile.Lock) error { return pin(l, nil) })
	}
	if err != nil {
		code := report(stderr, err)
		if le := (*lockfile.LoadError)(nil); errors.As(err, &le) {
			fmt.Fprintf(stderr, "cellvet add: %s does not load; to rebuild it without what does not load (each dropped entry is printed), run:\n\tcellvet add %s --repair\n", lockPath, quoteArgs(args))
		}
		return code
	}
	stdout.Write(changes.Bytes())
	return exitOK
}

// addSource checks add's command line and returns the cell's name and
// the source to record for it.
func addSource(spec, lockPath, schema, binary, module string, pf *profileFlags) (string, lockfile.Source, error) {
	var src lockfile.Source
	name, remote, isRemote := strings.Cut(spec, "@")
	if err := wire.ValidateName(name); err != nil {
		return "", src, usageErr("cellvet add: %v", err)
	}
	if isRemote {
		// HOST and PORT are checked as docs/protocol.md §5 says.
		if _, err := wire.Resolve(spec); err != nil {
			return "", src, usageErr("cellvet add: %v", err)
		}
	}
	switch {
	case schema != "" && isRemote:
		return "", src, usageErr("cellvet add: give either NAME@HOST:PORT or --schema, not both")
	case binary != "" && isRemote:
		return "", src, usageErr("cellvet add: --binary takes NAME, not NAME@HOST:PORT")
	case module != "" && binary == "":
		return "", src, usageErr("cellvet add: --module goes with --binary")
	case binary != "":
		src = lockfile.Source{Kind: lockfile.SourceBinary, Path: relTo(lockPath, binary), Module: module}
	case schema != "":
		src = lockfile.Source{Kind: lockfile.SourceSchema, Path: relTo(lockPath, schema), Cfg: pf.cfgSet().Specs(), Types: pf.types}
		if pf.cfg != nil && src.Cfg == nil {
			src.Cfg = []string{} // --cfg= alone: read under an empty set
		}
	case isRemote:
		src = lockfile.Source{Kind: lockfile.SourceTCP, Addr: remote}
	default:
		// Relative to the socket directory (docs/lockfile.md §2, source).
		src = lockfile.Source{Kind: lockfile.SourceSocket, Path: name + ".sock"}
	}
	if (src.Kind == lockfile.SourceSocket || src.Kind == lockfile.SourceTCP) && (pf.anySet() || pf.cfg != nil || pf.types != nil) {
		return "", src, usageErr("cellvet add: profile and schema flags apply to --schema; a running cell reports its own schema and profile")
	}
	return name, src, nil
}

// quoteArgs writes args back as a shell command line.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = lockfile.ShellQuote(a)
	}
	return strings.Join(q, " ")
}

// pinner builds cells from their sources.
type pinner struct {
	lockPath       string
	fetch          *fetchFlags
	stdout, stderr io.Writer
}

// pin reads cell name from src. schemaFile and pf apply to schema and
// binary sources; old is the cell's current entry, if any.
func (p *pinner) pin(name string, src lockfile.Source, schemaFile string, pf *profileFlags, old *lockfile.Cell) (*lockfile.Cell, error) {
	switch src.Kind {
	case lockfile.SourceSchema:
		s, prof, err := schemaFromFile(schemaFile, pf)
		if err != nil {
			return nil, err
		}
		return lockfile.FromSchema(name, src, s, prof)
	case lockfile.SourceSocket, lockfile.SourceTCP:
		if sock, ok := cellSDKSocket(name, src); ok {
			return nil, fmt.Errorf("%s is a Cell SDK cell (its socket is %s): Cell SDK cells cannot be asked for their schema (a schema request makes one read a 4 GiB frame); pin it from its source:\n\tcellvet add %s --schema path/to/the/cell/crate", name, sock, name)
		}
		t := wire.Target{Name: name, Network: "unix", Address: src.SocketPath()}
		if src.Kind == lockfile.SourceTCP {
			t = wire.Target{Name: name, Network: "tcp", Address: src.Addr}
		}
		ctx := context.Background()
		reply, err := schemaproto.Fetch(ctx, t, schemaproto.Options{
			ConnectTimeout: p.fetch.connect, ReadTimeout: p.fetch.read,
		})
		if err != nil {
			return nil, err
		}
		s, prof, err := rustschema.ParseCanonical(t.String(), reply.Text)
		if err != nil {
			return nil, fmt.Errorf("cell %s served a schema cellvet cannot read: %w", name, err)
		}
		return lockfile.FromSchema(name, src, s, prof)
	case lockfile.SourceBinary:
		return p.pinBinary(name, src, schemaFile, pf, old)
	}
	return nil, fmt.Errorf("cell %s: unknown source kind %q", name, src.Kind)
}

// cellSDKSocket returns the socket of a running Cell SDK cell called name
// (docs/cell-sdk.md) when src, a socket source, is absent or is that same
// socket: no schema request is sent to such a cell.
func cellSDKSocket(name string, src lockfile.Source) (string, bool) {
	if src.Kind != lockfile.SourceSocket {
		return "", false
	}
	t, err := wire.ResolveCellSDK(name)
	if err != nil {
		return "", false
	}
	sdk, err := os.Stat(t.Address)
	if err != nil || sdk.Mode().Type() != fs.ModeSocket {
		return "", false
	}
	if native, err := os.Stat(src.SocketPath()); err == nil && !os.SameFile(native, sdk) {
		return "", false
	}
	return t.Address, true
}

func runUpdate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(updateCommand, stderr)
	ff := addFetchFlags(fs)
	lockFlag := fs.String("lock", "", "the lock `file`")
	names, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	lockPath, err := findLock(*lockFlag)
	if err != nil {
		return report(stderr, err)
	}
	if _, err := os.Stat(lockPath); err != nil {
		return report(stderr, fmt.Errorf("cellvet update: %v (pin a cell first with cellvet add)", err))
	}
	var changes bytes.Buffer
	p := pinner{lockPath: lockPath, fetch: ff, stdout: &changes, stderr: stderr}
	err = lockfile.Update(lockPath, func(l *lockfile.Lock) error {
		todo := l.Cells
		if len(names) > 0 {
			todo = nil
			for _, n := range names {
				c := l.Cell(n)
				if c == nil {
					return fmt.Errorf("cellvet update: no cell %q in %s", n, lockPath)
				}
				todo = append(todo, c)
			}
		}
		var fresh []*lockfile.Cell
		for _, old := range todo {
			c, err := p.repin(old)
			if err != nil {
				return fmt.Errorf("cell %s: %w", old.Name, err)
			}
			fresh = append(fresh, c)
		}
		for i, c := range fresh {
			printChange(&changes, todo[i], c)
			l.Set(c)
		}
		return nil
	})
	if err != nil {
		return report(stderr, err)
	}
	stdout.Write(changes.Bytes())
	return exitOK
}

// repin reads old again from its recorded source with its recorded profile.
func (p *pinner) repin(old *lockfile.Cell) (*lockfile.Cell, error) {
	pf := profileFromCell(old.Profile)
	switch old.Source.Kind {
	case lockfile.SourceSchema:
		pf.cfg, pf.types = old.Source.Cfg, old.Source.Types
		return p.pin(old.Name, old.Source, fromLockDir(p.lockPath, old.Source.Path), pf, old)
	}
	return p.pin(old.Name, old.Source, "", pf, old)
}

// profileFromCell returns profile flags that select exactly p.
func profileFromCell(p rustschema.Profile) *profileFlags {
	return &profileFlags{
		set:  map[string]bool{"rkyv": true, "pointer-width": true, "endian": true, "unaligned": true, "strict": true},
		rkyv: p.Rkyv, width: p.PointerWidth, endian: p.Endian, unalign: p.Unaligned, strict: p.Strict,
	}
}

func runLock(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help"):
		fmt.Fprint(stderr, lockCommand.usage)
		return exitOK
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		fmt.Fprint(stderr, "cellvet lock: want a command: verify\n"+lockCommand.usage)
		return exitUsage
	case args[0] != "verify":
		unknownCommand(stderr, "cellvet lock", args[0], []string{"verify"})
		return exitUsage
	}
	fs := newFlagSet(lockCommand, stderr)
	lockFlag := fs.String("lock", "", "the lock `file`")
	pos, code := parseArgs(fs, args[1:])
	if code != proceed {
		return code
	}
	if len(pos) != 0 {
		fmt.Fprint(stderr, "cellvet lock verify: unexpected arguments\n"+lockCommand.usage)
		return exitUsage
	}
	lockPath, err := findLock(*lockFlag)
	if err != nil {
		return report(stderr, err)
	}
	data, err := os.ReadFile(lockPath)
	if err != nil {
		return report(stderr, err)
	}
	l, err := lockfile.Parse(lockPath, data)
	if err != nil {
		return report(stderr, err)
	}
	loc := lockfile.NewLocator(lockPath, data)
	problems := 0
	for _, c := range l.Cells {
		for _, msg := range recompute(c, loc) {
			fmt.Fprintln(stderr, msg)
			problems++
		}
		printPredicted(stdout, c)
	}
	if problems > 0 {
		return exitError
	}
	cells := "cells"
	if len(l.Cells) == 1 {
		cells = "cell"
	}
	fmt.Fprintf(stdout, "%s: %d %s ok\n", lockPath, len(l.Cells), cells)
	return exitOK
}

func runServeSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(serveSchemaCommand, stderr)
	pf := addProfileFlags(fs)
	name := fs.String("name", "", "the cell's `name`")
	listen := fs.String("listen", "", "listen `address`: HOST:PORT or unix:PATH (default: the cell's socket)")
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 1 || *name == "" {
		fmt.Fprint(stderr, "cellvet serve-schema: want --name NAME and one schema file\n"+serveSchemaCommand.usage)
		return exitUsage
	}
	pf.set = setFlags(fs)
	s, prof, code := loadSchema(pos[0], pf, stderr)
	if code != exitOK {
		return code
	}
	sum := rustschema.Canon(s, prof)
	schema, err := cell.NewSchema(*name, sum.Text)
	if err != nil {
		return report(stderr, fmt.Errorf("cellvet serve-schema: %w", err))
	}
	ctx, stop := signalContext()
	defer stop()
	l, err := wire.Listen(*name, *listen)
	if err != nil {
		return report(stderr, fmt.Errorf("cellvet serve-schema: %w", err))
	}
	fmt.Fprintf(stdout, "serving the schema of %s (fingerprint %s) on %s:%s\n", *name, sum.Fingerprint(), l.Addr().Network(), l.Addr())
	if err := serveSchema(ctx, l, schema); err != nil {
		return report(stderr, fmt.Errorf("cellvet serve-schema: %w", err))
	}
	return exitOK
}

// serveSchema serves a cell that answers schema requests and nothing else
// on l until ctx is done: every message frame closes its connection.
func serveSchema(ctx context.Context, l net.Listener, s *cell.Schema) error {
	refuse := func(context.Context, *struct{}) (*struct{}, error) {
		return nil, errors.New("serve-schema answers schema requests only")
	}
	return cell.Serve(ctx, l, refuse, cell.WithSchema(s))
}

// signalContext is canceled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
