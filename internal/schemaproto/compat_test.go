package schemaproto

import (
	"context"
	"os"
	"testing"

	"github.com/cellvet/cellvet/rustschema"
)

// TestServeParsedSchema is the serve-schema path end to end: a schema file
// is parsed and canonicalized by rustschema, served by the runtime,
// fetched and verified.
func TestServeParsedSchema(t *testing.T) {
	src, err := os.ReadFile("../../examples/market/schema.rs")
	if err != nil {
		t.Fatal(err)
	}
	s, err := rustschema.Parse("schema.rs", src)
	if err != nil {
		t.Fatal(err)
	}
	p := rustschema.DefaultProfile()
	if s.Profile != nil {
		p = *s.Profile
	}
	sum := rustschema.Canon(s, p)
	tg := startCell(t, listen(t, "unix"), "market", string(sum.Text))
	tg.Name = "market"
	r, err := Fetch(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Digest != sum.Digest || string(r.Text) != string(sum.Text) || r.Profile != p {
		t.Errorf("fetched %s %+v, served %s %+v", r.Digest, r.Profile, sum.Digest, p)
	}
}
