package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/tools/go/analysis"
)

func frame(body string) string {
	return "Content-Length: " + itoa(len(body)) + "\r\n\r\n" + body
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestLspFraming(t *testing.T) {
	a, b := `{"jsonrpc":"2.0","method":"a"}`, `{"jsonrpc":"2.0","id":1,"method":"b","params":{"x":"é"}}`
	for _, tc := range []struct {
		name    string
		input   string
		oneByte bool     // split every read
		want    []string // bodies; "ERR" for a header error
	}{
		{"one", frame(a), false, []string{a}},
		{"two in one read", frame(a) + frame(b), false, []string{a, b}},
		{"split reads", frame(a) + frame(b), true, []string{a, b}},
		{"content type and bare newlines", "Content-Type: application/vscode-jsonrpc; charset=utf-8\nContent-Length: " + itoa(len(a)) + "\n\n" + a, false, []string{a}},
		{"header without colon, then a message", "garbage\r\n\r\n" + frame(b), false, []string{"ERR", b}},
		{"bad length, then a message", "Content-Length: x\r\n\r\n" + a + frame(b), true, []string{"ERR", b}},
		{"no length", "Content-Type: x\r\n\r\n" + frame(b), false, []string{"ERR", b}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tc.input)
			if tc.oneByte {
				r = iotest.OneByteReader(r)
			}
			rd := newReader(r)
			var got []string
			for {
				body, err := rd.read()
				if errors.Is(err, errHeader) {
					got = append(got, "ERR")
					continue
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				got = append(got, string(body))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("truncated body", func(t *testing.T) {
		_, err := newReader(strings.NewReader("Content-Length: 10\r\n\r\n{}")).read()
		if err != io.ErrUnexpectedEOF {
			t.Errorf("got %v, want unexpected EOF", err)
		}
	})
}

// The server survives a bad header and bad JSON, and answers what comes
// next.
func TestLspFramingServer(t *testing.T) {
	c := newClient(t, Options{})
	if _, err := io.WriteString(c.in, "no header here\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	c.take("a log of the bad header", func(m *message) bool {
		return m.Method == "window/logMessage" && strings.Contains(string(m.Params), "malformed message header")
	})
	if _, err := io.WriteString(c.in, frame(`{"jsonrpc":"2.0","id":7,"method":`)); err != nil {
		t.Fatal(err)
	}
	var rerr *rpcError
	// The parse error's response has id null: the client conn ignores
	// it, so check that the server still answers.
	if _, err := c.call("initialize", map[string]any{"capabilities": map[string]any{}}); err != nil {
		t.Fatalf("initialize after bad JSON: %v", err)
	}
	if _, err := c.call("no/such/method", nil); !errors.As(err, &rerr) || rerr.Code != codeMethodNotFound {
		t.Errorf("unknown method: got %v, want code %d", err, codeMethodNotFound)
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

func TestLspParseError(t *testing.T) {
	sr, cw := io.Pipe()
	var out bytes.Buffer
	done := make(chan int)
	go func() { done <- Serve(sr, &out, Options{}) }()
	io.WriteString(cw, frame(`{"jsonrpc":`))
	cw.Close()
	if code := <-done; code != 1 {
		t.Errorf("exit code %d at EOF without shutdown, want 1", code)
	}
	body, err := newReader(&out).read()
	if err != nil {
		t.Fatal(err)
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil || m.Error == nil || m.Error.Code != codeParseError || string(m.ID) != "null" {
		t.Errorf("got %s, want a parse error with id null", body)
	}
}

func TestLspLifecycle(t *testing.T) {
	for _, tc := range []struct {
		name     string
		dynamic  bool
		shutdown bool
		want     int
	}{
		{"shutdown then exit", true, true, 0},
		{"exit without shutdown", false, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Options{Version: "test"})
			var rerr *rpcError
			if _, err := c.call("textDocument/codeAction", map[string]any{}); !errors.As(err, &rerr) || rerr.Code != codeServerNotInitialized {
				t.Errorf("request before initialize: got %v, want code %d", err, codeServerNotInitialized)
			}
			res := c.initialize(tc.dynamic)
			var init struct {
				Capabilities struct {
					PositionEncoding string `json:"positionEncoding"`
					TextDocumentSync struct {
						OpenClose bool `json:"openClose"`
						Change    int  `json:"change"`
						Save      struct {
							IncludeText bool `json:"includeText"`
						} `json:"save"`
					} `json:"textDocumentSync"`
					CodeActionProvider struct {
						CodeActionKinds []string `json:"codeActionKinds"`
					} `json:"codeActionProvider"`
				} `json:"capabilities"`
				ServerInfo struct{ Name, Version string } `json:"serverInfo"`
			}
			if err := json.Unmarshal(res, &init); err != nil {
				t.Fatal(err)
			}
			caps := init.Capabilities
			if caps.PositionEncoding != "utf-16" || !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != 2 ||
				!slices.Equal(caps.CodeActionProvider.CodeActionKinds, []string{"quickfix"}) || init.ServerInfo.Name != "cellvet" {
				t.Errorf("capabilities: %s", res)
			}
			if _, err := c.call("initialize", map[string]any{}); !errors.As(err, &rerr) || rerr.Code != codeInvalidRequest {
				t.Errorf("second initialize: got %v, want code %d", err, codeInvalidRequest)
			}
			if tc.dynamic {
				// The registration comes after initialized; an answer
				// to a request sent after it shows it was handled.
				deadline := time.Now().Add(timeout)
				for {
					c.mu.Lock()
					n := len(c.requests)
					c.mu.Unlock()
					if n > 0 || time.Now().After(deadline) {
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
				c.mu.Lock()
				reqs := c.requests
				c.mu.Unlock()
				if len(reqs) != 1 || reqs[0].Method != "client/registerCapability" || !strings.Contains(string(reqs[0].Params), `"globPattern":"**/cell.lock"`) ||
					!strings.Contains(string(reqs[0].Params), `"method":"workspace/didChangeWatchedFiles"`) {
					t.Errorf("requests from the server: %v", reqs)
				}
			}
			var code int
			if tc.shutdown {
				code = c.shutdown()
			} else {
				c.notify("exit", nil)
				code = c.exitCode()
			}
			if code != tc.want {
				t.Errorf("exit code %d, want %d", code, tc.want)
			}
		})
	}
}

func TestLspPositions(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		off  int // byte offset of the marker
		want position
	}{
		{"ascii", "ab\ncd", 4, position{1, 1}},
		{"accent and emoji", "x\n/* é🎉 */ Y", len("x\n/* é🎉 */ "), position{1, 10}},
		{"crlf", "a\r\nb\r\ncd", len("a\r\nb\r\nc"), position{2, 1}},
		{"lone cr", "a\rbc", 3, position{1, 1}},
		{"inside crlf", "ab\r\nc", 3, position{0, 2}},
		{"end", "ab\n", 3, position{1, 0}},
		{"past end", "ab", 9, position{0, 2}},
		{"invalid utf-8", "\xff\xfeZ", 2, position{0, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := newText(tc.src)
			got := tx.position(tc.off)
			if got != tc.want {
				t.Errorf("position(%d) = %v, want %v", tc.off, got, tc.want)
			}
			if tc.name != "inside crlf" && tc.name != "past end" {
				if back := tx.offset(got); back != tc.off {
					t.Errorf("offset(%v) = %d, want %d", got, back, tc.off)
				}
			}
		})
	}
	tx := newText("é\n")
	if got := tx.offset(position{0, 99}); got != len("é") {
		t.Errorf("a character past the line's end: offset %d, want %d", got, len("é"))
	}
	if got := tx.lineCol(1, 3); got != len("é") {
		t.Errorf("lineCol(1, 3) = %d, want %d", got, len("é"))
	}
	for _, path := range []string{"/tmp/a b/c#d?.go", "/tmp/é/x.go"} {
		uri := fileURI(path)
		back, err := uriPath(uri)
		if err != nil || back != path {
			t.Errorf("uriPath(%q) = %q, %v; want %q", uri, back, err, path)
		}
	}
	if got := fileURI("/tmp/a b/c#d.go"); got != "file:///tmp/a%20b/c%23d.go" {
		t.Errorf("fileURI = %q", got)
	}
}

// geoRange is the range of Y in geo.go: after a tab, "/* ", é (one UTF-16
// unit, two bytes) and 🎉 (two units, four bytes) and " */ ".
var geoRange = lspRange{Start: position{11, 11}, End: position{11, 12}}

func TestLspDiagnostics(t *testing.T) {
	// Two modules in one workspace.
	roots := []string{fixture(t), fixture(t)}
	c := newClient(t, Options{})
	c.initialize(false)
	var uris []string
	for _, root := range roots {
		path := filepath.Join(root, "geo", "geo.go")
		uris = append(uris, c.open(path, readFile(t, path)))
	}
	for i, uri := range uris {
		p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
		if p.Version == nil || *p.Version != 1 {
			t.Errorf("version %v, want 1", p.Version)
		}
		if len(p.Diagnostics) != 1 {
			t.Fatalf("diagnostics %+v, want one", p.Diagnostics)
		}
		d := p.Diagnostics[0]
		if d.Range != geoRange || d.Source != "cellvet" || d.Code != "kind" || d.Message != "Point.Y: uint32 does not match shapes.Point.y u16: want uint16" {
			t.Errorf("diagnostic %+v", d)
		}
		lockURI := fileURI(filepath.Join(roots[i], "cell.lock"))
		if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != lockURI ||
			d.RelatedInformation[0].Location.Range.Start != (position{33, 2}) || d.RelatedInformation[0].Message != "cell.lock: shapes.Point.y" {
			t.Errorf("related %+v, want %s at 33:2", d.RelatedInformation, lockURI)
		}
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// applyEdits applies LSP edits to src.
func applyEdits(src string, edits []textEdit) string {
	tx := newText(src)
	slices.SortFunc(edits, func(a, b textEdit) int { return tx.offset(b.Range.Start) - tx.offset(a.Range.Start) })
	for _, e := range edits {
		src = src[:tx.offset(e.Range.Start)] + e.NewText + src[tx.offset(e.Range.End):]
	}
	return src
}

func codeActions(t *testing.T, c *client, uri string, rng lspRange) []codeAction {
	t.Helper()
	res, err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng, "context": map[string]any{"diagnostics": []any{}}})
	if err != nil {
		t.Fatalf("codeAction: %v", err)
	}
	var actions []codeAction
	if err := json.Unmarshal(res, &actions); err != nil {
		t.Fatal(err)
	}
	return actions
}

func TestLspCodeAction(t *testing.T) {
	c, _, path, src := session(t, Options{}, false)
	uri := c.openGeo(path, src)
	if got := codeActions(t, c, uri, lspRange{Start: position{0, 0}, End: position{1, 0}}); len(got) != 0 {
		t.Errorf("code actions outside the diagnostic: %+v", got)
	}
	actions := codeActions(t, c, uri, lspRange{Start: position{11, 12}, End: position{11, 12}})
	if len(actions) != 1 {
		t.Fatalf("code actions %+v, want one", actions)
	}
	a := actions[0]
	edits := a.Edit.Changes[uri]
	if a.Title != "Change the type to uint16" || a.Kind != "quickfix" || len(a.Diagnostics) != 1 || a.Diagnostics[0].Range != geoRange ||
		len(a.Edit.Changes) != 1 || len(edits) != 1 || edits[0].Range != (lspRange{Start: position{11, 13}, End: position{11, 19}}) {
		t.Fatalf("code action %+v", a)
	}
	fixed := applyEdits(src, edits)
	if !strings.Contains(fixed, "/* é🎉 */ Y uint16\n") {
		t.Fatalf("fixed text:\n%s", fixed)
	}
	// The edit itself, sent as an incremental change.
	c.change(uri, 2, contentChange{Range: &edits[0].Range, Text: edits[0].NewText})
	p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 2 })
	if len(p.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v", p.Diagnostics)
	}
	if got := codeActions(t, c, uri, geoRange); len(got) != 0 {
		t.Errorf("code actions after the fix: %+v", got)
	}
}

// An unsaved buffer that differs from its file but has its size gets the
// fix of its own text: the analyzer reads the buffer for its layout fixes,
// not the file.
func TestLspCodeActionUnsaved(t *testing.T) {
	c, _, path, src := session(t, Options{}, false)
	i, j := strings.Index(src, "\tX uint32"), strings.Index(src, "\n}")
	if i < 0 || j < i {
		t.Fatalf("the fixture changed:\n%s", src)
	}
	// Live and Y swapped: the fix reorders them.
	edited := src[:i] + "\tX    uint32\n\tLive bool\n\tY    uint16" + src[j:]
	if n := len(src) - len(edited); n >= 3 {
		edited += "//" + strings.Repeat("x", n-3) + "\n"
	}
	if len(edited) != len(src) {
		t.Fatalf("the edited buffer has %d bytes, the file %d", len(edited), len(src))
	}
	uri := c.open(path, edited)
	p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	var fixes []codeAction
	for _, d := range p.Diagnostics {
		fixes = append(fixes, codeActions(t, c, uri, d.Range)...)
	}
	if len(fixes) != 1 {
		t.Fatalf("fixes %+v for %+v, want one", fixes, p.Diagnostics)
	}
	fixed := applyEdits(edited, fixes[0].Edit.Changes[uri])
	if want := "\tX    uint32\n\tY    uint16\n\tLive bool\n}"; !strings.Contains(fixed, want) {
		t.Fatalf("fix %q gives\n%s\nwant the fields\n%s", fixes[0].Title, fixed, want)
	}
	c.change(uri, 2, contentChange{Text: fixed})
	p = c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 2 })
	if len(p.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v", p.Diagnostics)
	}
}

func TestLspLockChange(t *testing.T) {
	c, root, path, src := session(t, Options{}, true)
	uri := c.openGeo(path, src)
	lock := filepath.Join(root, "cell.lock")
	if err := os.WriteFile(lock, []byte(readFile(t, filepath.Join(root, "wide.lock"))), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(lock), "type": 2}}})
	c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	// An unsaved edit of the lock counts: its buffer is checked, and
	// the Go file checked against it.
	lockURI := c.open(lock, "version = 1\nbogus = 2\n")
	lp := c.diagnostics(lockURI, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	if d := lp.Diagnostics[0]; d.Range.Start != (position{1, 0}) || d.Source != "cellvet" || d.Severity != severityError {
		t.Errorf("lock diagnostic %+v, want one at 1:0", d)
	}
	p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	if d := p.Diagnostics[0]; d.Code != "lock" || !strings.Contains(d.Message, "cell.lock is invalid") || strings.Contains(d.Message, os.TempDir()+"/cellvet-lsp") {
		t.Errorf("Go diagnostic with an invalid lock: %+v", d)
	}
	c.change(lockURI, 2, contentChange{Text: readFile(t, "testdata/mod/cell.lock")})
	c.diagnostics(lockURI, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	p = c.diagnostics(uri, func(p *publishDiagnosticsParams) bool {
		return len(p.Diagnostics) > 0 && p.Diagnostics[0].Code == "kind"
	})
	if p.Diagnostics[0].Range != geoRange {
		t.Errorf("after the lock's edit: %+v", p.Diagnostics)
	}
}

// A run under way when a newer edit arrives publishes nothing; a code
// action waiting for a run can be cancelled.
func TestLspCancel(t *testing.T) {
	c, _, path, src := session(t, Options{Debounce: 50 * time.Millisecond}, false)
	uri := c.openGeo(path, src)
	// Version 2 mends the mismatch and is superseded by 3 while its run
	// is under way (a run of the fixture takes seconds); 3 has another.
	c.change(uri, 2, contentChange{Text: strings.Replace(src, "Y uint32", "Y uint16", 1)})
	time.Sleep(300 * time.Millisecond)
	c.change(uri, 3, contentChange{Text: strings.Replace(src, "Y uint32", "Y uint64", 1)})
	p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 3 })
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "Point.Y: uint64 does not match") {
		t.Errorf("version 3: %+v", p.Diagnostics)
	}
	for _, q := range c.published(uri) {
		if q.Version != nil && *q.Version == 2 {
			t.Errorf("diagnostics of superseded version 2 published: %+v", q)
		}
	}
	c.change(uri, 4, contentChange{Text: src})
	id := json.RawMessage(`"pending"`)
	ch := make(chan *message, 1)
	c.conn.mu.Lock()
	c.conn.pending[string(id)] = ch
	c.conn.mu.Unlock()
	if err := c.conn.write(&outgoing{JSONRPC: "2.0", ID: id, Method: "textDocument/codeAction",
		Params: map[string]any{"textDocument": map[string]any{"uri": uri}, "range": geoRange, "context": map[string]any{}}}); err != nil {
		t.Fatal(err)
	}
	c.notify("$/cancelRequest", map[string]any{"id": "pending"})
	select {
	case m := <-ch:
		if m.Error != nil && m.Error.Code != codeRequestCancelled {
			t.Errorf("cancelled code action: %+v", m.Error)
		}
		if m.Error == nil {
			t.Logf("the code action was answered before the cancellation: %s", m.Result)
		}
	case <-time.After(timeout):
		t.Fatal("no answer to the cancelled code action")
	}
	c.diagnostics(uri, func(p *publishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 4 && len(p.Diagnostics) == 1
	})
}

