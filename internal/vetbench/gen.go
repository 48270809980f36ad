package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// config is the shape of a generated module.
type config struct {
	seed     uint64
	cells    int    // cells c0, c1, ...
	types    int    // Rust types per cell
	packages int    // Go packages p00, p01, ...
	repo     string // the cellvet checkout the module's go.mod replaces the runtime with
}

// role is what a Rust type is.
type role int

const (
	structRole   role = iota
	unitEnumRole      // fieldless enum: a Go integer type with variant constants
	dataEnumRole      // enum with fields: a Go variant struct per variant with fields
)

// rustType is a generated Rust type and what the Go side needs to mirror it.
type rustType struct {
	name     string
	role     role
	fields   []field   // structs
	variants []variant // enums, in declaration order
	lay      *layout.Type
}

type variant struct {
	name   string
	fields []field // none for a unit variant
}

// field is a struct or variant field: its Rust name and type, and the Go
// type mirroring that type in the package that binds the field's struct.
type field struct {
	name         string
	rust, goType string
	// weigh is a Go expression adding the field of x to s (see weigh).
	weigh string
}

// group is the run of a cell's types that one package binds: nested
// types refer only to earlier types of their group, so every Go type a
// binding needs is in the same package.
type group struct {
	cell  int
	types []*rustType
}

// pkg is a generated Go package: it binds one group and may import one
// earlier package of another cell, whose types it also sends.
type pkg struct {
	index   int
	group   *group
	imports *pkg // or nil
}

// module is a whole generated module before rendering.
type module struct {
	cfg      config
	schemas  []string // Rust source per cell
	packages []*pkg
}

// generate builds the module for cfg: Rust schemas, their layouts computed
// with the project's own layout engine, and the Go packages binding them.
func generate(cfg config) (*module, error) {
	m := &module{cfg: cfg}
	// Each cell's types are cut into as many groups as packages bind
	// that cell's types.
	groupsPerCell := (cfg.packages + cfg.cells - 1) / cfg.cells
	size := (cfg.types + groupsPerCell - 1) / groupsPerCell
	groups := make([][]*group, cfg.cells)
	for c := range cfg.cells {
		r := rand.New(rand.NewPCG(cfg.seed, uint64(c)))
		types := genCell(r, cfg.types, size)
		src := renderSchema(c, types)
		if err := computeLayouts(cellName(c), src, types); err != nil {
			return nil, err
		}
		m.schemas = append(m.schemas, src)
		for lo := 0; lo < cfg.types; lo += size {
			groups[c] = append(groups[c], &group{cell: c, types: types[lo:min(lo+size, cfg.types)]})
		}
	}
	r := rand.New(rand.NewPCG(cfg.seed, uint64(cfg.cells)))
	for p := range cfg.packages {
		cell, k := p%cfg.cells, p/cfg.cells
		if k >= len(groups[cell]) {
			return nil, fmt.Errorf("vetbench: %d types per cell are too few for %d packages", cfg.types, cfg.packages)
		}
		pk := &pkg{index: p, group: groups[cell][k]}
		// Half of the packages also talk to the cell of an earlier
		// package, through that package's types.
		if p >= cfg.cells && r.IntN(2) == 0 {
			q := p - 1 - r.IntN(p)
			if q%cfg.cells == cell {
				q = (q + 1) % p
			}
			if q%cfg.cells != cell {
				pk.imports = m.packages[q]
			}
		}
		m.packages = append(m.packages, pk)
	}
	return m, nil
}

func cellName(c int) string { return fmt.Sprintf("c%d", c) }

