package schemaproto_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/cellvet/cellvet/internal/schemaproto"
	"github.com/cellvet/cellvet/rustschema"
)

// TestServeParsedSchema is the serve-schema path end to end: a schema file
// is parsed and canonicalized by rustschema, served, fetched and verified.
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

	path := filepath.Join(t.TempDir(), "market.sock")
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- schemaproto.ServeSchema(ctx, "market", schemaproto.Profile(p), sum.Text, path, func(a net.Addr) { ready <- a })
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()

	r, err := schemaproto.Fetch(context.Background(), "unix", path, schemaproto.Options{Name: "market"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Digest != sum.Digest || string(r.Text) != string(sum.Text) || r.Profile != p {
		t.Errorf("fetched %s %+v, served %s %+v", r.Digest, r.Profile, sum.Digest, p)
	}
	if got, want := r.Fingerprint(), sum.Fingerprint().String(); got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
}
