package debuginfo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cellvet/cellvet/internal/schemagen"
	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// TestOracleDWARF is the acceptance test of the DWARF reader. It builds the
// layout oracle (testdata/oracle, see its README.md) with full debug info:
// a copy of the oracle crate gets its generated schemas from the oracle's
// own generator (oraclegen), plus one #[used] static per schema module that
// names every archived type, so rustc emits their type info. (The oracle
// itself only evaluates size_of/offset_of! in constants, which leaves the
// types out of DWARF.) The binary prints the layouts rustc computed; the
// layouts read from the same binary's DWARF must equal them: every size,
// alignment, field offset, size and alignment, every fieldless variant's
// tag, in declaration order. The layout engine's predictions for the same
// schemas must equal them too.
//
// Environment:
//
//	CELLVET_DWARF_FAMILIES  oracle families to build (default "v08,v07"; "all")
//	CELLVET_DWARF_N         schemas per family (default 50)
//	CELLVET_DWARF_CACHE     cargo target and crate copies (default: the user
//	                        cache dir's cellvet/dwarf-oracle), kept between
//	                        runs so rkyv is compiled once per feature set
func TestOracleDWARF(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the cargo build of the layout oracle in -short mode")
	}
	cargo, err := exec.LookPath("cargo")
	if err != nil {
		t.Skip("cargo is not on PATH: skipping the DWARF oracle test, which builds testdata/oracle with cargo (CI has cargo)")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot build oraclegen")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	oracle := filepath.Join(root, "testdata", "oracle")
	for _, f := range []string{"run.sh", "common/oracle.rs", "rkyv08/Cargo.toml", "rkyv07/Cargo.toml"} {
		if _, err := os.Stat(filepath.Join(oracle, f)); err != nil {
			t.Fatalf("the layout oracle is incomplete: %v", err)
		}
	}
	fams := []schemagen.Family{schemagen.V08, schemagen.V07}
	if s := os.Getenv("CELLVET_DWARF_FAMILIES"); s == "all" {
		fams = schemagen.AllFamilies()
	} else if s != "" {
		fams = nil
		for _, f := range strings.Split(s, ",") {
			fam, err := schemagen.ParseFamily(strings.TrimSpace(f))
			if err != nil {
				t.Fatal(err)
			}
			fams = append(fams, fam)
		}
	}
	n := 50
	if s := os.Getenv("CELLVET_DWARF_N"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("CELLVET_DWARF_N=%q: want a positive number", s)
		}
	}
	cache := os.Getenv("CELLVET_DWARF_CACHE")
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "cellvet", "dwarf-oracle")
		} else {
			cache = t.TempDir()
		}
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock := lockDir(t, cache)
	defer unlock()

	gen := filepath.Join(t.TempDir(), "oraclegen")
	build := exec.Command(goTool, "build", "-o", gen, "./internal/schemagen/cmd/oraclegen")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building oraclegen: %v\n%s", err, out)
	}
	for _, fam := range fams {
		t.Run(string(fam), func(t *testing.T) {
			oracleFamily(t, cargo, gen, oracle, cache, fam, n)
		})
	}
}