// A package that does not type-check (or parse) gets what the analyzer
// can say, and the server goes on.
func TestLspBrokenPackage(t *testing.T) {
	c, _, path, src := session(t, Options{}, false)
	// A code action waits for the run of the buffer's version: its
	// answer shows the run ended and the server is alive.
	uri := c.open(path, src+"\nvar _ int = \"not an int\"\n\nfunc broken() { undefined() }\n")
	t.Logf("type error: %d code actions", len(codeActions(t, c, uri, geoRange)))
	c.change(uri, 2, contentChange{Text: src + "\nfunc {{{\n"})
	t.Logf("syntax error: %d code actions", len(codeActions(t, c, uri, geoRange)))
	c.change(uri, 3, contentChange{Text: src})
	c.diagnostics(uri, func(p *publishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 3 && len(p.Diagnostics) == 1
	})
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// A panic in the analyzer, which the checker runs on its own goroutines,
// is logged as an error, and the server goes on.
func TestLspPanic(t *testing.T) {
	passHook = func(pass *analysis.Pass) {
		if pass.Pkg.Name() == "geo" {
			panic("planted")
		}
	}
	defer func() { passHook = nil }()
	c, _, path, src := session(t, Options{}, false)
	uri := c.open(path, src)
	c.take("a log of the panic", func(m *message) bool {
		var p logMessageParams
		return m.Method == "window/logMessage" && json.Unmarshal(m.Params, &p) == nil && p.Type == messageError && strings.Contains(p.Message, "panic: planted")
	})
	if got := codeActions(t, c, uri, geoRange); len(got) != 0 {
		t.Errorf("code actions after a panic: %+v", got)
	}
	passHook = nil
	c.change(uri, 2, contentChange{Text: src})
	c.diagnostics(uri, func(p *publishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 2 && len(p.Diagnostics) == 1
	})
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestLspTestFile: an open _test.go file is checked (test variants are
// loaded only then), its type bound with a field of the wrong width.
func TestLspTestFile(t *testing.T) {
	root := fixture(t)
	path := filepath.Join(root, "geo", "geo_test.go")
	src := "package geo\n\n//cell:type shapes.Point\ntype testPoint struct {\n\tX    uint64\n\tY    uint16\n\tLive bool\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, Options{})
	c.initialize(false)
	uri := c.open(path, src)
	p := c.diagnostics(uri, func(p *publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	if d := p.Diagnostics[0]; !strings.HasPrefix(d.Message, "testPoint.X: uint64 does not match shapes.Point.x u32") {
		t.Errorf("diagnostic %+v", d)
	}
}
