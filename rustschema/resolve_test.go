package rustschema

import (
	"fmt"
	"strings"
	"testing"
)

func TestLastSegment(t *testing.T) {
	for path, want := range map[string]string{
		"": "", "Archive": "Archive", "rkyv::Archive": "Archive", "::Archive": "Archive",
		"a::b::C": "C", "a::": "", ":::x": "x", "a:b": "a:b", ":": ":",
	} {
		if got := lastSegment(path); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestResolveLimits covers the nesting limits of aliases and constants and
// the node budget: an alias or constant is resolved once, at the nesting of
// its first use, and every use of an alias counts its whole expansion.
func TestResolveLimits(t *testing.T) {
	const derive = "#[derive(Archive)]\n"
	// aliases writes the aliases A0 = A1, ..., An-1 = u8; consts the
	// constants C0 = C1 + 1, ..., C99 = 1.
	aliases := func(b *strings.Builder, n int) {
		for i := range n - 1 {
			fmt.Fprintf(b, "type A%d = A%d;\n", i, i+1)
		}
		fmt.Fprintf(b, "type A%d = u8;\n", n-1)
	}
	consts := func(b *strings.Builder) {
		for i := range 99 {
			fmt.Fprintf(b, "const C%d: usize = C%d + 1;\n", i, i+1)
		}
		b.WriteString("const C99: usize = 1;\n")
	}
	// doubling writes D0 = (u64, u64) and Dk = (Dk-1, Dk-1) up to Dn. A
	// field of type Dk counts 3·2^(k+1)-2 nodes: its path, and the tuples,
	// paths and primitives of the expansion.
	doubling := func(b *strings.Builder, n int) {
		b.WriteString("type D0 = (u64, u64);\n")
		for k := 1; k <= n; k++ {
			fmt.Fprintf(b, "type D%d = (D%d, D%d);\n", k, k-1, k-1)
		}
	}
	for _, tc := range []struct {
		name string
		src  func(b *strings.Builder)
		err  string // "" when the file is accepted
	}{
		{"alias chain resolved in steps", func(b *strings.Builder) {
			// T0..T59 resolve A99..A40, one each; T60 uses A30, which
			// then nests only 10 deep.
			aliases(b, 100)
			for i := range 60 {
				fmt.Fprintf(b, derive+"struct T%d { a: A%d }\n", i, 99-i)
			}
			b.WriteString(derive + "struct T60 { a: A30 }\n")
		}, ""},
		{"alias chain too deep", func(b *strings.Builder) {
			aliases(b, 100)
			b.WriteString(derive + "struct T0 { a: u8 }\n" + derive + "struct T1 { a: A30 }\n")
		}, "type aliases nested too deeply (more than 64)"},
		{"constant chain resolved in steps", func(b *strings.Builder) {
			consts(b)
			b.WriteString(derive + "struct T0 { a: [u8; C60] }\n" + derive + "struct T1 { a: [u8; C30] }\n")
		}, ""},
		{"constant chain too deep", func(b *strings.Builder) {
			consts(b)
			b.WriteString(derive + "struct T0 { a: u8 }\n" + derive + "struct T1 { a: [u8; C30] }\n")
		}, "constants nested too deeply (more than 64)"},
		{"long alias chain", func(b *strings.Builder) {
			// Each use counts the alias's size once: a chain of 60 is
			// one node at each use (it once made a tiny file "too
			// large", doubling at each level).
			aliases(b, 60)
			for i := range 40 {
				fmt.Fprintf(b, derive+"struct T%d { a: A0, b: A%d }\n", i, i)
			}
		}, ""},
		{"alias sizes up to the budget", func(b *strings.Builder) {
			doubling(b, 11) // 12286 nodes per use: 341 fit maxTypeNodes
			for i := range 341 {
				fmt.Fprintf(b, derive+"struct T%d { a: D11 }\n", i)
			}
		}, ""},
		{"alias sizes over the budget in total", func(b *strings.Builder) {
			doubling(b, 11)
			for i := range 342 {
				fmt.Fprintf(b, derive+"struct T%d { a: D11 }\n", i)
			}
		}, "schema too large: more than 4194304 type nodes after alias expansion"},
		{"alias size over the budget", func(b *strings.Builder) {
			doubling(b, 21)
			b.WriteString(derive + "struct T0 { a: D21 }\n")
		}, "schema too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			tc.src(&b)
			_, err := Parse("limits.rs", []byte(b.String()))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.err != "" && err == nil:
				t.Fatalf("accepted, want %q", tc.err)
			case tc.err != "" && !strings.Contains(err.Error(), tc.err):
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}
