package schemagen

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const goldenSeed = 1 // testdata/oracle/run.sh SEED
const goldenN = 500  // testdata/oracle/run.sh N_GOLDEN

func TestGenerateDeterministic(t *testing.T) {
	for _, fam := range AllFamilies() {
		for _, seed := range []int64{0, 1, 42, -7, SchemaSeed(1, 499)} {
			a := Generate(seed, fam)
			b := Generate(seed, fam)
			if a != b {
				t.Fatalf("%s seed %d: two runs differ", fam, seed)
			}
			if a == Generate(seed+1, fam) {
				t.Errorf("%s: seeds %d and %d give the same schema", fam, seed, seed+1)
			}
		}
	}
	if Generate(5, V08) == Generate(5, V08PW64) {
		t.Errorf("families with the same seed give the same schema")
	}
}

// A schema generated today must equal the golden text byte for byte; this
// pins the generator (and the PRNG) to the committed golden files.
func TestGoldenFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, fam := range RequiredFamilies {
		recs, err := ReadGolden(GoldenPath(root, fam))
		if err != nil {
			t.Fatalf("%s: %v", fam, err)
		}
		if len(recs) != goldenN {
			t.Fatalf("%s: %d records, want %d", fam, len(recs), goldenN)
		}
		for i, r := range recs {
			if r.Family != fam || r.ID != i || r.Seed != SchemaSeed(goldenSeed, i) {
				t.Fatalf("%s line %d: family %s id %d seed %d", fam, i+1, r.Family, r.ID, r.Seed)
			}
			if r.Profile.Rkyv != fam.Rkyv() || r.Profile.Strict != fam.Strict() {
				t.Fatalf("%s id %d: profile %+v", fam, i, r.Profile)
			}
			s := GenerateSchema(r.Seed, fam)
			if s.Source != r.Source {
				t.Fatalf("%s id %d: the generator no longer produces the golden source; run: bash testdata/oracle/run.sh regen", fam, i)
			}
			if len(s.Types) != len(r.Types) {
				t.Fatalf("%s id %d: %d types, golden has %d", fam, i, len(s.Types), len(r.Types))
			}
			for k, ty := range s.Types {
				rt := r.Types[k]
				if ty.Name != rt.Name || ty.Kind != rt.Kind || len(ty.Fields) != len(rt.Fields) || len(ty.Variants) != len(rt.Variants) {
					t.Fatalf("%s id %d: type %d is %s %s, golden %s %s", fam, i, k, ty.Kind, ty.Name, rt.Kind, rt.Name)
				}
				for f := range ty.Fields {
					if ty.Fields[f] != (Field{rt.Fields[f].Name, rt.Fields[f].Type}) {
						t.Fatalf("%s id %d: %s field %d differs", fam, i, ty.Name, f)
					}
				}
			}
		}
		if d := Compare(recs, recs, 5); d != "" {
			t.Fatalf("Compare of a file with itself: %s", d)
		}
	}
	want := map[Family]RecordProfile{
		V08:          {Rkyv: "0.8", PointerWidth: 32, Endian: "little", Aligned: true},
		V08PW64:      {Rkyv: "0.8", PointerWidth: 64, Endian: "little", Aligned: true},
		V08Unaligned: {Rkyv: "0.8", PointerWidth: 32, Endian: "little", Aligned: false},
		V07:          {Rkyv: "0.7", PointerWidth: 32, Endian: "little", Aligned: true},
		V07Strict:    {Rkyv: "0.7", PointerWidth: 32, Endian: "little", Aligned: true, Strict: true},
	}
	for fam, p := range want {
		recs, err := ReadGolden(GoldenPath(root, fam))
		if err != nil {
			t.Fatal(err)
		}
		if recs[0].Profile != p {
			t.Errorf("%s: measured profile %+v, want %+v", fam, recs[0].Profile, p)
		}
	}
}

func TestCompareReportsDifferences(t *testing.T) {
	tag := uint64(3)
	a := []Record{{Family: V08, ID: 0, Source: "x", Types: []RecordType{{Name: "A", Kind: "enum", Size: 2, Align: 1,
		Variants: []RecordVariant{{Name: "V", Shape: "unit", Tag: &tag}}}}}}
	b := []Record{{Family: V08, ID: 0, Source: "x", Types: []RecordType{{Name: "A", Kind: "enum", Size: 2, Align: 1,
		Variants: []RecordVariant{{Name: "V", Shape: "unit"}}}}}}
	if d := Compare(a, b, 5); !strings.Contains(d, "A::V: tag: want 3, got none") {
		t.Fatalf("Compare = %q", d)
	}
}

