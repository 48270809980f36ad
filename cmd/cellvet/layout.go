package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

var layoutCommand = &command{
	name:    "layout",
	summary: "print the archived layouts of a schema's types",
	usage: `usage: cellvet layout [--json] [PROFILE] SCHEMA

Layout prints, for every type of the schema, the size, alignment and field
offsets of its rkyv archived form under the profile. Enum variant field
offsets are from the start of the enum; the tag is at offset 0. Layouts of
rkyv 0.7 repr(Rust) structs and tuples follow rustc's field ordering and
are marked predicted (docs/layout.md).

With --json it prints one JSON object (the format of docs/layout.md):
{"fingerprint", "profile", "types": [...]}.
` + profileHelp,
}

func init() { layoutCommand.run = runLayout }

// The JSON form is a contract (docs/layout.md): required keys are always
// present, so "fields" is never omitted, even when empty.
type jsonLayout struct {
	Fingerprint   string      `json:"fingerprint"`
	Digest        string      `json:"digest"`
	LayoutDigest  string      `json:"layout_digest"`
	SchemaVersion uint64      `json:"schema_version"`
	Profile       jsonProfile `json:"profile"`
	Types         []jsonType  `json:"types"`
}

type jsonProfile struct {
	Rkyv         string `json:"rkyv"`
	PointerWidth int    `json:"pointer_width"`
	Endian       string `json:"endian"`
	Aligned      bool   `json:"aligned"`
	Strict       bool   `json:"strict"`
}

type jsonType struct {
	Name         string          `json:"name"`
	Kind         string          `json:"kind"`
	Size         uint64          `json:"size"`
	Align        uint64          `json:"align"`
	Predicted    bool            `json:"predicted"`
	Fingerprint  string          `json:"fingerprint"`
	LayoutDigest string          `json:"layout_digest"`
	Fields       *[]layout.Field `json:"fields,omitempty"` // structs: always present, even empty
	Tag          string          `json:"tag,omitempty"`
	Variants     []jsonVariant   `json:"variants,omitempty"`
}

type jsonVariant struct {
	Name   string         `json:"name"`
	Tag    uint64         `json:"tag"`
	Fields []layout.Field `json:"fields"`
}

func runLayout(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(layoutCommand, stderr)
	pf := addProfileFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "cellvet layout: want exactly one schema file\n"+layoutCommand.usage)
		return exitUsage
	}
	pf.set = setFlags(fs)
	s, p, code := loadSchema(pos[0], pf, stderr)
	if code != exitOK {
		return code
	}
	ls, err := layout.Compute(s, p)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	sum := rustschema.Canon(s, p)
	if *asJSON {
		out, err := toJSON(sum, s, ls)
		if err != nil {
			fmt.Fprintf(stderr, "cellvet: %v\n", err)
			return exitError
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "cellvet: %v\n", err)
			return exitError
		}
		stdout.Write(append(b, '\n'))
		return exitOK
	}
	writeTable(stdout, sum, ls)
	return exitOK
}

func toJSON(sum *rustschema.Sum, s *rustschema.Schema, ls *layout.Layouts) (jsonLayout, error) {
	p := ls.Profile
	out := jsonLayout{
		Fingerprint:   sum.Fingerprint().String(),
		Digest:        sum.Digest.String(),
		LayoutDigest:  sum.Layout.String(),
		SchemaVersion: s.SchemaVersion,
		Profile: jsonProfile{
			Rkyv: p.Rkyv, PointerWidth: p.PointerWidth, Endian: p.Endian,
			Aligned: !p.Unaligned, Strict: p.Strict,
		},
		Types: []jsonType{},
	}
	if len(ls.Types) != len(sum.Types) {
		return out, fmt.Errorf("%d layouts for %d types (a bug in cellvet)", len(ls.Types), len(sum.Types))
	}
	for i, t := range ls.Types {
		if t.Name != sum.Types[i].Name {
			return out, fmt.Errorf("layout of %s where %s was expected (a bug in cellvet)", t.Name, sum.Types[i].Name)
		}
		jt := jsonType{
			Name: t.Name, Kind: t.Kind, Size: t.Size, Align: t.Align, Predicted: t.Predicted,
			Fingerprint:  sum.Types[i].Digest.Fingerprint().String(),
			LayoutDigest: sum.Types[i].Layout.String(),
			Tag:          t.Tag,
		}
		if t.Kind == "struct" {
			fs := nonNil(t.Fields)
			jt.Fields = &fs
		}
		for _, v := range t.Variants {
			jt.Variants = append(jt.Variants, jsonVariant{Name: v.Name, Tag: v.Tag, Fields: nonNil(v.Fields)})
		}
		out.Types = append(out.Types, jt)
	}
	return out, nil
}

func nonNil(f []layout.Field) []layout.Field {
	if f == nil {
		return []layout.Field{}
	}
	return f
}

func writeTable(w io.Writer, sum *rustschema.Sum, ls *layout.Layouts) {
	p := ls.Profile
	fmt.Fprintf(w, "fingerprint %s  profile %s\n", sum.Fingerprint(), p.Canon())
	var buf bytes.Buffer
	defer func() {
		// tabwriter pads the empty cells of variant lines; trim them.
		for _, line := range strings.SplitAfter(buf.String(), "\n") {
			io.WriteString(w, strings.TrimRight(line, " \n")+strings.Repeat("\n", strings.Count(line, "\n")))
		}
	}()
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	for _, t := range ls.Types {
		note := ""
		if t.Predicted {
			note = "  (predicted: rkyv 0.7 repr(Rust) field order)"
		}
		fmt.Fprintf(tw, "\n%s %s\tsize %d\talign %d%s\n", t.Kind, t.Name, t.Size, t.Align, note)
		if t.Kind == "enum" {
			fmt.Fprintf(tw, "  tag %s\toffset 0\n", t.Tag)
		}
		fields := func(indent string, fs []layout.Field) {
			for _, f := range fs {
				fmt.Fprintf(tw, "%s%s: %s\toffset %d\tsize %d\talign %d\n", indent, f.Name, f.Type, f.Offset, f.Size, f.Align)
			}
		}
		fields("  ", t.Fields)
		for _, v := range t.Variants {
			fmt.Fprintf(tw, "  %s = %d\t\t\t\n", v.Name, v.Tag)
			fields("    ", v.Fields)
		}
		tw.Flush()
	}
}
