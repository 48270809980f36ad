package rustschema

import (
	"bytes"
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/internal/blake3"
)

// cyclicSchema writes a schema with long reference chains and cycles of
// several sizes, so that components of more than one type are common.
func cyclicSchema(n int) string {
	r := rand.New(rand.NewSource(int64(n)))
	var b strings.Builder
	b.WriteString("#![schema_version = 3]\nuse std::collections::HashMap;\nconst N: usize = 3;\n")
	prims := []string{"u8", "u16", "u32", "u64", "i32", "f64", "bool", "char", "String"}
	field := func() string {
		p := prims[r.Intn(len(prims))]
		t := fmt.Sprintf("T%d", r.Intn(n))
		switch r.Intn(9) {
		case 0, 1:
			return p
		case 2:
			return fmt.Sprintf("Vec<%s>", t)
		case 3:
			return fmt.Sprintf("Option<Box<%s>>", t)
		case 4:
			return fmt.Sprintf("[%s; N]", p)
		case 5:
			return fmt.Sprintf("HashMap<String, (%s, %s)>", t, p)
		case 6:
			return fmt.Sprintf("Box<[%s]>", t)
		case 7:
			return fmt.Sprintf("Vec<(%s,)>", t)
		}
		return fmt.Sprintf("Option<%s>", p)
	}
	for i := 0; i < n; i++ {
		b.WriteString("#[derive(Archive)]\n")
		switch i % 5 {
		case 3:
			fmt.Fprintf(&b, "#[repr(u16)]\n#[rkyv(attr(repr(C, align(8))))]\npub enum T%d { A, B(%s) = 7, C { x: %s, y: %s } }\n", i, field(), field(), field())
		case 4:
			fmt.Fprintf(&b, "#[repr(C, packed)]\npub struct T%d(%s, %s);\n", i, field(), field())
		default:
			fmt.Fprintf(&b, "pub struct T%d { a: %s, b: %s, c: %s }\n", i, field(), field(), field())
		}
	}
	return b.String()
}

