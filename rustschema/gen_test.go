package rustschema

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// TestParseGenerated parses generated schemas that use aliases, constants,
// imports, paths, discriminants and Self. The valid ones resolve, keep the
// model's invariants and survive the trip through their canonical text;
// into the others errors are injected, and each is rejected with
// well-formed errors.
func TestParseGenerated(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	for seed := range seeds {
		rng := rand.New(rand.NewSource(int64(seed)))
		n := 2 + rng.Intn(40)
		if seed%50 == 0 {
			n = 500 + rng.Intn(500)
		}
		name := fmt.Sprintf("seed%d.rs", seed)
		g := &schemaGen{rng: rng, n: n}
		src := g.gen(0)
		s, err := Parse(name, []byte(src))
		if err != nil {
			t.Fatalf("%s: generated schema is invalid:\n%v\n%s", name, err, src)
		}
		checkInvariants(t, s, name)
		sum := Canon(s, DefaultProfile())
		s2, p2, err := ParseCanonical(name, sum.Text)
		if err != nil {
			t.Fatalf("%s: canonical text does not read back: %v", name, err)
		}
		if again := Canon(s2, p2); !bytes.Equal(again.Text, sum.Text) || again.Layout != sum.Layout {
			t.Fatalf("%s: the canonical text denotes another schema", name)
		}
		for k := 1; k <= 3; k++ {
			g := &schemaGen{rng: rng, n: n}
			bad := fmt.Sprintf("seed%d-bad%d.rs", seed, k)
			src := g.gen(k)
			s, err := Parse(bad, []byte(src))
			if err == nil {
				t.Fatalf("%s: %d injected errors, none reported (%d types)\n%s", bad, k, len(s.Types), src)
			}
			checkErrorText(t, bad, err.(ErrorList))
		}
	}
}

// schemaGen writes random schemas that resolve without error, into which
// errors can be injected.
type schemaGen struct {
	rng *rand.Rand
	n   int // Archive types
	b   strings.Builder

	aliases []string // alias names, in an order without cycles
	usizes  []string // usize constants
	errs    []string // field types that are errors, injected
}

func (g *schemaGen) pick(list ...string) string { return list[g.rng.Intn(len(list))] }

