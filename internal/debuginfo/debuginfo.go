// Package debuginfo measures rkyv archived layouts from the DWARF debug
// info of a compiled Rust binary (ELF), for cellvet add --binary.
//
// A measured layout is what rustc actually did: it outranks the layout the
// rustschema/layout engine predicts from a schema (docs/layout.md §6,
// docs/lockfile.md: origin "measured"). For every schema type N the binary's ArchivedN is looked up by
// name, optionally restricted to a Rust module path, and its size,
// alignment, field offsets, enum tag type and variant tags are read from
// DWARF.
//
// How rustc describes archived types in DWARF (rustc 1.95, debug = 2):
//
//   - A struct is a DW_TAG_structure_type with DW_AT_byte_size and
//     DW_AT_alignment; its fields are DW_TAG_member children in declaration
//     order (not memory order) with DW_AT_data_member_location and
//     DW_AT_alignment. Tuple struct fields are named __0, __1, ...
//   - A fieldless enum (rkyv archives it as a #[repr(uN)] enum) is a
//     DW_TAG_enumeration_type whose DW_AT_type is the tag integer, with one
//     DW_TAG_enumerator (DW_AT_const_value = archived tag) per variant.
//   - An enum with data is a DW_TAG_structure_type holding one
//     DW_TAG_variant_part. The part's DW_AT_discr names an artificial
//     DW_TAG_member (the tag, at offset 0, typed u8/u16/...), followed by one
//     DW_TAG_variant per variant carrying DW_AT_discr_value. Each variant
//     holds a single DW_TAG_member, named after the variant, at offset 0,
//     whose type is a structure nested in the enum's structure (named after
//     the variant, as large as the whole enum). That nested structure's
//     members are the variant's fields with offsets from the start of the
//     enum; the tag is not among them.
//
// Rust emits type info only for types some emitted code or static uses,
// so an archived type the binary never touches is absent.
package debuginfo

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

// attrGNUDwoName is DW_AT_GNU_dwo_name, the pre-DWARF 5 split DWARF
// attribute of skeleton units.
const attrGNUDwoName dwarf.Attr = 0x2130

// errNoDebugInfo is wrapped by the errors Read returns when the binary has
// no usable DWARF type information.
var errNoDebugInfo = errors.New("no DWARF debug info")

// Binary is the indexed DWARF debug info of one compiled binary. Its
// methods are safe for concurrent use.
type Binary struct {
	// byteOrder and addrSize are those of the binary's target.
	byteOrder binary.ByteOrder
	addrSize  int

	data *dwarf.Data
	// defs indexes every complete struct, enum and union type by its DWARF
	// name (the last path component, with generic arguments if any).
	defs map[string][]def
	// scopes maps a struct, enum, union or typedef entry to the path of
	// the namespaces and types enclosing it ("crate::module").
	scopes map[dwarf.Offset]string
	units  int

	mu     sync.Mutex
	names  map[dwarf.Offset]string
	sizes  map[dwarf.Offset]uint64
	aligns map[dwarf.Offset]uint64
}

// def is one definition of a named type.
type def struct {
	off   dwarf.Offset
	scope string
}

func (d def) qualified(name string) string { return join(d.scope, name) }

func join(scope, name string) string {
	if scope == "" {
		return name
	}
	return scope + "::" + name
}