// TestCanonCyclic checks the rules of docs/fingerprint.md §4 and §5 that
// components of more than one type exercise, on schemas with long
// reference chains and cycles: each type text holds its component's
// definitions and the digests of what the component references outside
// it; the canonical text reads back to the same sums; renaming every type
// keeps every layout digest.
func TestCanonCyclic(t *testing.T) {
	for _, n := range []int{1, 2, 5, 30, 300} {
		name := fmt.Sprintf("cyclic%d.rs", n)
		src := cyclicSchema(n)
		s, err := Parse(name, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sum := Canon(s, DefaultProfile())
		shared := checkTypeTexts(t, name, s, sum)
		if n >= 30 && shared == 0 {
			t.Errorf("%s: no component of more than one type", name)
		}

		s2, p2, err := ParseCanonical(name, sum.Text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !sameSums(sum, Canon(s2, p2)) {
			t.Errorf("%s: the canonical text reads back to other sums", name)
		}

		// Rename every type Ti to U(perm[i]): the order of the types,
		// and so of the components and their members, changes.
		perm := rand.New(rand.NewSource(int64(n))).Perm(n)
		renamed := regexp.MustCompile(`\bT(\d+)\b`).ReplaceAllStringFunc(src, func(m string) string {
			i, _ := strconv.Atoi(m[1:])
			return fmt.Sprintf("U%d", perm[i])
		})
		r, err := Parse(name, []byte(renamed))
		if err != nil {
			t.Fatalf("%s renamed: %v", name, err)
		}
		rsum := Canon(r, DefaultProfile())
		if rsum.Layout != sum.Layout || rsum.Digest == sum.Digest {
			t.Errorf("%s: renaming kept the digest or changed the layout digest", name)
		}
		for _, ts := range sum.Types {
			i, _ := strconv.Atoi(ts.Name[1:])
			if rs := typeSum(rsum, fmt.Sprintf("U%d", perm[i])); rs.Layout != ts.Layout {
				t.Errorf("%s: %s renamed U%d: layout digest changed", name, ts.Name, perm[i])
			}
		}
	}
}

// checkTypeTexts checks every type text of sum (§4): the header, the root
// line, the definitions of the root's component by name as in the schema
// text, and one ref line, with its digest, per type outside it that the
// component references, sorted by name. It returns the number of texts
// with more than one definition.
func checkTypeTexts(t *testing.T, name string, s *Schema, sum *Sum) (shared int) {
	t.Helper()
	lines := strings.SplitAfterN(string(sum.Text), "\n", 4)
	header := lines[0] + lines[1] + lines[2] // cfp, schema_version, profile
	defs := map[string]string{}
	digests := map[string]string{}
	for i, d := range s.Types {
		defs[d.Name] = string(defText(d))
		digests[d.Name] = sum.Types[i].Digest.String()
	}
	for i, ts := range sum.Types {
		text := string(ts.Text)
		rest, ok := strings.CutPrefix(text, header+"root "+ts.Name+"\n")
		if !ok || ts.Name != s.Types[i].Name || ts.Digest != blake3.Sum256(ts.Text) {
			t.Fatalf("%s: type %s: bad header, root line or digest:\n%s", name, ts.Name, text)
		}
		body, refs, _ := strings.Cut(rest, "ref ")
		members := map[string]bool{}
		var b strings.Builder
		prev := ""
		for line := range strings.Lines(body) {
			if f := strings.Fields(line); f[0] == "struct" || f[0] == "enum" {
				if f[1] <= prev {
					t.Fatalf("%s: type %s: definition of %s after %s", name, ts.Name, f[1], prev)
				}
				prev = f[1]
				members[f[1]] = true
				b.WriteString(defs[f[1]])
			}
		}
		if !members[ts.Name] || b.String() != body {
			t.Fatalf("%s: type %s: its text does not define its component as the schema text does:\n%s", name, ts.Name, text)
		}
		if len(members) > 1 {
			shared++
		}
		want := map[string]bool{}
		for d := range members {
			eachLocal(s.Lookup(d), func(r *TypeDef) {
				if !members[r.Name] {
					want[r.Name] = true
				}
			})
		}
		if refs != "" {
			refs = "ref " + refs
		}
		prev = ""
		for line := range strings.Lines(refs) {
			f := strings.Fields(line)
			if len(f) != 3 || f[0] != "ref" || f[1] <= prev || !want[f[1]] || f[2] != digests[f[1]] {
				t.Fatalf("%s: type %s: bad ref line %q", name, ts.Name, line)
			}
			delete(want, f[1])
			prev = f[1]
		}
		if len(want) > 0 {
			t.Fatalf("%s: type %s: no ref line for %v", name, ts.Name, want)
		}
	}
	return shared
}

// defText returns d's definition as the schema text writes it.
func defText(d *TypeDef) []byte {
	var b bytes.Buffer
	writeDef(&b, d, nil, true)
	return b.Bytes()
}

func typeSum(sum *Sum, name string) TypeSum {
	for _, ts := range sum.Types {
		if ts.Name == name {
			return ts
		}
	}
	return TypeSum{}
}

func sameSums(a, b *Sum) bool {
	if !bytes.Equal(a.Text, b.Text) || a.Digest != b.Digest || a.Layout != b.Layout || len(a.Types) != len(b.Types) {
		return false
	}
	for i := range a.Types {
		x, y := a.Types[i], b.Types[i]
		if x.Name != y.Name || !bytes.Equal(x.Text, y.Text) || x.Digest != y.Digest || x.Layout != y.Layout {
			return false
		}
	}
	return true
}

// TestCanonRefusesUnresolved checks that Canon refuses, loudly, schemas
// no parser returns rather than hashing a text that does not define every
// type it names.
func TestCanonRefusesUnresolved(t *testing.T) {
	local := func(d *TypeDef) *Type { return &Type{Kind: Local, Name: d.Name, Def: d} }
	field := func(t *Type) []*Field { return []*Field{{Name: "x", Type: t}} }
	foreign := &TypeDef{Name: "X"}
	a := &TypeDef{Name: "A"}
	for name, s := range map[string]*Schema{
		"reference outside s.Types": {Types: []*TypeDef{{Name: "A", Fields: field(local(foreign))}}},
		"unlinked reference":        {Types: []*TypeDef{{Name: "A", Fields: field(&Type{Kind: Local, Name: "A"})}}},
		"nil type":                  {Types: []*TypeDef{a, nil}},
		"repeated type":             {Types: []*TypeDef{a, a}},
		"nil field type":            {Types: []*TypeDef{{Name: "A", Fields: field(nil)}}},
		"array without element":     {Types: []*TypeDef{{Name: "A", Fields: field(&Type{Kind: Array, Len: 2})}}},
		"primitive with arguments":  {Types: []*TypeDef{{Name: "A", Fields: field(&Type{Kind: Prim, Name: "u8", Args: []*Type{local(foreign)}})}}},
		"variant reference outside": {Types: []*TypeDef{{Name: "A", Kind: Enum, Variants: []*Variant{{Name: "V", Fields: field(local(foreign))}}}}},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "rustschema.Canon: the schema is not resolved") {
					t.Errorf("%s: recover() = %v, want a panic saying the schema is not resolved", name, r)
				}
			}()
			Canon(s, DefaultProfile())
		}()
	}
	// The same shapes, resolved, are written.
	ok := &Schema{Types: []*TypeDef{a, {Name: "B", Fields: field(&Type{Kind: Array, Len: 2, Args: []*Type{local(a)}})}}}
	if got := string(Canon(ok, DefaultProfile()).Text); !strings.Contains(got, "field x [A;2]\n") {
		t.Errorf("resolved schema written as\n%s", got)
	}
}