// typ returns a type expression for a field of type i (-1: an alias) that
// has no infinite size: types by value are earlier ones.
func (g *schemaGen) typ(i, depth, aliasLimit int) string {
	r := g.rng
	if depth > 2 {
		return g.pick("u8", "u16", "i32", "u64", "f32", "bool", "char", "String")
	}
	switch k := r.Intn(24); {
	case k < 6:
		return g.pick("u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "isize", "usize", "f32", "f64", "bool", "char", "String")
	case k == 6:
		return "Vec<" + g.typ(i, depth+1, aliasLimit) + ">"
	case k == 7:
		return "Option<" + g.typ(i, depth+1, aliasLimit) + ">"
	case k == 8:
		return fmt.Sprintf("(%s, %s)", g.typ(i, depth+1, aliasLimit), g.typ(i, depth+1, aliasLimit))
	case k == 9 && len(g.usizes) > 0:
		return fmt.Sprintf("[%s; %s]", g.typ(i, depth+1, aliasLimit), g.usizes[r.Intn(len(g.usizes))])
	case k == 10:
		return fmt.Sprintf("[%s; %d]", g.typ(i, depth+1, aliasLimit), r.Intn(5))
	case k == 11:
		return fmt.Sprintf("%s<String, %s>", g.pick("HashMap", "Map", "std::collections::BTreeMap"), g.typ(i, depth+1, aliasLimit))
	case k == 12 && aliasLimit > 0:
		return g.aliases[r.Intn(aliasLimit)]
	case k == 13:
		return fmt.Sprintf("%s<T%d>", g.pick("Vec", "Box", "Bx", "PhantomData", "HashSet", "std::boxed::Box"), r.Intn(g.n))
	case k == 14 && i > 0:
		return fmt.Sprintf("%sT%d", g.pick("", "crate::", "self::", "super::"), r.Intn(i))
	case k == 15 && i > 0:
		return "First"
	case k == 16 && i >= 0:
		return g.pick("Box<Self>", "Vec<Self>", "Option<Box<Self>>")
	case k == 17:
		return g.pick("Box<str>", "Bx<str>", "Box<[u8]>", "Box<[Option<u16>]>")
	case k == 18:
		return g.pick("NonZeroU32", "NonZero<u16>", "std::num::NonZeroU64", "core::num::NonZero<i8>", "::std::string::String", "std::primitive::u32", "core::time::Duration")
	case k == 19:
		return fmt.Sprintf("Result<%s, %s>", g.typ(i, depth+1, aliasLimit), g.typ(i, depth+1, aliasLimit))
	case k == 20:
		return "()"
	case k == 21:
		return g.pick("Id", "Ids", "Pair")
	}
	return g.pick("u32", "String", "bool")
}

// gen writes a schema; bad > 0 injects that many errors.
func (g *schemaGen) gen(bad int) string {
	r, b := g.rng, &g.b
	b.WriteString("//! generated\nuse rkyv::{Archive, Deserialize, Serialize};\nuse std::collections::{HashMap, HashSet, BTreeMap as Map};\n")
	b.WriteString("use std::num::{NonZero, NonZeroU32};\nuse std::boxed::Box as Bx;\nuse crate::T0 as First;\nuse std::marker::PhantomData;\n")
	if r.Intn(2) == 0 {
		b.WriteString("use std::vec::Vec;\nuse std::option::Option;\nuse core::time::*;\n")
	}
	b.WriteString("pub type Id = u64;\ntype Ids = Vec<Id>;\ntype Pair = (Id, Option<Ids>);\n")
	// Constants, declared in a random order, each using constants
	// declared earlier in another order.
	var cdecl []string
	for c := range r.Intn(12) {
		expr := fmt.Sprint(1 + r.Intn(4))
		if c > 0 && r.Intn(2) == 0 {
			expr = fmt.Sprintf("%s %s %d", g.usizes[r.Intn(len(g.usizes))], g.pick("+", "*", "|", "^", "<<"), r.Intn(3))
		}
		name := fmt.Sprintf("C%d", c)
		g.usizes = append(g.usizes, name)
		cdecl = append(cdecl, fmt.Sprintf("const %s: usize = %s;\n", name, expr))
	}
	r.Shuffle(len(cdecl), func(i, j int) { cdecl[i], cdecl[j] = cdecl[j], cdecl[i] })
	for _, d := range cdecl {
		b.WriteString(d)
	}
	b.WriteString("const D0: u8 = 10;\nconst D1: u8 = D0 + 10;\nconst D2: u8 = D1 * 2 + (D0 >> 1);\nconst E0: i32 = -5;\n")
	// Helpers outside the schema, some of them invalid if used.
	b.WriteString("struct Plain { x: u8 }\nenum PlainE { A }\ntype Unused = &'static str;\ntype UnusedGen<T> = Vec<T>;\nconst UNUSED: usize = 1 / 0;\ntype SelfAlias = Vec<Self>;\n")
	b.WriteString("type Cy1 = Vec<Cy2>;\ntype Cy2 = Option<Cy1>;\nconst CC1: usize = CC2;\nconst CC2: usize = CC1;\nuse nowhere::Gone;\n")
	// Aliases: alias k uses aliases 0..k-1 only; they are written in
	// another order.
	na := r.Intn(15)
	var adecl []string
	for k := range na {
		name := fmt.Sprintf("A%d", k)
		adecl = append(adecl, fmt.Sprintf("type %s = %s;\n", name, g.typ(-1, 1, len(g.aliases))))
		g.aliases = append(g.aliases, name)
	}
	r.Shuffle(len(adecl), func(i, j int) { adecl[i], adecl[j] = adecl[j], adecl[i] })
	for _, d := range adecl {
		b.WriteString(d)
	}
	errAt := map[int][]string{}
	errs := []string{"Unknownn", "Plain", "PlainE", "Unused", "UnusedGen<u8>", "[u8; UNUSED]", "SelfAlias", "Cy1", "[u8; CC1]",
		"Gone", "str", "[u8]", "Vec<u8, u8>", "HashMap<u8>", "Id<u8>", "Self<u8>", "First<u8>", "std::nope::X", "foo::Bar",
		"Option<Self>", "Strin", "T0::Assoc", "[u8; 1 + NOPE]", "[u8; 0 - 1]", "NonZero<bool>"}
	for range bad {
		at := r.Intn(g.n)
		errAt[at] = append(errAt[at], errs[r.Intn(len(errs))])
	}
	if bad == 3 && r.Intn(4) == 0 { // too many errors
		for range 120 {
			at := r.Intn(g.n)
			errAt[at] = append(errAt[at], "Unknownn")
		}
	}
	for i := range g.n {
		if i > 0 && r.Intn(5) == 0 {
			b.WriteString("/// not in the schema\n")
			fmt.Fprintf(b, "struct Helper%d { x: u8 }\n", i)
		}
		fmt.Fprintf(b, "/// Type %d.\n#[derive(Archive, Serialize, Deserialize)]\n", i)
		var fields []string
		for range r.Intn(6) {
			fields = append(fields, g.typ(i, 0, len(g.aliases)))
		}
		fields = append(fields, errAt[i]...)
		switch k := r.Intn(10); {
		case i == 0 || k < 4:
			fmt.Fprintf(b, "pub struct T%d {\n", i)
			for f, t := range fields {
				fmt.Fprintf(b, "    pub f%d: %s,\n", f, t)
			}
			if bad > 0 && r.Intn(8) == 0 && len(fields) > 0 {
				b.WriteString("    f0: u8,\n") // duplicate field
			}
			b.WriteString("}\n")
		case k < 5:
			fmt.Fprintf(b, "struct T%d(%s);\n", i, strings.Join(fields, ", "))
		case k < 6 && len(errAt[i]) == 0:
			fmt.Fprintf(b, "struct T%d;\n", i)
		default:
			explicit := r.Intn(2) == 0
			repr := ""
			if explicit {
				repr = g.pick("u8", "i32", "u16")
				fmt.Fprintf(b, "#[repr(%s)]\n", repr)
			}
			fmt.Fprintf(b, "enum T%d {\n", i)
			next := 0
			nv := 1 + r.Intn(5)
			if r.Intn(20) == 0 {
				nv = 40 + r.Intn(30) // a map-sized enum
			}
			for v := range nv {
				disc := ""
				if explicit && r.Intn(2) == 0 {
					// Values only grow, so that none repeats.
					switch r.Intn(3) {
					case 0:
						if next <= 10 && repr == "u8" {
							disc, next = " = D0", 10
						}
					case 1:
						if next <= 30 && repr == "u8" {
							disc, next = " = D1 + 10", 30
						}
					default:
						next += r.Intn(3)
						disc = fmt.Sprintf(" = %d", next)
					}
				}
				switch {
				case bad > 0 && v == 1 && r.Intn(10) == 0:
					disc = " = 0" // perhaps a repeated value
				case bad > 0 && v == 1 && r.Intn(10) == 0:
					fmt.Fprintf(b, "    V0,\n") // a repeated name
				}
				next++
				switch r.Intn(3) {
				case 0:
					fmt.Fprintf(b, "    V%d%s,\n", v, disc)
				case 1:
					fmt.Fprintf(b, "    V%d(%s, %s)%s,\n", v, g.typ(i, 1, len(g.aliases)), g.typ(i, 1, len(g.aliases)), disc)
				default:
					fmt.Fprintf(b, "    V%d { a: %s }%s,\n", v, g.typ(i, 1, len(g.aliases)), disc)
				}
			}
			if len(fields) > 0 {
				fmt.Fprintf(b, "    W(%s),\n", strings.Join(fields, ", "))
			}
			b.WriteString("}\n")
		}
	}
	return g.b.String()
}
