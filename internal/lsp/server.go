// Package lsp is cellvet's language server (LSP 3.17 over stdio), which
// editors run beside gopls: gopls cannot load third-party analyzers. It
// publishes the vet pass's diagnostics for open Go files, offers their
// suggested fixes as quick fixes, and validates cell.lock. docs/editors.md.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cellvet/cellvet/analyzer"
	"github.com/cellvet/cellvet/lockfile"
)

// Options configures a server.
type Options struct {
	// Debounce is how long after an edit the packages are checked again;
	// 0 means 150 ms.
	Debounce time.Duration
	// Version is the server's version, given to the client.
	Version string
}

// Server states.
const (
	stateNew = iota
	stateRunning
	stateShutdown
)

type server struct {
	opts Options
	conn *conn
	ctx  context.Context // canceled when the server stops
	stop context.CancelFunc
	wg   sync.WaitGroup // runs and requests under way
	tmp  string         // lock snapshots

	mu           sync.Mutex
	state        int
	closed       bool
	watchDynamic bool
	docs         map[string]*document // by path
	modules      map[string]*module   // by root
	results      map[string]*fileResult
	lockDiags    map[string]bool               // lock paths with published diagnostics
	changed      chan struct{}                 // closed on every new result
	requests     map[string]context.CancelFunc // requests under way, by ID
}

type document struct {
	uri     string
	path    string
	version int32
	text    string
}

// module is a module root with open Go files, and its analysis.
type module struct {
	root      string
	gen       uint64 // bumped by every change; a run publishes only its own
	timer     *time.Timer
	cancel    context.CancelFunc // of the run under way
	sem       chan struct{}      // one run at a time
	published map[string]bool    // paths this module's runs gave diagnostics
	snap      string             // the last lock snapshot
}

// fileResult is the last published run's result for one file.
type fileResult struct {
	version int32 // of the buffer analyzed; -1 for a file not open
	items   []item
}

// Serve runs a language server on in and out until the client sends
// exit, or closes in, and returns the exit code: 0 after shutdown, 1
// otherwise.
func Serve(in io.Reader, out io.Writer, opts Options) int {
	if opts.Debounce == 0 {
		opts.Debounce = 150 * time.Millisecond
	}
	s := &server{
		opts:      opts,
		conn:      newConn(out),
		docs:      map[string]*document{},
		modules:   map[string]*module{},
		results:   map[string]*fileResult{},
		lockDiags: map[string]bool{},
		changed:   make(chan struct{}),
		requests:  map[string]context.CancelFunc{},
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	defer s.close()
	rd := newReader(in)
	for {
		body, err := rd.read()
		if errors.Is(err, errHeader) {
			s.log(messageError, "cellvet lsp: %v", err)
			continue
		}
		if err != nil {
			if err != io.EOF {
				fmt.Fprintf(os.Stderr, "cellvet lsp: %v\n", err)
			}
			return s.exitCode()
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			s.conn.reply(nil, nil, &rpcError{Code: codeParseError, Message: err.Error()})
			continue
		}
		if m.isResponse() {
			s.conn.deliver(&m)
			continue
		}
		if m.Method == "exit" {
			return s.exitCode()
		}
		s.handle(&m)
	}
}

func (s *server) exitCode() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == stateShutdown {
		return 0
	}
	return 1
}

// close stops the timers and waits for the runs under way (which then
// publish nothing), and removes the lock snapshots.
func (s *server) close() {
	s.mu.Lock()
	s.closed = true
	for _, m := range s.modules {
		if m.timer != nil {
			m.timer.Stop()
		}
	}
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
	s.conn.close()
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
}

// log sends window/logMessage.
func (s *server) log(typ int, format string, args ...any) {
	s.conn.notify("window/logMessage", &logMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

func (s *server) handle(m *message) {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if len(m.ID) > 0 {
		switch {
		case state == stateNew && m.Method != "initialize":
			s.conn.reply(m.ID, nil, &rpcError{Code: codeServerNotInitialized, Message: "the server is not initialized"})
			return
		case state == stateShutdown:
			s.conn.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shut down"})
			return
		}
		switch m.Method {
		case "initialize":
			s.initialize(m)
		case "shutdown":
			s.mu.Lock()
			s.state = stateShutdown
			s.mu.Unlock()
			s.conn.reply(m.ID, nil, nil)
		case "textDocument/codeAction":
			s.async(m, s.codeAction)
		default:
			s.conn.reply(m.ID, nil, &rpcError{Code: codeMethodNotFound, Message: "method not found: " + m.Method})
		}
		return
	}
	if state != stateRunning {
		return // notifications before initialize are dropped, after shutdown ignored
	}
	var err error
	switch m.Method {
	case "initialized":
		s.initialized()
	case "textDocument/didOpen":
		var p didOpenParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.didOpen(&p)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.didChange(&p)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.didSave(&p)
		}
	case "textDocument/didClose":
		var p didCloseParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.didClose(&p)
		}
	case "workspace/didChangeWatchedFiles":
		var p didChangeWatchedFilesParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.didChangeWatchedFiles(&p)
		}
	case "$/cancelRequest":
		var p cancelParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.mu.Lock()
			if cancel := s.requests[string(p.ID)]; cancel != nil {
				cancel()
			}
			s.mu.Unlock()
		}
	}
	if err != nil {
		s.log(messageError, "cellvet lsp: %s: %v", m.Method, err)
	}
}