// Read opens an ELF binary and indexes the types of its DWARF debug info.
// It fails with an error wrapping errNoDebugInfo when the binary has no
// DWARF, was stripped, or carries line tables only.
func Read(path string) (*Binary, error) {
	f, err := elf.Open(path)
	if err != nil {
		var fe *elf.FormatError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("%s: not an ELF binary (cellvet add --binary reads the DWARF debug info of an ELF file): %v", path, err)
		}
		if _, statErr := os.Stat(path); statErr != nil {
			return nil, statErr
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	defer f.Close()
	if f.Section(".debug_info") == nil && f.Section(".zdebug_info") == nil {
		hint := "build with debug = true or without strip"
		if s := f.Section(".gnu_debuglink"); s != nil {
			if b, err := s.Data(); err == nil {
				if i := strings.IndexByte(string(b), 0); i > 0 {
					hint = fmt.Sprintf("its debug info was moved to the separate file %q (.gnu_debuglink); pass that file, or build with debug = true and without strip", string(b[:i]))
				}
			}
		}
		return nil, fmt.Errorf("%s: %w (%s)", path, errNoDebugInfo, hint)
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("%s: reading DWARF debug info: %v", path, err)
	}
	b := &Binary{
		byteOrder: f.ByteOrder,
		addrSize:  4,
		data:      d,
		defs:      map[string][]def{},
		scopes:    map[dwarf.Offset]string{},
		names:     map[dwarf.Offset]string{},
		sizes:     map[dwarf.Offset]uint64{},
		aligns:    map[dwarf.Offset]uint64{},
	}
	if f.Class == elf.ELFCLASS64 {
		b.addrSize = 8
	}
	split, err := b.index()
	if err != nil {
		return nil, fmt.Errorf("%s: reading DWARF debug info: %v", path, err)
	}
	if len(b.defs) == 0 {
		if split {
			return nil, fmt.Errorf("%s: %w: the type info is in split DWARF (.dwo/.dwp files); build with split-debuginfo = \"off\"", path, errNoDebugInfo)
		}
		return nil, fmt.Errorf("%s: %w: the DWARF has no type info (line tables only?); build with debug = true (debug = 2)", path, errNoDebugInfo)
	}
	return b, nil
}

// index walks every unit once, recording named struct, enum and union
// definitions with their enclosing namespace path. Function bodies are
// skipped: rustc declares types in namespaces, not in subprograms. It
// reports whether a skeleton unit of split DWARF was seen.
func (b *Binary) index() (split bool, err error) {
	r := b.data.Reader()
	var stack []string
	top := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	for {
		e, err := r.Next()
		if err != nil {
			return split, err
		}
		if e == nil {
			return split, nil
		}
		switch e.Tag {
		case 0:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		case dwarf.TagCompileUnit, dwarf.TagPartialUnit, dwarf.TagSkeletonUnit, dwarf.TagTypeUnit:
			b.units++
			stack = stack[:0]
			if e.Tag == dwarf.TagSkeletonUnit || e.Val(dwarf.AttrDwoName) != nil || e.Val(attrGNUDwoName) != nil {
				split = true
			}
			if e.Children {
				stack = append(stack, "")
			}
			continue
		case dwarf.TagSubprogram, dwarf.TagLexDwarfBlock, dwarf.TagInlinedSubroutine:
			if e.Children {
				r.SkipChildren()
			}
			continue
		}
		scope := top()
		inner := scope
		name, _ := e.Val(dwarf.AttrName).(string)
		switch e.Tag {
		case dwarf.TagStructType, dwarf.TagEnumerationType, dwarf.TagUnionType, dwarf.TagTypedef:
			b.scopes[e.Offset] = scope
			if name != "" {
				if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); !decl && e.Tag != dwarf.TagTypedef {
					b.defs[name] = append(b.defs[name], def{off: e.Offset, scope: scope})
				}
				inner = join(scope, name)
			}
		case dwarf.TagNamespace:
			if name != "" {
				inner = join(scope, name)
			}
		}
		if e.Children {
			stack = append(stack, inner)
		}
	}
}

// candidates returns the fully qualified DWARF names of the definitions of
// the type named name (e.g. "ArchivedQuote") whose namespace path contains
// the components of module consecutively (any namespace when module is
// empty), sorted. Each name is listed once, however many compile units
// define it.
func (b *Binary) candidates(name, module string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range b.defs[name] {
		if !inModule(d.scope, module) {
			continue
		}
		q := d.qualified(name)
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	sort.Strings(out)
	return out
}

// inModule reports whether the components of module appear consecutively
// in the namespace path scope: "generated::s0001" and "my_cell" both match
// "my_cell::generated::s0001".
func inModule(scope, module string) bool {
	module = strings.Trim(strings.TrimSpace(module), ":")
	if module == "" {
		return true
	}
	return strings.Contains("::"+scope+"::", "::"+module+"::")
}

// libraryCrates are crates whose Archived* types are not a cell's schema
// types (rkyv's own ArchivedString, ArchivedDuration, ...).
var libraryCrates = map[string]bool{
	"rkyv": true, "rend": true, "bytecheck": true, "core": true, "alloc": true, "std": true,
	"hashbrown": true, "ptr_meta": true, "rancor": true, "munge": true,
}

func crateOf(scope string) string {
	if i := strings.Index(scope, "::"); i >= 0 {
		return scope[:i]
	}
	return scope
}