// lockDir serializes oracle builds that share a cache directory (two test
// runs at once would overwrite each other's crate copy and binary).
func lockDir(t *testing.T, dir string) (unlock func()) {
	t.Helper()
	path := filepath.Join(dir, "lock")
	deadline := time.Now().Add(10 * time.Minute)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintf(f, "pid %d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }
		}
		if !errors.Is(err, fs.ErrExist) {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > 15*time.Minute {
			os.Remove(path) // left behind by a killed run
			continue
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is held by another test run for too long; remove it if stale", path)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func oracleFamily(t *testing.T, cargo, gen, oracle, cache string, fam schemagen.Family, n int) {
	start := time.Now()
	// A copy of the oracle's crate, common files and fixture crates, at a stable path (so
	// cargo reuses its build of rkyv and replaces the previous binary).
	work := filepath.Join(cache, "src", string(fam))
	if err := os.RemoveAll(work); err != nil {
		t.Fatal(err)
	}
	crate := filepath.Join(work, fam.Crate())
	for _, d := range []string{"common", "fixtures", fam.Crate()} {
		if err := copyTree(filepath.Join(oracle, d), filepath.Join(work, d)); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args []string, env ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.Bytes())
		}
		return out
	}
	run(gen, []string{"-family", string(fam), "-n", strconv.Itoa(n), "-seed", "1", "-crate", crate})
	schemas := make([]*schemagen.Schema, n)
	for id := range schemas {
		schemas[id] = schemagen.GenerateSchema(schemagen.SchemaSeed(1, id), fam)
	}
	if err := keepArchivedTypes(filepath.Join(crate, "src", "generated.rs"), schemas); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(cache, "target")
	args := []string{"build", "--locked", "--quiet", "--manifest-path", filepath.Join(crate, "Cargo.toml")}
	if f := fam.CargoFeature(); f != "" {
		args = append(args, "--features", f)
	}
	// Full type info (the oracle's Cargo.toml says debug = 0).
	args = append(args, "--config", "profile.dev.debug=2")
	run(cargo, args,
		"CARGO_TARGET_DIR="+target,
		"RUSTC_BOOTSTRAP=1", // the oracle measures with offset_of_enum and core_intrinsics
		"CARGO_INCREMENTAL=0",
		"CARGO_PROFILE_DEV_SPLIT_DEBUGINFO=off",
		"CARGO_PROFILE_DEV_STRIP=none",
	)
	built := time.Now()
	bin := filepath.Join(target, "debug", "cellvet-oracle-"+fam.Crate())
	recs, err := schemagen.ParseGolden(run(bin, nil))
	if err != nil {
		t.Fatalf("reading the oracle's output: %v", err)
	}
	if len(recs) != n {
		t.Fatalf("the oracle printed %d schemas, want %d", len(recs), n)
	}
	b, err := Read(bin)
	if err != nil {
		t.Fatal(err)
	}

	var nTypes, nStructs, nEnums, nFields, nVariants, nTags, nDataTags, nDup int
	var predicted int
	for _, rec := range recs {
		module := fmt.Sprintf("generated::s%04d", rec.ID)
		names := make([]string, len(rec.Types))
		for i, rt := range rec.Types {
			names[i] = rt.Name
			k := 0
			for _, d := range b.defs["Archived"+rt.Name] {
				if inModule(d.scope, module) {
					k++
				}
			}
			if k > 1 {
				nDup++ // emitted by several codegen units: Layouts checks they agree
			}
		}
		measured, err := b.Layouts(names, module)
		if err != nil {
			t.Errorf("schema %d: %v", rec.ID, err)
			continue
		}
		want := recordLayouts(rec)
		for i, m := range measured {
			w, rt := want[i], rec.Types[i]
			// The oracle can only measure the tags of variants without
			// fields; take the others from DWARF and check them below.
			if w.Kind == "enum" && w.Tag == "" {
				// Nor the tag type of an enum with data: rkyv 0.8 always
				// uses u8; the engine cross-check below covers 0.7.
				w.Tag = m.Tag
				if !fam.Is07() && m.Tag != "u8" {
					t.Errorf("%s schema %d: %s: measured tag type %s, want u8", fam, rec.ID, m.Name, m.Tag)
				}
			}
			for j := range w.Variants {
				if rt.Variants[j].Tag == nil && j < len(m.Variants) {
					w.Variants[j].Tag = m.Variants[j].Tag
					nDataTags++
				} else {
					nTags++
				}
			}
			for _, d := range Compare([]*layout.Type{w}, []*layout.Type{m}) {
				t.Errorf("%s schema %d: %s", fam, rec.ID, d)
			}
			if err := sameOrder(w, m); err != nil {
				t.Errorf("%s schema %d: %s: %v", fam, rec.ID, w.Name, err)
			}
			if fam.Is07() {
				// rkyv 0.7 tags are the variant indices.
				for j, v := range m.Variants {
					if v.Tag != uint64(j) {
						t.Errorf("%s schema %d: %s::%s: measured tag %d, want the variant index %d", fam, rec.ID, m.Name, v.Name, v.Tag, j)
					}
				}
			}
			nTypes++
			if m.Kind == "enum" {
				nEnums++
			} else {
				nStructs++
			}
			nFields += len(m.Fields)
			for _, v := range m.Variants {
				nVariants++
				nFields += len(v.Fields)
			}
		}
		// UseSchemaTypes gives measured fields the schema's spelling.
		UseSchemaTypes(measured, want)
		for i, m := range measured {
			for j, f := range m.Fields {
				if f.Type != rec.Types[i].Fields[j].Type {
					t.Errorf("%s schema %d: %s.%s: UseSchemaTypes gave type %q, want %q", fam, rec.ID, m.Name, f.Name, f.Type, rec.Types[i].Fields[j].Type)
				}
			}
		}

		// The layout engine's predictions agree with the DWARF too.
		s, err := rustschema.Parse(fmt.Sprintf("s%04d.rs", rec.ID), []byte(rec.Source))
		if err != nil {
			t.Errorf("%s schema %d: %v", fam, rec.ID, err)
			continue
		}
		p := rustschema.Profile{Rkyv: rec.Profile.Rkyv, PointerWidth: rec.Profile.PointerWidth,
			Endian: rec.Profile.Endian, Unaligned: !rec.Profile.Aligned, Strict: rec.Profile.Strict}
		pl, err := layout.Compute(s, p)
		if err != nil {
			t.Errorf("%s schema %d: the layout engine: %v", fam, rec.ID, err)
			continue
		}
		predicted += len(pl.Types)
		for _, d := range Compare(pl.Types, measured) {
			t.Errorf("%s schema %d: the layout engine against DWARF: %s", fam, rec.ID, d)
		}
	}
	t.Logf("%s: %d schemas, %d types (%d structs, %d enums), %d variants, %d fields compared with the oracle; %d fieldless-variant tags compared, %d data-variant tags read; %d types defined in more than one compile unit; build %.1fs, read+compare %.1fs",
		fam, len(recs), nTypes, nStructs, nEnums, nVariants, nFields, nTags, nDataTags, nDup,
		built.Sub(start).Seconds(), time.Since(built).Seconds())
	t.Logf("%s: %d types the layout engine predicted, compared with DWARF", fam, predicted)
}