// computeLayouts parses a cell's schema and records each type's archived
// layout under the default profile (rkyv 0.8, little-endian, aligned,
// pointer width 32): what cellvet add pins.
func computeLayouts(cell, src string, types []*rustType) error {
	s, err := rustschema.Parse(cell+".rs", []byte(src))
	if err != nil {
		return fmt.Errorf("vetbench: generated schema: %w", err)
	}
	ls, err := layout.Compute(s, rustschema.DefaultProfile())
	if err != nil {
		return fmt.Errorf("vetbench: generated schema: %w", err)
	}
	byName := make(map[string]*layout.Type, len(ls.Types))
	for _, lt := range ls.Types {
		byName[lt.Name] = lt
	}
	for _, t := range types {
		if t.lay = byName[t.name]; t.lay == nil {
			return fmt.Errorf("vetbench: %s: no layout for %s", cell, t.name)
		}
		// The renderer takes fields in declaration order and a u8 tag.
		ok := len(t.lay.Fields) == len(t.fields) && len(t.lay.Variants) == len(t.variants) && (t.role == structRole) == (t.lay.Tag == "")
		for i := 0; ok && i < len(t.fields); i++ {
			ok = t.lay.Fields[i].Name == t.fields[i].name
		}
		for i := 0; ok && i < len(t.variants); i++ {
			ok = t.lay.Variants[i].Name == t.variants[i].name && len(t.lay.Variants[i].Fields) == len(t.variants[i].fields)
		}
		if !ok || t.lay.Tag != "" && t.lay.Tag != "u8" {
			return fmt.Errorf("vetbench: %s.%s: the layout engine's fields, variants or tag (%s) are not the generated ones", cell, t.name, t.lay.Tag)
		}
	}
	return nil
}

