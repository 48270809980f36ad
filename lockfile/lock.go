// Package lockfile reads, validates and writes cell.lock, the committed
// record of every cell a Go module talks to: per cell its fingerprint, full
// digest, rkyv format profile, canonical schema text and the archived layout
// of every type. docs/lockfile.md specifies the format.
//
// Parse and Load validate everything they read and report problems as
// "cell.lock:LINE:COL: message". Marshal writes a lock deterministically;
// Update changes a lock on disk atomically under an exclusive file lock, so
// that concurrent `cellvet add` runs do not lose each other's cells.
//
// Parse reads TOML with BurntSushi/toml and finds the position of a
// problem in the text only once the problem is known (locate.go). Loading
// is on the path of every `go vet` process, so Open reads a lock through a
// content-addressed cache of validated cells (cache.go).
package lockfile

import (
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// Version is the lock format version this package reads and writes.
const Version = 1

// Pos is a position in a lock file: the file name as given to Parse or
// Load, a 1-based line and a 1-based byte column. The zero Pos means "not
// from a file" (a lock built in memory).
type Pos = rustschema.Pos

// Source kinds: where a cell's schema came from.
const (
	SourceSchema = "schema" // a schema file: Path
	SourceSocket = "socket" // a running cell on a Unix socket: Path
	SourceTCP    = "tcp"    // a running cell over TCP: Addr (host:port)
	SourceBinary = "binary" // a compiled cell's debug info: Path
)

// Origin says how a type's layout was obtained.
type Origin string

const (
	// Computed layouts follow from rules rkyv guarantees (repr(C)
	// structs, rkyv 0.8, rkyv 0.7 strict or archive_attr(repr(C))).
	Computed Origin = "computed"
	// Predicted layouts involve rkyv 0.7 repr(Rust) field ordering: they
	// are rustc's current choice, predicted, not guaranteed.
	Predicted Origin = "predicted"
	// Measured layouts were read from a compiled cell's debug info; they
	// outrank predicted ones.
	Measured Origin = "measured"
)

// Lock is the content of a cell.lock file.
type Lock struct {
	// File is the name the lock was parsed or loaded under; positions
	// carry it.
	File    string
	Version int
	// Cells is sorted by name; names are unique.
	Cells []*Cell
}

// Source is where a cell's schema and layouts came from.
type Source struct {
	Kind string // SourceSchema, SourceSocket, SourceTCP or SourceBinary
	// Path is the schema file, socket or binary (not for SourceTCP). A
	// relative path is relative to the directory of the lock file, with
	// forward slashes; for SourceSocket, to the socket directory
	// ($CELL_SOCKET_DIR) of the process that reads the cell (SocketPath).
	Path string
	Addr string // SourceTCP only: host:port
	// Module is, for SourceBinary only and optionally, the Rust module
	// path that holds the schema's types in the binary (e.g.
	// "my_cell::schema"), for when their names are not unique.
	Module string
	// Cfg is, for SourceSchema only, the cfg set the schema was read
	// under (rustc --cfg syntax, sorted as rustschema.Cfg.Specs returns
	// it), nil when it was read without one (docs/schema.md, cfg).
	Cfg []string
	// Types is, for SourceSchema only, the root types the schema was cut
	// to (cellvet add --type), nil for every type.
	Types []string
}

// Equal reports whether s and t are the same source (a nil cfg set, read
// without one, differs from an empty one).
func (s Source) Equal(t Source) bool {
	return s.Kind == t.Kind && s.Path == t.Path && s.Addr == t.Addr && s.Module == t.Module &&
		(s.Cfg == nil) == (t.Cfg == nil) && slices.Equal(s.Cfg, t.Cfg) && slices.Equal(s.Types, t.Types)
}

// SocketPath returns the socket of a SourceSocket: Path when absolute,
// else Path in the socket directory, $CELL_SOCKET_DIR (default /tmp/cell).
// cellvet add records a cell's socket as NAME.sock, so that the same lock
// finds the cell wherever the environment puts its sockets.
func (s Source) SocketPath() string {
	if filepath.IsAbs(s.Path) {
		return s.Path
	}
	return filepath.Join(wire.SocketDir(), filepath.FromSlash(s.Path))
}

// Cell is one pinned cell.
type Cell struct {
	// Name is the cell's name, as wire.ValidateName accepts it.
	Name   string
	Source Source
	// Fingerprint is the first 8 bytes of Digest as 16 lowercase hex
	// digits; Digest is the BLAKE3-256 of Canonical as 64 lowercase hex
	// digits; LayoutDigest is the schema layout digest (docs/fingerprint.md
	// §5), which the types' layout digests determine.
	Fingerprint  string
	Digest       string
	LayoutDigest string
	Profile      rustschema.Profile
	// SchemaVersion is the schema's #![schema_version]; it is the
	// second line of Canonical.
	SchemaVersion uint64
	// Canonical is the CFP/1 canonical text of the schema
	// (docs/fingerprint.md §2).
	Canonical string
	// Types holds every type of the schema, sorted by name.
	Types []*Type
	// Protocol is ProtocolCellSDK for a cell that speaks the Cell SDK's
	// wire protocol (docs/cell-sdk.md), "" for cellvet's own.
	Protocol string
	// Services are a Cell SDK cell's #[handler] services, in source
	// order: each names the request and reply enums of its methods.
	Services []Service
}

// ProtocolCellSDK is the Protocol of a Cell SDK cell.
const ProtocolCellSDK = "cell-sdk"

// Service is a Cell SDK service: variant i of Request (a method and its
// arguments) is answered by variant i of Response (its Ok value).
type Service struct {
	Name     string // the Rust type of the #[handler] impl
	Request  string // the type name of its Protocol enum in the lock
	Response string // the type name of its Response enum
}

// ServiceOf returns the service whose request or reply enum is the type
// named typ, and whether typ is its request enum.
func (c *Cell) ServiceOf(typ string) (svc *Service, request bool) {
	for i := range c.Services {
		switch s := &c.Services[i]; typ {
		case s.Request:
			return s, true
		case s.Response:
			return s, false
		}
	}
	return nil, false
}

// Type is the archived layout of one struct or enum of a cell's schema.
type Type struct {
	Name string
	Kind string // "struct" or "enum"
	// Fingerprint is the type fingerprint and LayoutDigest the type layout
	// digest (docs/fingerprint.md §4, §5).
	Fingerprint  string
	LayoutDigest string
	Origin       Origin
	Size         uint64
	Align        uint64
	// Fields are a struct's fields in declaration order; tuple fields are
	// named "0", "1", ... Empty for enums.
	Fields []Field
	// Tag is an enum's archived tag type ("u8", "u16", ...); empty for
	// structs.
	Tag string
	// Variants are an enum's variants in declaration order.
	Variants []Variant
}

// Predicted reports whether the layout is predicted rather than
// guaranteed or measured.
func (t *Type) Predicted() bool { return t.Origin == Predicted }

// Variant is an enum variant: its archived tag value and its fields, whose
// offsets are from the start of the enum (the tag is at offset 0).
type Variant struct {
	Name   string
	Tag    uint64
	Fields []Field
}

// Field is a field of a struct or of an enum variant.
type Field struct {
	Name string
	// Type is the field's Rust type in canonical form (no spaces).
	Type   string
	Offset uint64
	Size   uint64
	Align  uint64
}

// Cell returns the cell named name, or nil.
func (l *Lock) Cell(name string) *Cell {
	for _, c := range l.Cells {
		if c != nil && c.Name == name {
			return c
		}
	}
	return nil
}

// Set adds c to the lock, replacing the cell of the same name, and keeps
// the cells sorted. It sorts c's types by name.
func (l *Lock) Set(c *Cell) {
	sortTypes(c.Types)
	i := sort.Search(len(l.Cells), func(i int) bool { return l.Cells[i].Name >= c.Name })
	if i < len(l.Cells) && l.Cells[i].Name == c.Name {
		l.Cells[i] = c
		return
	}
	l.Cells = append(l.Cells, nil)
	copy(l.Cells[i+1:], l.Cells[i:])
	l.Cells[i] = c
}

// Remove deletes the cell named name and reports whether there was one.
func (l *Lock) Remove(name string) bool {
	for i, c := range l.Cells {
		if c != nil && c.Name == name {
			l.Cells = append(l.Cells[:i], l.Cells[i+1:]...)
			return true
		}
	}
	return false
}

// Type returns the type named name, or nil. Types must be sorted by name,
// as Parse, FromSchema and Lock.Set leave them.
func (c *Cell) Type(name string) *Type {
	i := sort.Search(len(c.Types), func(i int) bool { return c.Types[i].Name >= name })
	if i < len(c.Types) && c.Types[i].Name == name {
		return c.Types[i]
	}
	return nil
}

// Variant returns the variant named name, or nil.
func (t *Type) Variant(name string) *Variant {
	for i := range t.Variants {
		if t.Variants[i].Name == name {
			return &t.Variants[i]
		}
	}
	return nil
}

// Field returns the field named name, or nil.
func (t *Type) Field(name string) *Field {
	return findField(t.Fields, name)
}

// Field returns the field named name, or nil.
func (v *Variant) Field(name string) *Field {
	return findField(v.Fields, name)
}

func findField(fs []Field, name string) *Field {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

// AddCommand returns the cellvet add command line that pins c again from
// its source with its profile, e.g.
// "cellvet add market --schema examples/market/schema.rs --rkyv=0.7".
//
// A running cell reports its own profile, so socket and TCP sources get no
// profile flags; a socket outside the default directory gets the
// CELL_SOCKET_DIR that finds it.
func (c *Cell) AddCommand() string {
	var b strings.Builder
	if sock := c.Source.SocketPath(); c.Source.Kind == SourceSocket && sock != wire.SocketPath(c.Name) {
		b.WriteString(wire.SocketDirEnv + "=" + ShellQuote(filepath.Dir(sock)) + " ")
	}
	b.WriteString("cellvet add ")
	switch c.Source.Kind {
	case SourceTCP:
		b.WriteString(ShellQuote(c.Name + "@" + c.Source.Addr))
		return b.String()
	case SourceSocket:
		b.WriteString(ShellQuote(c.Name))
		return b.String()
	case SourceSchema:
		b.WriteString(ShellQuote(c.Name) + " --schema " + ShellQuote(c.Source.Path))
		for _, spec := range c.Source.Cfg {
			b.WriteString(" --cfg " + ShellQuote(spec))
		}
		for _, t := range c.Source.Types {
			b.WriteString(" --type " + ShellQuote(t))
		}
	case SourceBinary:
		b.WriteString(ShellQuote(c.Name) + " --binary " + ShellQuote(c.Source.Path))
		if c.Source.Module != "" {
			b.WriteString(" --module " + ShellQuote(c.Source.Module))
		}
	default:
		b.WriteString(ShellQuote(c.Name))
	}
	p, d := c.Profile, rustschema.DefaultProfile()
	if p.Rkyv != d.Rkyv && p.Rkyv != "" {
		b.WriteString(" --rkyv=" + ShellQuote(p.Rkyv))
	}
	if p.PointerWidth != d.PointerWidth && p.PointerWidth != 0 {
		b.WriteString(" --pointer-width=" + strconv.Itoa(p.PointerWidth))
	}
	if p.Endian != d.Endian && p.Endian != "" {
		b.WriteString(" --endian=" + ShellQuote(p.Endian))
	}
	if p.Unaligned {
		b.WriteString(" --unaligned")
	}
	if p.Strict {
		b.WriteString(" --strict")
	}
	return b.String()
}

// ShellQuote quotes s for a POSIX shell, when it needs quoting.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@=,+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func sortCells(cs []*Cell) {
	sort.SliceStable(cs, func(i, j int) bool { return cellName(cs[i]) < cellName(cs[j]) })
}

func cellName(c *Cell) string {
	if c == nil {
		return ""
	}
	return c.Name
}

func sortTypes(ts []*Type) {
	if sort.SliceIsSorted(ts, func(i, j int) bool { return typeName(ts[i]) < typeName(ts[j]) }) {
		return
	}
	sort.SliceStable(ts, func(i, j int) bool { return typeName(ts[i]) < typeName(ts[j]) })
}

func typeName(t *Type) string {
	if t == nil {
		return ""
	}
	return t.Name
}