// recordLayouts converts the oracle's measurements to layout types.
func recordLayouts(rec schemagen.Record) []*layout.Type {
	conv := func(fs []schemagen.RecordField) []layout.Field {
		out := []layout.Field{}
		for _, f := range fs {
			out = append(out, layout.Field{Name: f.Name, Type: f.Type, Offset: uint64(f.Offset), Size: uint64(f.Size), Align: uint64(f.Align)})
		}
		return out
	}
	var out []*layout.Type
	for _, rt := range rec.Types {
		t := &layout.Type{Name: rt.Name, Kind: rt.Kind, Size: uint64(rt.Size), Align: uint64(rt.Align)}
		if rt.Kind == "struct" {
			t.Fields = conv(rt.Fields)
		}
		for _, v := range rt.Variants {
			lv := layout.Variant{Name: v.Name, Fields: conv(v.Fields)}
			if v.Tag != nil {
				lv.Tag = *v.Tag
			}
			t.Variants = append(t.Variants, lv)
		}
		if rt.Kind == "enum" && len(rt.Variants) > 0 && allFieldless(rt.Variants) {
			// The tag width of a fieldless enum is its size.
			t.Tag = fmt.Sprintf("u%d", 8*rt.Size)
		}
		out = append(out, t)
	}
	return out
}

func allFieldless(vs []schemagen.RecordVariant) bool {
	for _, v := range vs {
		if len(v.Fields) > 0 {
			return false
		}
	}
	return true
}

// sameOrder checks that fields and variants come in declaration order.
func sameOrder(want, got *layout.Type) error {
	names := func(fs []layout.Field) string {
		var s []string
		for _, f := range fs {
			s = append(s, f.Name)
		}
		return strings.Join(s, ",")
	}
	if a, b := names(want.Fields), names(got.Fields); a != b {
		return fmt.Errorf("fields %s, measured %s", a, b)
	}
	if len(want.Variants) != len(got.Variants) {
		return fmt.Errorf("%d variants, measured %d", len(want.Variants), len(got.Variants))
	}
	for i := range want.Variants {
		w, g := want.Variants[i], got.Variants[i]
		if w.Name != g.Name {
			return fmt.Errorf("variant %d is %s, measured %s", i, w.Name, g.Name)
		}
		if a, b := names(w.Fields), names(g.Fields); a != b {
			return fmt.Errorf("%s: fields %s, measured %s", w.Name, a, b)
		}
	}
	return nil
}

// keepArchivedTypes adds to each schema module of the oracle's
// generated.rs a #[used] static whose type names every archived type of
// the schema, so that rustc emits their full type info.
func keepArchivedTypes(path string, schemas []*schemagen.Schema) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(src)
	for id, s := range schemas {
		anchor := fmt.Sprintf("include!(\"generated/s%04d.rs\");\n", id)
		i := strings.Index(text, anchor)
		if i < 0 {
			return fmt.Errorf("%s: no %q: the format of oraclegen's output changed", path, strings.TrimSpace(anchor))
		}
		var params []string
		for _, t := range s.Types {
			params = append(params, "*const Archived"+t.Name)
		}
		p := strings.Join(params, ", ")
		keep := fmt.Sprintf("    #[used]\n    static CELLVET_DWARF_KEEP: fn(%s) = cellvet_dwarf_keep;\n    fn cellvet_dwarf_keep(_: %s) {}\n",
			p, strings.Join(params, ", _: "))
		i += len(anchor)
		text = text[:i] + keep + text[i:]
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// copyTree copies the files of an oracle directory, leaving out build
// output and generated sources.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		switch d.Name() {
		case "target", "generated", "generated.rs":
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}
