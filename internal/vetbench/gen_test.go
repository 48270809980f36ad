package main

import (
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// small is a module with every kind of generated type (two cells of two
// groups of six types: structs, a fieldless enum, an enum with fields) and
// a package that imports another.
func small(t *testing.T) config {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return config{seed: 1, cells: 2, types: 12, packages: 3, repo: repo}
}

func TestDeterministic(t *testing.T) {
	cfg := small(t)
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		m, err := generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.write(dir); err != nil {
			t.Fatal(err)
		}
	}
	if fa, fb := readTree(t, a), readTree(t, b); !reflect.DeepEqual(fa, fb) {
		t.Fatal("two runs with the same seed wrote different modules")
	}
	cfg.seed++
	m, err := generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m.schemas[0] == readTree(t, a)["schemas/c0.rs"] {
		t.Error("seeds 1 and 2 give the same schema")
	}
}

// TestFullSize checks the benchmark's module as generated: every cell's
// types, about ten bound Go types and ten call sites per package, one or
// two cells per package.
func TestFullSize(t *testing.T) {
	cfg := small(t)
	cfg.cells, cfg.types, cfg.packages = 10, 100, 100
	m, err := generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.write(dir); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	for c := range cfg.cells {
		if n := strings.Count(files["schemas/"+cellName(c)+".rs"], "#[derive(Archive)]"); n != cfg.types {
			t.Errorf("cell %d: %d types", c, n)
		}
	}
	cellLit := regexp.MustCompile(`cell\.Call\[[^]]*\]\(ctx, "(c\d+)"`)
	for _, p := range m.packages {
		types, calls := files[p.name()+"/types.go"], files[p.name()+"/calls.go"]
		if n := strings.Count(types, "//cell:type "); n < 9 || n > 15 {
			t.Errorf("%s: %d bound types", p.name(), n)
		}
		if n := strings.Count(calls, "cell.Call["); n != 10 {
			t.Errorf("%s: %d call sites", p.name(), n)
		}
		cells := map[string]bool{}
		for _, sub := range cellLit.FindAllStringSubmatch(calls, -1) {
			cells[sub[1]] = true
		}
		want := 1
		if p.imports != nil {
			want = 2
		}
		if len(cells) != want {
			t.Errorf("%s: talks to cells %v, want %d", p.name(), cells, want)
		}
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestVetClean pins a generated module with cellvet add and runs the
// analyzer on it: no diagnostic, and a binding fact for every Go type the
// generator bound, so that the benchmark measures code the pass checks
// and accepts. Then, in every package, one field of a struct gets a Go
// type of the wrong kind and one call is sent to the other cell: each
// package must report exactly those.
func TestVetClean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cellvet and loads a module")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	t.Setenv("CELLVET_CACHE", t.TempDir())
	cfg := small(t)
	m, err := generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	roles, imports := map[role]int{}, 0
	for _, p := range m.packages {
		for _, ty := range p.group.types {
			roles[ty.role]++
		}
		if p.imports != nil {
			imports++
		}
	}
	if roles[structRole] == 0 || roles[unitEnumRole] == 0 || roles[dataEnumRole] == 0 || imports == 0 {
		t.Fatalf("the small module lacks a kind of type or an import: %v, %d imports", roles, imports)
	}
	dir := t.TempDir()
	if err := m.write(dir); err != nil {
		t.Fatal(err)
	}
	cellvet := filepath.Join(t.TempDir(), "cellvet")
	run(t, cfg.repo, goCmd, "build", "-o", cellvet, "./cmd/cellvet")
	for c := range cfg.cells {
		run(t, dir, cellvet, "add", cellName(c), "--schema", filepath.Join("schemas", cellName(c)+".rs"))
	}

	for _, r := range vet(t, dir) {
		if len(r.diags) > 0 {
			t.Errorf("%s: %d diagnostics on generated code, first: %s", r.pkg, len(r.diags), r.diags[0])
		}
		if want := strings.Count(readTree(t, filepath.Join(dir, filepath.Base(r.pkg)))["types.go"], "//cell:type "); r.bound != want {
			t.Errorf("%s: %d Go types bound, the generator bound %d", r.pkg, r.bound, want)
		}
	}

	// Break every package: a field kind and a call's cell.
	wrongKind := map[string]string{"uint8": "int8", "int8": "uint8", "uint16": "int16", "int16": "uint16",
		"uint32": "int32", "int32": "uint32", "uint64": "int64", "int64": "uint64", "float32": "uint32", "float64": "uint64"}
	broken := map[string]string{} // package path → "Type.Field: " of the broken field
	for _, p := range m.packages {
		ty, f := unnestedField(p, wrongKind)
		if f == nil {
			t.Fatalf("%s: no struct field to break", p.name())
		}
		f.goType = wrongKind[f.goType]
		broken[modulePath+"/"+p.name()] = ty.name + "." + goName(f.name) + ": "
	}
	if err := m.write(dir); err != nil {
		t.Fatal(err)
	}
	for i, p := range m.packages {
		path := filepath.Join(dir, p.name(), "calls.go")
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		from := fmt.Sprintf("(ctx, %q, &req)", p.cell())
		to := fmt.Sprintf("(ctx, %q, &req)", cellName((p.group.cell+1)%cfg.cells))
		if !strings.Contains(string(src), from) {
			t.Fatalf("package %d: no call %s", i, from)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(src), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range vet(t, dir) {
		var field, call int
		for _, d := range r.diags {
			switch {
			case strings.HasPrefix(d, "types.go:") && strings.Contains(d, broken[r.pkg]) && strings.Contains(d, "does not match"):
				field++
			case strings.HasPrefix(d, "calls.go:") && strings.Contains(d, "but sent to cell"):
				call++
			default:
				t.Errorf("%s: unexpected diagnostic %s", r.pkg, d)
			}
		}
		if field != 1 || call != 2 {
			t.Errorf("%s: %d diagnostics for the broken field %s(want 1), %d for the call sent to the wrong cell (want 2: request and response): %q", r.pkg, field, broken[r.pkg], call, r.diags)
		}
	}
}

// unnestedField returns a struct of p's group that no other type holds,
// and a field of it whose Go type wrong has a wrong kind for.
func unnestedField(p *pkg, wrong map[string]string) (*rustType, *field) {
	held := map[string]bool{}
	for _, ty := range p.group.types {
		for _, f := range ty.fields {
			held[strings.TrimLeft(f.goType, "[0123456789]")] = true
		}
		for _, v := range ty.variants {
			for _, f := range v.fields {
				held[strings.TrimLeft(f.goType, "[0123456789]")] = true
			}
		}
	}
	for _, ty := range p.group.types {
		if ty.role != structRole || held[ty.name] {
			continue
		}
		for i := range ty.fields {
			if wrong[ty.fields[i].goType] != "" {
				return ty, &ty.fields[i]
			}
		}
	}
	return nil, nil
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// vetResult is what the analyzer found in one package of the module.
type vetResult struct {
	pkg   string
	diags []string // "file.go:line:col: message"
	bound int      // facts the analyzer exported for the package's objects
}

// vet loads every package of the module in dir and runs the analyzer on
// them as a driver does.
func vet(t *testing.T, dir string) []vetResult {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the generated module does not load")
	}
	a := analyzer.New(analyzer.Config{})
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rs []vetResult
	for act := range g.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if !act.IsRoot || act.Analyzer != a {
			continue
		}
		r := vetResult{pkg: act.Package.PkgPath}
		for _, d := range act.Diagnostics {
			r.diags = append(r.diags, fmt.Sprintf("%s: %s", short(act.Package.Fset.Position(d.Pos)), d.Message))
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				r.bound++
			}
		}
		rs = append(rs, r)
	}
	if len(rs) != len(pkgs) {
		t.Fatalf("the analyzer ran on %d of %d packages", len(rs), len(pkgs))
	}
	return rs
}

func short(p token.Position) string {
	return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
}