// write renders the module into dir: go.mod, go.sum (the checkout's: it
// holds the hashes of every module the runtime needs, so no checksum is
// looked up), schemas/CELL.rs and two files per package. The caller pins
// the cells with cellvet add and completes go.mod's requirements with
// "go list -mod=mod".
func (m *module) write(dir string) error {
	sum, err := os.ReadFile(filepath.Join(m.cfg.repo, "go.sum"))
	if err != nil {
		return fmt.Errorf("vetbench: the checkout's go.sum: %w", err)
	}
	files := map[string]string{
		"go.mod": fmt.Sprintf("module %s\n\ngo 1.26.0\n\nrequire github.com/cellvet/cellvet v0.0.0\n\nreplace github.com/cellvet/cellvet => %s\n", modulePath, m.cfg.repo),
		"go.sum": string(sum),
	}
	for c, src := range m.schemas {
		files[filepath.Join("schemas", cellName(c)+".rs")] = src
	}
	for _, p := range m.packages {
		files[filepath.Join(p.name(), "types.go")] = p.renderTypes()
		files[filepath.Join(p.name(), "calls.go")] = p.renderCalls()
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

const modulePath = "example.com/vetbench"

// Rust types.

// prims are the primitive field types and their Go mirrors.
var prims = [][2]string{
	{"u8", "uint8"}, {"u16", "uint16"}, {"u32", "uint32"}, {"u64", "uint64"},
	{"i8", "int8"}, {"i16", "int16"}, {"i32", "int32"}, {"i64", "int64"},
	{"f32", "float32"}, {"f64", "float64"}, {"bool", "bool"}, {"char", "rune"},
}

var nouns = []string{
	"Quote", "Order", "Fill", "Ledger", "Account", "Trade", "Position", "Venue",
	"Book", "Level", "Tick", "Report", "Limit", "Margin", "Route", "Batch",
}

var words = []string{
	"id", "price", "qty", "side", "level", "count", "flags", "score", "bid", "ask",
	"total", "limit", "depth", "serial", "epoch", "rate", "min", "max", "open",
	"close", "high", "low", "volume", "venue", "code", "mask", "seq", "gap",
}

var variantNames = []string{"Open", "Close", "Amend", "Cancel", "Reject", "Ping"}

// genCell generates one cell's n types in groups of size consecutive
// types, each starting with two structs, with a fieldless enum at the
// third position and an enum with fields at the sixth (so a group of ten
// has eight structs and two enums).
func genCell(r *rand.Rand, n, size int) []*rustType {
	var types []*rustType
	for i := range n {
		t := &rustType{name: fmt.Sprintf("%s%03d", nouns[r.IntN(len(nouns))], i)}
		earlier := types[i-i%size:]
		switch i % size {
		case 2:
			t.role = unitEnumRole
			for _, v := range variantNames[:3+r.IntN(3)] {
				t.variants = append(t.variants, variant{name: v})
			}
		case 5:
			t.role = dataEnumRole
			for k, v := range variantNames[:2+r.IntN(3)] {
				vr := variant{name: v}
				if k < 2 || r.IntN(2) == 0 {
					vr.fields = genFields(r, 1+r.IntN(4), earlier)
				}
				t.variants = append(t.variants, vr)
			}
		default:
			t.fields = genFields(r, 3+r.IntN(7), earlier)
		}
		types = append(types, t)
	}
	return types
}

// genFields returns n fields with distinct names, of primitive types,
// arrays of them, and the earlier types of the group (structs and
// fieldless enums by value).
func genFields(r *rand.Rand, n int, earlier []*rustType) []field {
	var nested []*rustType
	for _, t := range earlier {
		if t.role != dataEnumRole {
			nested = append(nested, t)
		}
	}
	seen := map[string]bool{}
	var fs []field
	for len(fs) < n {
		name := words[r.IntN(len(words))]
		if r.IntN(3) == 0 {
			name += "_" + words[r.IntN(len(words))]
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		f := field{name: name}
		kinds := 8 // primitives and arrays of them
		if len(nested) > 0 {
			kinds = 10
		}
		switch k := r.IntN(kinds); {
		case k < 6:
			p := prims[r.IntN(len(prims))]
			f.rust, f.goType = p[0], p[1]
		case k < 8:
			p, l := prims[r.IntN(len(prims))], 2+r.IntN(15)
			f.rust, f.goType = fmt.Sprintf("[%s; %d]", p[0], l), fmt.Sprintf("[%d]%s", l, p[1])
		case k < 9:
			t := nested[r.IntN(len(nested))]
			f.rust, f.goType = t.name, t.name
		default: // nested[0] is the group's first type, a struct
			l := 2 + r.IntN(3)
			f.rust, f.goType = fmt.Sprintf("[%s; %d]", nested[0].name, l), fmt.Sprintf("[%d]%s", l, nested[0].name)
		}
		f.weigh = weigh(f, nested)
		fs = append(fs, f)
	}
	return fs
}

// weigh returns a statement that adds the Go field x.F to the float64 s:
// something for the type checker to do with every field.
func weigh(f field, nested []*rustType) string {
	elem, isArray := f.goType, strings.HasPrefix(f.goType, "[")
	if isArray {
		elem = f.goType[strings.IndexByte(f.goType, ']')+1:]
	}
	add := func(v string) string {
		switch {
		case elem == "bool":
			return "if " + v + " {\ns++\n}"
		case isStruct(elem, nested):
			return "s += " + v + ".Weigh()"
		default:
			return "s += float64(" + v + ")"
		}
	}
	if isArray {
		return "for _, v := range x." + goName(f.name) + " {\n" + add("v") + "\n}"
	}
	return add("x." + goName(f.name))
}

func isStruct(name string, types []*rustType) bool   { return roleOf(name, types) == structRole }
func isUnitEnum(name string, types []*rustType) bool { return roleOf(name, types) == unitEnumRole }

// roleOf is the role of the type named name among types, or -1.
func roleOf(name string, types []*rustType) role {
	for _, t := range types {
		if t.name == name {
			return t.role
		}
	}
	return -1
}

// goName is the Go name of a snake_case Rust field name: the analyzer
// binds it back by snake_case ("bid_sizes" ↔ BidSizes).
func goName(rust string) string {
	var b strings.Builder
	for w := range strings.SplitSeq(rust, "_") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func renderSchema(c int, types []*rustType) string {
	var b strings.Builder
	fmt.Fprintf(&b, "//! Cell %s: generated by internal/vetbench.\n\nuse rkyv::Archive;\n", cellName(c))
	for _, t := range types {
		b.WriteString("\n#[derive(Archive)]\n")
		if t.role == structRole {
			fmt.Fprintf(&b, "pub struct %s {\n", t.name)
			for _, f := range t.fields {
				fmt.Fprintf(&b, "    pub %s: %s,\n", f.name, f.rust)
			}
			b.WriteString("}\n")
			continue
		}
		fmt.Fprintf(&b, "pub enum %s {\n", t.name)
		for _, v := range t.variants {
			if len(v.fields) == 0 {
				fmt.Fprintf(&b, "    %s,\n", v.name)
				continue
			}
			fmt.Fprintf(&b, "    %s {\n", v.name)
			for _, f := range v.fields {
				fmt.Fprintf(&b, "        %s: %s,\n", f.name, f.rust)
			}
			b.WriteString("    },\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}
