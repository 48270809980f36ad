package schemaproto

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cellvet/cellvet/cell"
	"github.com/cellvet/cellvet/internal/testnet"
	"github.com/cellvet/cellvet/internal/wire"
	"github.com/cellvet/cellvet/rustschema"
)

// testText is the canonical text of docs/fingerprint.md §2.1.
const testText = testnet.Canon

var testProfile = rustschema.Profile{Rkyv: "0.8", PointerWidth: 32, Endian: "little"}

// listen opens a loopback listener: a Unix socket in a temporary directory
// or TCP on 127.0.0.1.
func listen(t *testing.T, network string) net.Listener {
	t.Helper()
	var l net.Listener
	var err error
	switch network {
	case "unix":
		l, err = net.Listen("unix", filepath.Join(t.TempDir(), "cell.sock"))
	case "tcp":
		l, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		t.Fatalf("unknown network %q", network)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// target is where l listens, for a client that does not check the name.
func target(l net.Listener) wire.Target {
	return wire.Target{Network: l.Addr().Network(), Address: l.Addr().String()}
}

// serve runs handler for every connection accepted on a fresh loopback
// listener until the test ends, and returns the listener's address.
func serve(t *testing.T, network string, handler func(net.Conn)) wire.Target {
	t.Helper()
	l := listen(t, network)
	testnet.Serve(t, l, handler)
	return target(l)
}

// startCell serves the schema of cell name (text) on l, as the runtime
// does, until the test ends.
func startCell(t *testing.T, l net.Listener, name, text string) wire.Target {
	t.Helper()
	s, err := cell.NewSchema(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cell.Serve(ctx, l, func(context.Context, *struct{}) (*struct{}, error) {
			return nil, errors.New("schema requests only")
		}, cell.WithSchema(s))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not return after cancel")
		}
	})
	return target(l)
}

// readRequest reads and checks the schema request a client sends.
func readRequest(t *testing.T, c net.Conn) bool {
	want := wire.AppendRequest(nil, wire.Version)
	b := make([]byte, len(want))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, b); err != nil {
		t.Errorf("fake server: reading the request: %v", err)
		return false
	}
	c.SetReadDeadline(time.Time{})
	if string(b) != string(want) {
		t.Errorf("fake server: got % x, want the schema request % x", b, want)
		return false
	}
	return true
}

// goodReply is the reply of cell market serving testText, decoded.
func goodReply(t *testing.T) *Reply {
	t.Helper()
	r, err := decodeReply(testnet.SchemaReply(t, "market", testText)[4:])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// frame prefixes a payload with its length word.
func frame(payload []byte) []byte {
	return append(binary.LittleEndian.AppendUint32(nil, uint32(len(payload))), payload...)
}

// frameOf lays out the frame of r, checking nothing.
func frameOf(t *testing.T, r *Reply) []byte {
	t.Helper()
	if r.Status == wire.StatusError {
		return testnet.ErrorReply(r.Name, r.Code, r.Message)
	}
	prof, ok := profileWire(t)[r.Profile.Canon()]
	if !ok {
		t.Fatalf("no wire form for profile %+v", r.Profile)
	}
	return testnet.OKReply(r.Name, prof, r.Digest, string(r.Text))
}

var (
	profileWireOnce sync.Once
	profileWires    map[string][4]byte
)

// profileWire maps the canonical spelling of every valid profile to its
// wire bytes as the runtime encodes them: the profile in the reply of a
// cell serving a text with that profile.
func profileWire(t *testing.T) map[string][4]byte {
	t.Helper()
	profileWireOnce.Do(func() {
		profileWires = map[string][4]byte{}
		for _, p := range allProfiles() {
			f := testnet.SchemaReply(t, "x", "cfp 1\nschema_version 0\nprofile "+p.Canon()+"\n")
			profileWires[p.Canon()] = [4]byte(f[4+wire.ReplyHeaderLen+1:])
		}
	})
	return profileWires
}

// allProfiles lists every valid profile.
func allProfiles() []rustschema.Profile {
	var ps []rustschema.Profile
	for _, v := range []string{"0.7", "0.8"} {
		for _, w := range []int{16, 32, 64} {
			for _, e := range []string{"little", "big"} {
				for _, flag := range []string{"", "unaligned", "strict"} {
					p := rustschema.Profile{Rkyv: v, PointerWidth: w, Endian: e, Unaligned: flag == "unaligned", Strict: flag == "strict"}
					if p.Validate() == nil {
						ps = append(ps, p)
					}
				}
			}
		}
	}
	return ps
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *schemaproto.Error", err, err)
	}
	return e
}