// async answers a request on its own goroutine, cancellable by
// $/cancelRequest.
func (s *server) async(m *message, f func(context.Context, json.RawMessage) (any, error)) {
	ctx, cancel := context.WithCancel(s.ctx)
	id := string(m.ID)
	s.mu.Lock()
	s.requests[id] = cancel
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.requests, id)
			s.mu.Unlock()
			cancel()
		}()
		res, err := f(ctx, m.Params)
		var rerr *rpcError
		switch {
		case ctx.Err() != nil:
			rerr = &rpcError{Code: codeRequestCancelled, Message: "request cancelled"}
		case errors.As(err, &rerr):
		case err != nil:
			rerr = &rpcError{Code: codeInternalError, Message: err.Error()}
		}
		if rerr != nil {
			res = nil
		}
		s.conn.reply(m.ID, res, rerr)
	}()
}

func (s *server) initialize(m *message) {
	var p initializeParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		s.conn.reply(m.ID, nil, &rpcError{Code: codeInvalidParams, Message: err.Error()})
		return
	}
	s.mu.Lock()
	if s.state != stateNew {
		s.mu.Unlock()
		s.conn.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "initialize sent twice"})
		return
	}
	s.state = stateRunning
	s.watchDynamic = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	type object = map[string]any
	s.conn.reply(m.ID, object{
		"capabilities": object{
			"positionEncoding": "utf-16",
			"textDocumentSync": object{
				"openClose": true,
				"change":    2, // incremental
				"save":      object{"includeText": false},
			},
			"codeActionProvider": object{"codeActionKinds": []string{"quickfix"}},
		},
		"serverInfo": object{"name": "cellvet", "version": s.opts.Version},
	}, nil)
}

// initialized asks the client to watch the locks, when it can be asked.
func (s *server) initialized() {
	s.mu.Lock()
	dynamic := s.watchDynamic
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		if !dynamic {
			return
		}
		_, err := s.conn.call(s.ctx, "client/registerCapability", map[string]any{
			"registrations": []any{map[string]any{
				"id":     "cellvet-lock-watcher",
				"method": "workspace/didChangeWatchedFiles",
				"registerOptions": map[string]any{
					"watchers": []any{map[string]any{"globPattern": "**/" + lockfile.Name}},
				},
			}},
		})
		if err != nil && s.ctx.Err() == nil {
			s.log(messageWarning, "cellvet lsp: cannot watch %s files: %v", lockfile.Name, err)
		}
	}()
}

func isLock(path string) bool { return filepath.Base(path) == lockfile.Name }
func isGo(path string) bool   { return strings.HasSuffix(path, ".go") }

// lockRoot returns the module root whose lock path is, or "".
func lockRoot(path string) string {
	dir := filepath.Dir(path)
	if root := lockfile.ModuleRoot(dir); root == dir {
		return root
	}
	return ""
}

func (s *server) didOpen(p *didOpenParams) error {
	path, err := uriPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	if !isGo(path) && !isLock(path) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: p.TextDocument.Text}
	delete(s.results, path) // a reopened file may restart its versions
	s.changedLocked(path, 0)
	return nil
}

func (s *server) didChange(p *didChangeParams) error {
	path, err := uriPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return nil // not ours
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.text = c.Text
			continue
		}
		t := newText(d.text)
		start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
		if end < start {
			return fmt.Errorf("%s: change range ends before it starts", p.TextDocument.URI)
		}
		d.text = d.text[:start] + c.Text + d.text[end:]
	}
	d.version = p.TextDocument.Version
	s.changedLocked(path, s.opts.Debounce)
	return nil
}

func (s *server) didSave(p *didSaveParams) error {
	path, err := uriPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[path] != nil || isLock(path) {
		s.changedLocked(path, 0)
	}
	return nil
}

func (s *server) didClose(p *didCloseParams) error {
	path, err := uriPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[path] == nil {
		return nil
	}
	delete(s.docs, path)
	delete(s.results, path)
	s.changedLocked(path, 0)
	return nil
}

