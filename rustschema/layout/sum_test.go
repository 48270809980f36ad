package layout_test

import (
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
	"github.com/cellvet/cellvet/rustschema/layout"
)

// TestComputeSum checks that ComputeSum, which runs Compute and Canon at
// the same time on large schemas, gives what the two give one after the
// other, and Compute's error when there is one.
func TestComputeSum(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	profiles := []rustschema.Profile{
		rustschema.DefaultProfile(),
		{Rkyv: "0.8", PointerWidth: 64, Endian: "big", Unaligned: true},
		{Rkyv: "0.7", PointerWidth: 32, Endian: "little"},
		{Rkyv: "0.7", PointerWidth: 64, Endian: "little", Strict: true},
		{Rkyv: "0.9", PointerWidth: 32, Endian: "little"}, // invalid: Compute's error
	}
	errs := 0
	for seed := int64(1); seed <= 3; seed++ {
		src := genSchema(seed, 400, seed == 3)
		s, err := rustschema.Parse("big.rs", []byte(src))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, p := range profiles {
			name := fmt.Sprintf("seed %d, %s", seed, p.Canon())
			ls, sum, err := layout.ComputeSum(s, p)
			want, werr := layout.Compute(s, p)
			if fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("%s: error %v, Compute gives %v", name, err, werr)
			}
			if werr != nil {
				errs++
				if ls != nil || sum != nil {
					t.Errorf("%s: results with the error", name)
				}
				continue
			}
			if !reflect.DeepEqual(ls.Types, want.Types) {
				t.Errorf("%s: layouts differ from Compute's", name)
			}
			if !reflect.DeepEqual(sum, rustschema.Canon(s, p)) {
				t.Errorf("%s: sums differ from Canon's", name)
			}
		}
	}
	// The invalid profile for each seed, the tuples under rkyv 0.7
	// strict (which has no Archive for them) for seeds 1 and 2, and the
	// wrapper of seed 3 under each valid profile.
	if errs != 3+2+4 {
		t.Errorf("%d errors, want 9", errs)
	}
}

// genSchema writes n types: structs and enums of all shapes over
// primitives, std containers and earlier types; with a wrapper that
// Compute cannot lay out when withErr is set.
func genSchema(seed int64, n int, withErr bool) string {
	r := rand.New(rand.NewSource(seed))
	prims := []string{"u8", "u16", "u32", "u64", "i128", "f32", "f64", "bool", "char", "String", "()"}
	field := func(i int) string {
		p := prims[r.Intn(len(prims))]
		switch k := r.Intn(9); {
		case k < 4 || i == 0:
			return p
		case k == 4:
			return fmt.Sprintf("Vec<T%d>", r.Intn(i))
		case k == 5:
			return fmt.Sprintf("Option<%s>", p)
		case k == 6:
			return fmt.Sprintf("[%s; %d]", p, r.Intn(4))
		case k == 7:
			return fmt.Sprintf("(%s, T%d)", p, r.Intn(i))
		default:
			return fmt.Sprintf("T%d", r.Intn(i))
		}
	}
	var b strings.Builder
	b.WriteString("use rkyv::Archive;\n")
	for i := 0; i < n; i++ {
		b.WriteString("#[derive(Archive)]\n")
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "pub enum T%d {\n    A,\n    B(%s, %s),\n    C { x: %s },\n}\n", i, field(i), field(i), field(i))
		case 1:
			fmt.Fprintf(&b, "pub struct T%d(%s, %s);\n", i, field(i), field(i))
		default:
			fmt.Fprintf(&b, "pub struct T%d {\n    a: %s,\n    b: %s,\n    c: %s,\n}\n", i, field(i), field(i), field(i))
		}
	}
	if withErr {
		b.WriteString("#[derive(Archive)]\npub struct Wrapped {\n    #[rkyv(with = Skip)]\n    a: u32,\n}\n")
	}
	return b.String()
}
