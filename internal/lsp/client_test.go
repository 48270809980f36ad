package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests talk to the server as an editor does: framed JSON-RPC over a
// pair of pipes, the server on its own goroutine.

// timeout bounds every wait: an analysis run of the fixture takes a few
// seconds on a loaded machine.
const timeout = 40 * time.Second

type client struct {
	t    *testing.T
	in   *io.PipeWriter // to the server
	conn *conn
	exit chan int // the server's exit code

	mu       sync.Mutex
	notes    []*message // notifications not yet taken
	arrived  chan struct{}
	requests []*message // requests from the server (answered with null)
}

// newClient starts a server and a client talking to it; opts.Debounce 0
// is the server's default.
func newClient(t *testing.T, opts Options) *client {
	t.Helper()
	cr, sw := io.Pipe() // server → client
	sr, cw := io.Pipe() // client → server
	c := &client{t: t, in: cw, conn: newConn(cw), exit: make(chan int, 1), arrived: make(chan struct{})}
	go func() {
		code := Serve(sr, sw, opts)
		sw.Close()
		c.exit <- code
	}()
	go c.readLoop(cr)
	t.Cleanup(func() {
		cw.Close() // EOF: the server stops if exit was not sent
		select {
		case <-c.exit:
		case <-time.After(timeout):
			t.Errorf("the server did not stop")
		}
		c.conn.close()
	})
	return c
}

func (c *client) readLoop(r io.Reader) {
	rd := newReader(r)
	for {
		body, err := rd.read()
		if err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("the server sent bad JSON %q: %v", body, err)
			continue
		}
		switch {
		case m.isResponse():
			c.conn.deliver(&m)
		case len(m.ID) > 0:
			c.mu.Lock()
			c.requests = append(c.requests, &m)
			c.mu.Unlock()
			c.conn.reply(m.ID, nil, nil)
		default:
			c.mu.Lock()
			c.notes = append(c.notes, &m)
			close(c.arrived)
			c.arrived = make(chan struct{})
			c.mu.Unlock()
		}
	}
}

// call sends a request and returns its result or error.
func (c *client) call(method string, params any) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.conn.call(ctx, method, params)
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// initialize runs the handshake; dynamic is the client's capability to
// register file watchers.
func (c *client) initialize(dynamic bool) json.RawMessage {
	c.t.Helper()
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{
		"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": dynamic}},
	}}
	res, err := c.call("initialize", params)
	if err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

// take waits for the first notification that match accepts, removes it
// and returns it; the others stay.
func (c *client) take(what string, match func(*message) bool) *message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		for i, m := range c.notes {
			if match(m) {
				c.notes = append(c.notes[:i:i], c.notes[i+1:]...)
				c.mu.Unlock()
				return m
			}
		}
		arrived := c.arrived
		c.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline:
			c.t.Fatalf("no %s within %v; got %s", what, timeout, c.describe())
		}
	}
}

func (c *client) describe() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, m := range c.notes {
		fmt.Fprintf(&b, "\n\t%s %s", m.Method, m.Params)
	}
	return b.String()
}

// diagnostics waits for the diagnostics of uri that accept takes.
func (c *client) diagnostics(uri string, accept func(*publishDiagnosticsParams) bool) *publishDiagnosticsParams {
	c.t.Helper()
	var got *publishDiagnosticsParams
	c.take("diagnostics for "+uri, func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p publishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil || p.URI != uri || !accept(&p) {
			return false
		}
		got = &p
		return true
	})
	return got
}

// published returns the diagnostics notifications of uri so far,
// leaving them.
func (c *client) published(uri string) []*publishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*publishDiagnosticsParams
	for _, m := range c.notes {
		var p publishDiagnosticsParams
		if m.Method == "textDocument/publishDiagnostics" && json.Unmarshal(m.Params, &p) == nil && p.URI == uri {
			out = append(out, &p)
		}
	}
	return out
}

// shutdown sends shutdown and exit and returns the exit code.
func (c *client) shutdown() int {
	c.t.Helper()
	if _, err := c.call("shutdown", nil); err != nil {
		c.t.Fatalf("shutdown: %v", err)
	}
	c.notify("exit", nil)
	return c.exitCode()
}

func (c *client) exitCode() int {
	c.t.Helper()
	select {
	case code := <-c.exit:
		c.exit <- code // for the cleanup
		return code
	case <-time.After(timeout):
		c.t.Fatalf("the server did not exit")
		return -1
	}
}

func (c *client) open(path, text string) string {
	c.t.Helper()
	uri := fileURI(path)
	lang := "go"
	if isLock(path) {
		lang = "toml"
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": lang, "version": 1, "text": text}})
	return uri
}

func (c *client) change(uri string, version int32, changes ...contentChange) {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": changes})
}

// fixture copies testdata/mod to a temporary directory, its replace
// directive made absolute, and returns the module root.
func fixture(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "mod")
	err = filepath.WalkDir("testdata/mod", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/mod", path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = []byte(strings.ReplaceAll(string(data), "=> ../../../..", "=> "+repo))
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// session starts an initialized server for a copy of the fixture module
// and returns geo.go's path and text.
func session(t *testing.T, opts Options, dynamic bool) (c *client, root, path, src string) {
	t.Helper()
	root = fixture(t)
	path = filepath.Join(root, "geo", "geo.go")
	c = newClient(t, opts)
	c.initialize(dynamic)
	return c, root, path, readFile(t, path)
}

// openGeo opens geo.go with text src and waits for its one diagnostic.
func (c *client) openGeo(path, src string) string {
	c.t.Helper()
	uri := c.open(path, src)
	c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	return uri
}