func (s *server) didChangeWatchedFiles(p *didChangeWatchedFilesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range p.Changes {
		path, err := uriPath(c.URI)
		if err != nil || !isLock(path) {
			continue
		}
		if d := s.docs[path]; d != nil {
			continue // the buffer is what counts
		}
		s.changedLocked(path, 0)
	}
}

// changedLocked reacts to a change of the file at path: a lock is
// validated again and its module's open files checked again; a Go
// file's module is checked again after delay.
func (s *server) changedLocked(path string, delay time.Duration) {
	if isLock(path) {
		s.validateLockLocked(path)
		if root := lockRoot(path); root != "" {
			if m := s.modules[root]; m != nil {
				s.scheduleLocked(m, delay)
			}
		}
		return
	}
	root := lockfile.ModuleRoot(filepath.Dir(path))
	if root == "" {
		return
	}
	m := s.modules[root]
	if m == nil {
		m = &module{root: root, sem: make(chan struct{}, 1), published: map[string]bool{}}
		s.modules[root] = m
		s.validateLockLocked(lockfile.Path(root, ""))
	}
	s.scheduleLocked(m, delay)
}

// validateLockLocked publishes the validation errors of the lock at path
// (its buffer when open, else the file), or clears them.
func (s *server) validateLockLocked(path string) {
	uri := fileURI(path)
	var data []byte
	if d := s.docs[path]; d != nil {
		uri, data = d.uri, []byte(d.text)
	} else {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			data = nil
		}
	}
	var diags []diagnostic
	if data != nil {
		diags = lockDiagnostics(path, data)
	}
	if len(diags) == 0 && !s.lockDiags[path] {
		return
	}
	s.lockDiags[path] = len(diags) > 0
	s.conn.notify("textDocument/publishDiagnostics", &publishDiagnosticsParams{URI: uri, Diagnostics: orEmpty(diags)})
}

func orEmpty(d []diagnostic) []diagnostic {
	if d == nil {
		return []diagnostic{}
	}
	return d
}

// lockDiagnostics returns the problems lockfile finds in a lock's text,
// positioned where its errors say (path:line:col).
func lockDiagnostics(path string, data []byte) []diagnostic {
	_, err := lockfile.Parse(path, data)
	if err == nil {
		return nil
	}
	var errs []*lockfile.Error
	var list lockfile.ErrorList
	var one *lockfile.Error
	switch {
	case errors.As(err, &list):
		errs = list
	case errors.As(err, &one):
		errs = []*lockfile.Error{one}
	}
	t := newText(string(data))
	var diags []diagnostic
	for _, e := range errs {
		off := t.lineCol(e.Pos.Line, e.Pos.Col)
		diags = append(diags, diagnostic{Range: t.rangeOf(off, t.wordEnd(off)), Severity: severityError, Code: "lock", Source: "cellvet", Message: e.Msg})
	}
	if len(errs) == 0 {
		diags = append(diags, diagnostic{Severity: severityError, Code: "lock", Source: "cellvet", Message: err.Error()})
	}
	return diags
}

// scheduleLocked checks m's open files again after delay; a run under way
// is canceled, and its results are never published.
func (s *server) scheduleLocked(m *module, delay time.Duration) {
	if s.closed {
		return
	}
	m.gen++
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	if m.timer != nil {
		m.timer.Stop()
	}
	gen := m.gen
	m.timer = time.AfterFunc(delay, func() { s.run(m, gen) })
}

