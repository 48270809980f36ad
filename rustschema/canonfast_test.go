package rustschema

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func checkCanonFast(t *testing.T, name string, s *Schema, p Profile) {
	t.Helper()
	fast := canonFast(s, p)
	if fast == nil {
		t.Fatalf("%s: canonFast declined a resolved schema", name)
	}
	slow := canonSlow(s, p)
	if !bytes.Equal(fast.Text, slow.Text) || fast.Digest != slow.Digest || fast.Layout != slow.Layout || len(fast.Types) != len(slow.Types) {
		t.Fatalf("%s: canonFast and canonSlow disagree on the schema sum", name)
	}
	for i := range fast.Types {
		f, g := fast.Types[i], slow.Types[i]
		if f.Name != g.Name || !bytes.Equal(f.Text, g.Text) || f.Digest != g.Digest || f.Layout != g.Layout {
			t.Fatalf("%s: type %s: canonFast and canonSlow disagree", name, g.Name)
		}
	}
}

func TestCanonFastMatchesSlow(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "cfp1", "*.rs"))
	more, _ := filepath.Glob(filepath.Join("testdata", "parse", "*.rs"))
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(f, src)
		if err != nil {
			continue
		}
		p := DefaultProfile()
		if s.Profile != nil {
			p = *s.Profile
		}
		checkCanonFast(t, f, s, p)
	}
	for _, n := range []int{1, 2, 5, 30, 300, 600} { // 600: the layout chain on its own goroutine
		src := cyclicSchema(n)
		s, err := Parse("cyclic.rs", []byte(src))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		checkCanonFast(t, fmt.Sprintf("cyclic%d", n), s, DefaultProfile())
	}
}

// A hand-built schema whose references leave s.Types is not resolved:
// canonFast declines it and Canon refuses it loudly rather than hashing
// a text that does not define every type it names.
func TestCanonFastDeclinesForeignRefs(t *testing.T) {
	foreign := &TypeDef{Name: "X"}
	s := &Schema{Types: []*TypeDef{{Name: "A", Fields: []*Field{{Name: "x", Type: &Type{Kind: Local, Name: "X", Def: foreign}}}}}}
	if canonFast(s, DefaultProfile()) != nil {
		t.Fatal("canonFast accepted a reference outside the schema")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "not resolved") {
			t.Fatalf("Canon of an unresolved schema: recover() = %v, want a panic saying it is not resolved", r)
		}
	}()
	Canon(s, DefaultProfile())
}

// TestSortDigestKeys checks the radix sort against a plain sort, with
// many digests sharing their first eight bytes (which real digests almost
// never do) so that the fix-up of equal keys is exercised.
func TestSortDigestKeys(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 255, 256, 1000} {
		digests := make([]Digest, n)
		for i := range digests {
			r.Read(digests[i][:])
			if i%3 == 0 && i > 0 {
				copy(digests[i][:8], digests[i-1][:8])
			}
			if i%7 == 0 && i > 0 {
				digests[i] = digests[i-1]
			}
		}
		keys := make([]digestKey, n)
		for i := range keys {
			keys[i] = digestKey{binary.BigEndian.Uint64(digests[i][:8]), int32(i)}
		}
		sortDigestKeys(keys, digests)
		for i := 1; i < n; i++ {
			if compareDigests(digests[keys[i-1].i], digests[keys[i].i]) > 0 {
				t.Fatalf("n=%d: keys %d and %d out of order", n, i-1, i)
			}
		}
		seen := make(map[int32]bool, n)
		for _, k := range keys {
			seen[k.i] = true
		}
		if len(seen) != n {
			t.Fatalf("n=%d: %d distinct keys after sorting", n, len(seen))
		}
	}
}
