package lockfile

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/cellvet/cellvet/internal/blake3"

	"github.com/cellvet/cellvet/rustschema"
)

var update = flag.Bool("update", false, "rewrite cell.lock.example from examples/market/schema.rs")

const (
	exampleLock   = "../cell.lock.example"
	exampleSchema = "examples/market/schema.rs" // relative to the repository root
)

// exampleLockValue pins the market example twice: with the default rkyv
// 0.8 profile, and with rkyv 0.7 (non-strict, so that repr(Rust) layouts
// are predicted).
func exampleLockValue(t testing.TB) *Lock {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", exampleSchema))
	if err != nil {
		t.Fatal(err)
	}
	s, err := rustschema.Parse(exampleSchema, src)
	if err != nil {
		t.Fatal(err)
	}
	l := &Lock{Version: Version}
	p08 := rustschema.DefaultProfile()
	if s.Profile != nil {
		p08 = *s.Profile
	}
	p07 := rustschema.Profile{Rkyv: "0.7", PointerWidth: 32, Endian: "little"}
	for _, x := range []struct {
		name string
		p    rustschema.Profile
	}{{"market", p08}, {"market-legacy", p07}} {
		c, err := FromSchema(x.name, Source{Kind: SourceSchema, Path: exampleSchema}, s, x.p)
		if err != nil {
			t.Fatal(err)
		}
		l.Set(c)
	}
	return l
}

