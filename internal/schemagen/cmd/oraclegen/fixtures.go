package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cellvet/cellvet/internal/schemagen"
	"github.com/cellvet/cellvet/rustschema"
)

// fixtureCfg is the cfg set every fixture crate is read and built with:
// the oracle crates enable each fixture's "rkyv" feature when it has one.
var fixtureCfg = []string{`feature="rkyv"`}

// fixture is a hand-written crate under testdata/oracle/fixtures/<v07|v08>
// that the oracle crate depends on by path, as cellvet reads it.
type fixture struct {
	dir    string // relative to testdata/oracle/fixtures, e.g. v08/crossfile
	crate  string // its Rust crate name
	schema *rustschema.Schema
}

// readFixtures reads the fixture crates of the family's rkyv version and
// checks that the oracle crate depends on each of them, so that none is
// silently left unmeasured.
func readFixtures(crate string, fam schemagen.Family) ([]fixture, error) {
	base := filepath.Join(crate, "..", "fixtures")
	ver := "v08"
	if fam.Is07() {
		ver = "v07"
	}
	var m struct {
		Dependencies map[string]any `toml:"dependencies"`
	}
	if _, err := toml.DecodeFile(filepath.Join(crate, "Cargo.toml"), &m); err != nil {
		return nil, err
	}
	dirs, err := filepath.Glob(filepath.Join(base, ver, "*", "Cargo.toml"))
	if err != nil {
		return nil, err
	}
	cfg, err := rustschema.ParseCfg(fixtureCfg)
	if err != nil {
		return nil, err
	}
	var out []fixture
	for _, manifest := range dirs {
		dir := filepath.Dir(manifest)
		var pkg struct {
			Package struct{ Name string } `toml:"package"`
		}
		if _, err := toml.DecodeFile(manifest, &pkg); err != nil {
			return nil, err
		}
		if _, ok := m.Dependencies[pkg.Package.Name]; !ok {
			return nil, fmt.Errorf("%s: fixture %s is not a dependency of the oracle crate: add it to [dependencies]", filepath.Join(crate, "Cargo.toml"), pkg.Package.Name)
		}
		s, err := rustschema.ParseCrate(dir, rustschema.Options{Cfg: cfg})
		if err != nil {
			return nil, fmt.Errorf("fixture %s: %w", dir, err)
		}
		out = append(out, fixture{
			dir:    ver + "/" + filepath.Base(dir),
			crate:  strings.ReplaceAll(pkg.Package.Name, "-", "_"),
			schema: s,
		})
	}
	return out, nil
}

// writeFixtures writes the function that measures every Archive type of
// every fixture. Field sizes come from the archived field's own type
// (a closure projecting the field), since a with-wrapper changes it.
func writeFixtures(b *strings.Builder, fx []fixture) {
	b.WriteString("pub fn fixtures() -> Vec<crate::oracle::Fixture> {\n    use crate::oracle::{fld, Fixture, Fld, Ty, Var};\n    vec![\n")
	for _, f := range fx {
		fmt.Fprintf(b, "        Fixture { dir: %q, cfg: &%s, types: vec![\n", f.dir, rustStrings(fixtureCfg))
		for _, t := range f.schema.Types {
			writeFixtureType(b, f.crate, t)
		}
		b.WriteString("        ] },\n")
	}
	b.WriteString("    ]\n}\n")
}

func rustStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func writeFixtureType(b *strings.Builder, crate string, t *rustschema.TypeDef) {
	plain := t.Name[strings.LastIndex(t.Name, ":")+1:]
	mod := "::" + crate
	if t.Module != "" {
		mod += "::" + t.Module
	}
	archived := mod + "::Archived" + plain
	full := plain
	if t.Module != "" {
		full = t.Module + "::" + plain
	}
	shape := ""
	if t.Kind == rustschema.Struct {
		shape = t.Shape.String()
	}
	fmt.Fprintf(b, "            Ty { name: %q, kind: %q, shape: %q, size: ::core::mem::size_of::<%s>(), align: ::core::mem::align_of::<%s>(),\n",
		full, t.Kind.String(), shape, archived, archived)
	b.WriteString("                fields: vec![\n")
	for _, f := range t.Fields {
		fmt.Fprintf(b, "                    fld::<%s, _>(%q, %q, ::core::mem::offset_of!(%s, %s), |a| &a.%s),\n",
			archived, f.Name, f.Type.String(), archived, f.Name, f.Name)
	}
	b.WriteString("                ].leak(),\n                variants: vec![\n")
	for _, v := range t.Variants {
		tag := "None"
		if len(v.Fields) == 0 {
			val := archived + "::" + v.Name
			switch v.Shape {
			case rustschema.Tuple:
				val += "()"
			case rustschema.Named:
				val += " {}"
			}
			tag = "Some(::core::intrinsics::discriminant_value(&" + val + ") as u64)"
		}
		fmt.Fprintf(b, "                    Var { name: %q, shape: %q, tag: %s, fields: vec![\n", v.Name, v.Shape.String(), tag)
		for i, f := range v.Fields {
			fmt.Fprintf(b, "                        fld::<%s, _>(%q, %q, ::core::mem::offset_of!(%s, %s.%s), |a| match a { %s => x, _ => unreachable!() }),\n",
				archived, f.Name, f.Type.String(), archived, v.Name, f.Name, variantPattern(archived, v, i))
		}
		b.WriteString("                    ].leak() },\n")
	}
	b.WriteString("                ].leak(),\n            },\n")
}

// variantPattern binds field i of variant v to x.
func variantPattern(archived string, v *rustschema.Variant, i int) string {
	if v.Shape == rustschema.Named {
		return fmt.Sprintf("%s::%s { %s: x, .. }", archived, v.Name, v.Fields[i].Name)
	}
	parts := slices.Repeat([]string{"_"}, i)
	return fmt.Sprintf("%s::%s(%s)", archived, v.Name, strings.Join(append(parts, "x", ".."), ", "))
}

// writeFixturesFile writes CRATE/src/fixtures.rs.
func writeFixturesFile(crate string, fam schemagen.Family) error {
	fx, err := readFixtures(crate, fam)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("// Code generated by oraclegen from testdata/oracle/fixtures. DO NOT EDIT.\n\n")
	writeFixtures(&b, fx)
	return os.WriteFile(filepath.Join(crate, "src", "fixtures.rs"), []byte(b.String()), 0o644)
}
