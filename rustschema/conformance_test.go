package rustschema

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite expected conformance files")

// TestConformance checks the CFP/1 vectors of testdata/cfp1: each input's
// canonical text and digests, and each file's declared relation to base.rs
// ("same" or "differs", and optionally the layout digest's "layout=same" or
// "layout=differs"), so that every invariance and every change rule of
// docs/fingerprint.md is exercised.
func TestConformance(t *testing.T) {
	dir := filepath.Join("testdata", "cfp1")
	files, err := filepath.Glob(filepath.Join(dir, "*.rs"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors in %s: %v", dir, err)
	}
	sums := map[string]*Sum{}
	var vectors strings.Builder
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".rs")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(f, src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		p := DefaultProfile()
		if s.Profile != nil {
			p = *s.Profile
		}
		sum := Canon(s, p)
		sums[name] = sum
		fmt.Fprintf(&vectors, "%s %s %s %s\n", name, sum.Digest, sum.Fingerprint(), sum.Layout)
		for _, ts := range sum.Types {
			fmt.Fprintf(&vectors, "%s/%s %s %s %s\n", name, ts.Name, ts.Digest, ts.Digest.Fingerprint(), ts.Layout)
		}
		if name == "base" {
			// The type texts of one schema, for implementers to diff.
			for _, ts := range sum.Types {
				checkGolden(t, filepath.Join(dir, "types", "base."+ts.Name+".text"), ts.Text)
			}
		}
		canonFile := filepath.Join(dir, name+".canon")
		if *update {
			if err := os.WriteFile(canonFile, sum.Text, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(canonFile)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create)", name, err)
			continue
		}
		if !bytes.Equal(want, sum.Text) {
			t.Errorf("%s: canonical text differs\n--- want\n%s--- got\n%s", name, want, sum.Text)
		}
	}
	vecFile := filepath.Join(dir, "vectors.txt")
	if *update {
		if err := os.WriteFile(vecFile, []byte(vectors.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(vecFile); err != nil {
		t.Errorf("%v (run with -update to create)", err)
	} else if string(want) != vectors.String() {
		t.Errorf("vectors.txt differs\n--- want\n%s--- got\n%s", want, vectors.String())
	}

	base := sums["base"]
	if base == nil {
		t.Fatal("base.rs did not parse")
	}
	rules := map[string]int{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".rs")
		sum := sums[name]
		if name == "base" || sum == nil {
			continue
		}
		rel, layoutRel, err := relation(f)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rules[rel]++
		same := sum.Digest == base.Digest
		if (rel == "same") != same {
			t.Errorf("%s: fingerprint %s, base %s: want %s", name, sum.Fingerprint(), base.Fingerprint(), rel)
		}
		layoutSame := sum.Layout == base.Layout
		if rel == "same" && !layoutSame {
			t.Errorf("%s: same schema but layout digest differs", name)
		}
		switch layoutRel {
		case "same", "differs":
			if (layoutRel == "same") != layoutSame {
				t.Errorf("%s: layout digest %s, base %s: want layout=%s", name, sum.Layout, base.Layout, layoutRel)
			}
		case "":
			if rel == "differs" {
				t.Errorf("%s: a differs vector must say layout=same or layout=differs", name)
			}
		}
	}
	if rules["same"] == 0 || rules["differs"] == 0 {
		t.Errorf("want both same and differs vectors, have %v", rules)
	}

	// Fingerprints of all distinct schemas must be distinct.
	byFP := map[Fingerprint][]string{}
	for name, s := range sums {
		byFP[s.Fingerprint()] = append(byFP[s.Fingerprint()], name)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".rs")
		if rel, _, _ := relation(f); rel == "differs" && sums[name] != nil {
			if names := byFP[sums[name].Fingerprint()]; len(names) > 1 {
				sort.Strings(names)
				t.Errorf("%s shares its fingerprint with %v", name, names)
			}
		}
	}
}

// checkGolden compares got with the file, or writes it under -update.
func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Errorf("%v (run with -update to create)", err)
		return
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs\n--- want\n%s--- got\n%s", file, want, got)
	}
}

// relation reads "// same: base" or "// differs: base layout=same" from a
// vector's first line.
func relation(file string) (rel, layout string, err error) {
	f, err := os.Open(file)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	line := strings.TrimPrefix(sc.Text(), "\ufeff")
	fields := strings.Fields(strings.TrimPrefix(line, "//"))
	if len(fields) < 2 || fields[1] != "base" {
		return "", "", fmt.Errorf("first line %q: want // same: base or // differs: base layout=...", line)
	}
	rel = strings.TrimSuffix(fields[0], ":")
	if rel != "same" && rel != "differs" {
		return "", "", fmt.Errorf("first line %q: relation %q is not same or differs", line, rel)
	}
	for _, kv := range fields[2:] {
		if v, ok := strings.CutPrefix(kv, "layout="); ok {
			layout = v
		}
	}
	return rel, layout, nil
}

// TestTypeSums checks the per-type digest rules: a type's digest ignores
// types outside its closure, and its layout digest ignores names.
func TestTypeSums(t *testing.T) {
	parse := func(src string) *Sum {
		t.Helper()
		s, err := Parse("x.rs", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return Canon(s, DefaultProfile())
	}
	byName := func(s *Sum, name string) TypeSum {
		for _, ts := range s.Types {
			if ts.Name == name {
				return ts
			}
		}
		t.Fatalf("no type %s", name)
		return TypeSum{}
	}
	a := parse("#[derive(Archive)] struct A { x: u32, b: B }\n#[derive(Archive)] struct B { y: u8 }\n#[derive(Archive)] struct C { z: u16 }\n")
	// C changes: A and B keep their digests.
	b := parse("#[derive(Archive)] struct A { x: u32, b: B }\n#[derive(Archive)] struct B { y: u8 }\n#[derive(Archive)] struct C { z: u64 }\n")
	for _, n := range []string{"A", "B"} {
		if byName(a, n).Digest != byName(b, n).Digest {
			t.Errorf("%s: digest changed when an unrelated type changed", n)
		}
	}
	if byName(a, "C").Digest == byName(b, "C").Digest {
		t.Error("C: digest did not change when C changed")
	}
	// B changes: A (which contains B) changes too.
	c := parse("#[derive(Archive)] struct A { x: u32, b: B }\n#[derive(Archive)] struct B { y: i8 }\n#[derive(Archive)] struct C { z: u16 }\n")
	if byName(a, "A").Digest == byName(c, "A").Digest {
		t.Error("A: digest did not change when B, in its closure, changed")
	}
	// Renaming B and its field keeps A's layout digest but not its digest.
	d := parse("#[derive(Archive)] struct A { x: u32, b: Zed }\n#[derive(Archive)] struct Zed { why: u8 }\n#[derive(Archive)] struct C { z: u16 }\n")
	if byName(a, "A").Layout != byName(d, "A").Layout {
		t.Error("A: layout digest changed on a rename")
	}
	if byName(a, "A").Digest == byName(d, "A").Digest {
		t.Error("A: digest did not change on a rename")
	}
	if a.Layout != d.Layout {
		t.Error("schema layout digest changed on a rename")
	}
	// The root line keeps mutually recursive types apart.
	e := parse("#[derive(Archive)] struct A { b: Vec<B> }\n#[derive(Archive)] struct B { a: Vec<A> }\n")
	if byName(e, "A").Digest == byName(e, "B").Digest {
		t.Error("A and B have one closure but must not share a digest")
	}
}