// run analyzes m's open files, if gen is still the module's generation,
// and publishes the results unless a change came meanwhile.
func (s *server) run(m *module, gen uint64) {
	s.mu.Lock()
	if s.closed || gen != m.gen {
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	m.cancel = cancel
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	defer cancel()
	select {
	case m.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-m.sem }()

	s.mu.Lock()
	if gen != m.gen || s.closed {
		s.mu.Unlock()
		return
	}
	in, err := s.inputLocked(m)
	s.mu.Unlock()
	if err != nil {
		s.log(messageError, "cellvet lsp: %v", err)
		return
	}
	out, err := analyze(ctx, in)
	if ctx.Err() != nil {
		s.dropSnapshot(m, out) // superseded: a newer run publishes
		return
	}
	if err != nil {
		s.log(messageError, "cellvet lsp: %v", err)
	}
	for _, l := range out.errs {
		s.log(messageError, "cellvet lsp: %s", l)
	}
	for _, l := range out.logs {
		s.log(messageLog, "cellvet lsp: %s", l)
	}

	s.mu.Lock()
	if gen != m.gen || s.closed {
		s.mu.Unlock()
		return
	}
	notes := s.recordLocked(m, in, out, err == nil)
	s.mu.Unlock()
	for _, n := range notes {
		s.conn.notify("textDocument/publishDiagnostics", n)
	}
}

// inputLocked snapshots what a run of m sees.
func (s *server) inputLocked(m *module) (*runInput, error) {
	if s.tmp == "" {
		dir, err := os.MkdirTemp("", "cellvet-lsp-")
		if err != nil {
			return nil, err
		}
		s.tmp = dir
	}
	in := &runInput{
		root:     m.root,
		overlay:  map[string][]byte{},
		versions: map[string]int32{},
		uris:     map[string]string{},
		lockPath: lockfile.Path(m.root, ""),
		snapDir:  s.tmp,
	}
	for path, d := range s.docs {
		in.uris[path] = d.uri
		if !isGo(path) || lockfile.ModuleRoot(filepath.Dir(path)) != m.root {
			continue
		}
		in.files = append(in.files, path)
		in.overlay[path] = []byte(d.text)
		in.versions[path] = d.version
	}
	slices.Sort(in.files)
	if d := s.docs[in.lockPath]; d != nil {
		in.lockData = []byte(d.text)
	} else if data, err := os.ReadFile(in.lockPath); err == nil {
		in.lockData = data
	}
	return in, nil
}

// dropSnapshot removes the lock snapshot of a run that records nothing,
// unless it is the module's last.
func (s *server) dropSnapshot(m *module, out *runOutput) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if out.snap != "" && out.snap != m.snap {
		removeSnapshot(out.snap)
	}
}

// removeSnapshot removes a lock snapshot and what the analyzer keeps of it.
func removeSnapshot(path string) {
	analyzer.ForgetLock(path)
	os.RemoveAll(filepath.Dir(path))
}

// recordLocked keeps a run's results for code actions and returns the
// notifications that publish them: every file with diagnostics, and an
// empty list for each file that had some and has none now. With ok false
// (the run failed) the published diagnostics stay.
func (s *server) recordLocked(m *module, in *runInput, out *runOutput, ok bool) []*publishDiagnosticsParams {
	defer func() {
		close(s.changed)
		s.changed = make(chan struct{})
	}()
	if m.snap != "" && m.snap != out.snap {
		removeSnapshot(m.snap)
	}
	m.snap = out.snap
	for _, path := range in.files {
		// A failed run leaves the diagnostics but no fixes: a fix must
		// be for the buffer it was computed on.
		s.results[path] = &fileResult{version: in.versions[path]}
	}
	if !ok {
		return nil
	}
	var notes []*publishDiagnosticsParams
	for path, items := range out.files {
		v, open := in.versions[path]
		r := &fileResult{version: -1, items: items}
		if open {
			r.version = v
		}
		s.results[path] = r
	}
	paths := make(map[string]bool, len(out.files)+len(m.published))
	for p := range out.files {
		paths[p] = true
	}
	for p := range m.published {
		paths[p] = true
	}
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		items := out.files[path]
		if len(items) == 0 {
			if _, open := in.versions[path]; !open {
				delete(s.results, path)
			}
			delete(m.published, path)
		} else {
			m.published[path] = true
		}
		n := &publishDiagnosticsParams{URI: in.uri(path), Diagnostics: []diagnostic{}}
		if v, open := in.versions[path]; open {
			n.Version = &v
		}
		for _, it := range items {
			n.Diagnostics = append(n.Diagnostics, it.diag)
		}
		notes = append(notes, n)
	}
	return notes
}

// codeAction returns the quick fixes of the diagnostics in the range,
// from a run on the document's current version (waiting for it).
func (s *server) codeAction(ctx context.Context, raw json.RawMessage) (any, error) {
	var p codeActionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	if len(p.Context.Only) > 0 && !slices.Contains(p.Context.Only, "quickfix") {
		return []codeAction{}, nil
	}
	path, err := uriPath(p.TextDocument.URI)
	if err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		r, current := s.currentLocked(path)
		changed := s.changed
		s.mu.Unlock()
		if current {
			actions := []codeAction{}
			if r != nil {
				for _, it := range r.items {
					if overlaps(it.diag.Range, p.Range) {
						actions = append(actions, it.actions...)
					}
				}
			}
			return actions, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timeout.C:
			return []codeAction{}, nil
		}
	}
}

// currentLocked returns path's results and whether they are for the
// document's current version (or there is nothing to wait for).
func (s *server) currentLocked(path string) (*fileResult, bool) {
	r := s.results[path]
	d := s.docs[path]
	if d == nil {
		return r, true
	}
	if r != nil && r.version == d.version {
		return r, true
	}
	return nil, lockfile.ModuleRoot(filepath.Dir(path)) == ""
}

// overlaps reports whether two ranges share a position (an empty range
// touching the other counts).
func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(p, q position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}