// The generator must exercise every construct the oracle is meant to cover.
func TestGeneratorCoverage(t *testing.T) {
	common := []string{
		`\bu8\b`, `\bu16\b`, `\bu32\b`, `\bu64\b`, `\bu128\b`, `\busize\b`,
		`\bi8\b`, `\bi16\b`, `\bi32\b`, `\bi64\b`, `\bi128\b`, `\bisize\b`,
		`\bf32\b`, `\bf64\b`, `\bbool\b`, `\bchar\b`, `<\(\)>|: \(\),|\(\)\]`,
		`\[[^;\]]+; [0-4]\]`, `\[[^;\]]+; [A-Z]+\]`, `const [A-Z]+: usize = \d;`,
		`\bString\b`, `std::string::String`, `alloc::vec::Vec<`, `\bVec<`,
		`Box<str>`, `Box<\[`, `\bBox<[A-Z]`, `Option<`, `Result<`,
		`HashMap<`, `HashSet<`, `BTreeMap<`, `BTreeSet<`, `PhantomData<`,
		`NonZeroU8\b`, `NonZeroU128\b`, `NonZeroI16\b`, `NonZeroI64\b`, `NonZeroUsize\b`, `Duration\b`,
		`(?m)^\s*(pub )?struct \w+;`, `(?m)^\s*(pub(\(crate\))? )?struct \w+\(`, `(?m)^\s*(pub(\(crate\))? )?struct \w+ \{`,
		`(?m)^    \w+\(`, `(?m)^    \w+ \{`, `(?m)^    \w+ = (0x)?[0-9A-F]+,`,
		`#\[repr\(C\)\]`, `#\[repr\(u8\)\]`,
	}
	perFamily := map[Family][]string{
		V08:       {`#\[rkyv\(omit_bounds\)\]`, `#\[rkyv\(attr\(repr\(C\)\)\)\]`, `\(\w+, \w+\)`, `\}\s*= \d+,|\) = \d+,`},
		V07:       {`#\[omit_bounds\]`, `#\[archive_attr\(repr\(C\)\)\]`, `#\[archive_attr\(repr\(u16\)\)\]`, `V299,|V256,`, `\(\w+, \w+\)`, `= -\d+,`},
		V07Strict: {`#\[omit_bounds\]`, `#\[archive_attr\(repr\(C\)\)\]`},
	}
	for _, fam := range RequiredFamilies {
		var all strings.Builder
		for i := 0; i < goldenN; i++ {
			all.WriteString(Generate(SchemaSeed(goldenSeed, i), fam))
		}
		text := all.String()
		for _, pat := range append(common, perFamily[fam]...) {
			if !regexp.MustCompile(pat).MatchString(text) {
				t.Errorf("%s: no schema matches %s", fam, pat)
			}
		}
		tuples := 0
		for i := 0; i < goldenN; i++ {
			for _, ty := range GenerateSchema(SchemaSeed(goldenSeed, i), fam).Types {
				fs := append([]Field(nil), ty.Fields...)
				for _, v := range ty.Variants {
					fs = append(fs, v.Fields...)
				}
				for _, f := range fs {
					if hasTuple(f.Type) {
						tuples++
					}
				}
			}
		}
		if fam.Tuples() != (tuples > 0) {
			t.Errorf("%s: %d fields with tuple types (tuples allowed: %v)", fam, tuples, fam.Tuples())
		}
		if fam.Is07() == strings.Contains(text, "#[rkyv(") {
			t.Errorf("%s: wrong attribute syntax for rkyv %s", fam, fam.Rkyv())
		}
	}
}

// hasTuple reports a tuple type in a generated type expression: a '(' that
// starts a type and is not the unit type.
func hasTuple(typ string) bool {
	for i := 0; i+1 < len(typ); i++ {
		if typ[i] == '(' && typ[i+1] != ')' && (i == 0 || strings.ContainsRune("<[ (", rune(typ[i-1]))) {
			return true
		}
	}
	return false
}