func TestExampleUpToDate(t *testing.T) {
	want := exampleLockValue(t).Marshal()
	if *update {
		if err := os.WriteFile(exampleLock, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("cell.lock.example is not what cellvet writes for %s; run go test ./lockfile -run TestExampleUpToDate -update\n%s", exampleSchema, firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n have %q\n want %q", i+1, x, y)
		}
	}
	return ""
}

func TestExampleLoads(t *testing.T) {
	l, err := Load(exampleLock)
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 1 || len(l.Cells) != 2 || l.Cells[0].Name != "market" || l.Cells[1].Name != "market-legacy" {
		t.Fatalf("unexpected lock: version %d, %d cells", l.Version, len(l.Cells))
	}
	c := l.Cell("market")
	q := c.Type("Quote")
	if q == nil || q.Kind != "struct" || q.Origin != Computed {
		t.Fatalf("Quote: %+v", q)
	}
	if f := q.Field("bid"); f == nil || f.Offset != 0 || f.Size != 8 || f.Align != 8 || f.Type != "f64" {
		t.Errorf("Quote.bid: %+v", f)
	}
	m := c.Type("MarketMsg")
	if m == nil || m.Kind != "enum" || m.Tag != "u8" || len(m.Variants) != 3 {
		t.Fatalf("MarketMsg: %+v", m)
	}
	if v := m.Variant("OrderAck"); v == nil || v.Tag != 1 || v.Field("id") == nil || v.Field("id").Offset != 8 {
		t.Errorf("MarketMsg::OrderAck: %+v", v)
	}
	if o := l.Cell("market-legacy").Type("Order"); o == nil || o.Origin != Predicted || !o.Predicted() {
		t.Errorf("market-legacy Order should be predicted: %+v", o)
	}
	if got := c.AddCommand(); got != "cellvet add market --schema examples/market/schema.rs" {
		t.Errorf("AddCommand = %q", got)
	}
	if got := l.Cell("market-legacy").AddCommand(); got != "cellvet add market-legacy --schema examples/market/schema.rs --rkyv=0.7" {
		t.Errorf("AddCommand = %q", got)
	}
}

// strip clears the file name, leaving the model.
func strip(l *Lock) *Lock {
	out := *l
	out.File = ""
	return &out
}

// roundTrip checks model → Marshal → Parse → the same model, and that
// marshaling the result again gives the same bytes.
func roundTrip(t *testing.T, l *Lock) []byte {
	t.Helper()
	if err := l.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	data := l.Marshal()
	if again := l.Marshal(); !bytes.Equal(data, again) {
		t.Fatal("two Marshal calls differ")
	}
	back, err := Parse("cell.lock", data)
	if err != nil {
		t.Fatalf("Parse of Marshal output: %v\n%s", err, data)
	}
	if a, b := strip(l), strip(back); !reflect.DeepEqual(a, b) {
		t.Fatalf("model changed in the round trip:\nbefore %s\nafter  %s", dump(a), dump(b))
	}
	if again := back.Marshal(); !bytes.Equal(data, again) {
		t.Fatalf("Marshal(Parse(Marshal(l))) differs:\n%s", firstDiff(data, again))
	}
	return data
}

func dump(l *Lock) string {
	var b strings.Builder
	for _, c := range l.Cells {
		fmt.Fprintf(&b, "%+v\n", *c)
		for _, t := range c.Types {
			fmt.Fprintf(&b, "  %+v\n", *t)
		}
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	t.Run("example", func(t *testing.T) { roundTrip(t, exampleLockValue(t)) })
	t.Run("empty", func(t *testing.T) {
		data := roundTrip(t, &Lock{Version: Version})
		if string(data) != header+"version = 1\n" {
			t.Errorf("empty lock: %q", data)
		}
	})
	t.Run("big", func(t *testing.T) { roundTrip(t, bigLock(t, 300, 1)) })
	t.Run("cell sdk", func(t *testing.T) {
		src := "#[protein] pub struct Order { pub id: u64 }\npub struct Desk;\n#[handler]\nimpl Desk {\n    async fn ping(&self) -> Result<u64> { Ok(1) }\n    async fn place(&self, order: Order) -> Result<bool> { Ok(true) }\n}\n"
		s, err := rustschema.Parse("desk.rs", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		c, err := FromSchema("desk", Source{Kind: SourceSchema, Path: "desk.rs"}, s, *s.Profile)
		if err != nil {
			t.Fatal(err)
		}
		want := []Service{{Name: "Desk", Request: "DeskProtocol", Response: "DeskResponse"}}
		if c.Protocol != ProtocolCellSDK || !slices.Equal(c.Services, want) {
			t.Fatalf("protocol %q, services %v; want %q, %v", c.Protocol, c.Services, ProtocolCellSDK, want)
		}
		l := &Lock{Version: Version}
		l.Set(c)
		data := roundTrip(t, l)
		if !strings.Contains(string(data), "protocol = \"cell-sdk\"\nservices = [\n  { name = \"Desk\", request = \"DeskProtocol\", response = \"DeskResponse\" }\n]\n") {
			t.Errorf("written lock:\n%s", data)
		}
		if svc, req := c.ServiceOf("DeskResponse"); svc == nil || req || svc.Name != "Desk" {
			t.Errorf("ServiceOf(DeskResponse) = %v, %v", svc, req)
		}
	})
	t.Run("sources and profiles", func(t *testing.T) {
		l := exampleLockValue(t)
		base := l.Cell("market")
		for i, src := range []Source{
			{Kind: SourceTCP, Addr: "market.internal:7070"},
			{Kind: SourceTCP, Addr: "[::1]:9000"},
			{Kind: SourceSocket, Path: "/tmp/cell/market.sock"},
			{Kind: SourceBinary, Path: `C:\cells\market "v2".exe`},
			{Kind: SourceSchema, Path: "schémas/marché\t.rs"},
		} {
			c := clone(base)
			c.Name = fmt.Sprintf("src%d", i)
			c.Source = src
			for _, ty := range c.Types {
				ty.Origin = Measured
			}
			l.Set(c)
		}
		roundTrip(t, l)
	})
	t.Run("canonical needs escapes", func(t *testing.T) {
		// Not a real canonical text (the digest is made to match), but
		// the writer must still produce TOML that reads back the same.
		for _, text := range []string{"cfp 1\nx'''y\n", "cfp 1\r\nz\n", "cfp 1\nends with a quote'", "cfp 1\n\x01\"\\", "no newline at the end"} {
			l := &Lock{Version: Version}
			c := clone(exampleLockValue(t).Cell("market"))
			c.Canonical = text
			c.Types = nil
			setDigests(c)
			l.Set(c)
			data := l.Marshal()
			// TOML only: the text is not CFP/1, so the lock would not
			// validate.
			var doc struct{ Cell []struct{ Canonical string } }
			if _, err := toml.Decode(string(data), &doc); err != nil || len(doc.Cell) != 1 {
				t.Fatalf("%q: %v\n%s", text, err, data)
			}
			if got := doc.Cell[0].Canonical; got != text {
				t.Errorf("canonical %q read back as %q", text, got)
			}
		}
	})
}

// setDigests makes c's digest, fingerprint and layout digest consistent
// with its canonical text and types, without the canonical header check
// (schema_version and profile) being meaningful.
func setDigests(c *Cell) {
	c.Digest = blake3Hex(c.Canonical)
	c.Fingerprint = c.Digest[:16]
	k := &checker{}
	k.checkLayoutDigest(c, ctx{})
	if len(k.errs) > 0 {
		msg := k.errs[0].Msg
		i := strings.Index(msg, "(they give ")
		c.LayoutDigest = msg[i+len("(they give ") : i+len("(they give ")+64]
	}
}

func clone(c *Cell) *Cell {
	cc := *c
	cc.Types = nil
	for _, t := range c.Types {
		tt := *t
		tt.Fields = append([]Field(nil), t.Fields...)
		tt.Variants = nil
		for _, v := range t.Variants {
			v.Fields = append([]Field(nil), v.Fields...)
			tt.Variants = append(tt.Variants, v)
		}
		cc.Types = append(cc.Types, &tt)
	}
	return &cc
}

// bigSchema writes a schema of n types: structs of primitives, strings,
// vectors, options, arrays and earlier types, and enums of unit, tuple and
// named variants.
func bigSchema(n int, seed int64, tuples bool) string {
	r := rand.New(rand.NewSource(seed))
	prims := []string{"u8", "u16", "u32", "u64", "i32", "i64", "f32", "f64", "bool", "char", "String", "Vec<u32>", "Option<u64>", "[u8; 6]", "Box<str>"}
	if tuples {
		prims = append(prims, "(u16, u8)")
	}
	var b strings.Builder
	b.WriteString("#![schema_version = 7]\nuse rkyv::Archive;\n")
	fieldType := func(i int) string {
		if i > 0 && r.Intn(5) == 0 {
			return fmt.Sprintf("T%04d", r.Intn(i))
		}
		return prims[r.Intn(len(prims))]
	}
	for i := range n {
		if i%4 == 3 {
			fmt.Fprintf(&b, "#[derive(Archive)]\npub enum T%04d {\n", i)
			for v := range 2 + r.Intn(4) {
				switch r.Intn(3) {
				case 0:
					fmt.Fprintf(&b, "    V%d,\n", v)
				case 1:
					fmt.Fprintf(&b, "    V%d(%s, %s),\n", v, fieldType(i), fieldType(i))
				default:
					fmt.Fprintf(&b, "    V%d { a: %s, b: %s },\n", v, fieldType(i), fieldType(i))
				}
			}
			b.WriteString("}\n")
			continue
		}
		fmt.Fprintf(&b, "#[derive(Archive)]\npub struct T%04d {\n", i)
		for f := range 2 + r.Intn(6) {
			fmt.Fprintf(&b, "    pub field_%d: %s,\n", f, fieldType(i))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func bigLock(t testing.TB, n int, seed int64) *Lock {
	t.Helper()
	s, err := rustschema.Parse("big.rs", []byte(bigSchema(n, seed, true)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := FromSchema("big", Source{Kind: SourceSchema, Path: "big.rs"}, s, rustschema.DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	l := &Lock{Version: Version}
	l.Set(c)
	return l
}

func TestFromSchemaProfiles(t *testing.T) {
	// Every profile, on a generated schema: what FromSchema pins must
	// pass every check Parse applies.
	s, err := rustschema.Parse("big.rs", []byte(bigSchema(120, 2, true)))
	if err != nil {
		t.Fatal(err)
	}
	// rkyv 0.7 strict has no Archive for tuples.
	strict, err := rustschema.Parse("big.rs", []byte(bigSchema(120, 2, false)))
	if err != nil {
		t.Fatal(err)
	}
	for _, rk := range []string{"0.7", "0.8"} {
		for _, w := range []int{16, 32, 64} {
			for _, e := range []string{"little", "big"} {
				for _, flag := range []bool{false, true} {
					p := rustschema.Profile{Rkyv: rk, PointerWidth: w, Endian: e}
					if rk == "0.8" {
						p.Unaligned = flag
					} else {
						p.Strict = flag
					}
					name := strings.NewReplacer(" ", "-", ".", "").Replace(p.Canon())
					t.Run(name, func(t *testing.T) {
						s := s
						if p.Strict {
							s = strict
						}
						c, err := FromSchema(name, Source{Kind: SourceSchema, Path: "big.rs"}, s, p)
						if err != nil {
							if strings.Contains(err.Error(), "rkyv 0.7 rejects multibyte tags") {
								t.Skip(err)
							}
							t.Fatal(err)
						}
						l := &Lock{Version: Version}
						l.Set(c)
						roundTrip(t, l)
					})
				}
			}
		}
	}
}

func TestLookups(t *testing.T) {
	l := exampleLockValue(t)
	if l.Cell("nope") != nil || l.Cell("market").Type("Nope") != nil {
		t.Error("lookup of a missing name")
	}
	if !l.Remove("market") || l.Remove("market") || len(l.Cells) != 1 {
		t.Error("Remove")
	}
	c := clone(l.Cells[0])
	c.Name = "a"
	l.Set(c)
	if l.Cells[0].Name != "a" {
		t.Error("Set does not keep cells sorted")
	}
	c2 := clone(c)
	l.Set(c2)
	if len(l.Cells) != 2 || l.Cells[0] != c2 {
		t.Error("Set does not replace")
	}
}

func blake3Hex(s string) string {
	h := blake3.New()
	h.WriteString(s)
	return hex.EncodeToString(h.Sum(nil))
}
