package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 over the LSP base protocol: each message is a header
// ("Content-Length: N", optionally "Content-Type: ..."), an empty line,
// and N bytes of JSON. Lines end in \r\n; a bare \n is accepted.

// Error codes of JSON-RPC 2.0 and LSP 3.17.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

// message is any incoming message: a request (ID and Method), a
// notification (Method only) or a response (ID, Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

func (m *message) isResponse() bool { return m.Method == "" && len(m.ID) > 0 }

// response is an outgoing response: exactly one of result and error is
// sent, and a null result is sent as "result": null.
type response struct {
	ID     json.RawMessage
	Result any
	Error  *rpcError
}

func (r *response) MarshalJSON() ([]byte, error) {
	id := r.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if r.Error != nil {
		return json.Marshal(struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   *rpcError       `json:"error"`
		}{"2.0", id, r.Error})
	}
	return json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result"`
	}{"2.0", id, r.Result})
}

type outgoing struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  any             `json:"params,omitempty"`
}

// errHeader is a malformed header: the stream is resynchronized at the
// next Content-Length line.
var errHeader = errors.New("malformed message header")

// reader reads framed messages.
type reader struct {
	r      *bufio.Reader
	resync bool // after a malformed header: skip to the next Content-Length
}

func newReader(r io.Reader) *reader { return &reader{r: bufio.NewReader(r)} }

// maxMessage bounds a message's length (a broken header must not make
// the server allocate gigabytes).
const maxMessage = 256 << 20

// read returns the body of the next message. An error wrapping errHeader
// leaves the reader usable; any other error (io.EOF) ends the stream.
func (rd *reader) read() ([]byte, error) {
	length := -1
	first := true
	for {
		line, err := rd.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line != "" {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if rd.resync {
			i := strings.Index(strings.ToLower(line), "content-length:")
			if i < 0 {
				continue
			}
			line, rd.resync = line[i:], false
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if first {
				continue // stray blank lines between messages
			}
			break
		}
		first = false
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			rd.resync = true
			return nil, fmt.Errorf("%w: %q", errHeader, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxMessage {
				rd.resync = true
				return nil, fmt.Errorf("%w: bad Content-Length %q", errHeader, value)
			}
			length = n
		}
	}
	if length < 0 {
		rd.resync = true
		return nil, fmt.Errorf("%w: no Content-Length", errHeader)
	}
	// Read what comes instead of allocating what the header claims: a
	// stream that ends early costs what it sent.
	var body bytes.Buffer
	if n, err := io.CopyN(&body, rd.r, int64(length)); err != nil {
		if err == io.EOF && n < int64(length) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return body.Bytes(), nil
}

// conn is one end of a JSON-RPC connection: it writes framed messages
// and matches the responses to its own requests. Writes are queued and
// written by one goroutine, so that no caller, the read loop above all,
// waits for the peer to read: two peers that each wrote from their read
// loop while the other's was blocked writing would deadlock.
type conn struct {
	w    io.Writer
	wake chan struct{} // a message was queued, or close was called
	done chan struct{} // the writer goroutine stopped

	qmu     sync.Mutex
	queue   [][]byte
	closing bool
	err     error // the first write error: later writes are dropped

	mu      sync.Mutex
	nextID  int64
	pending map[string]chan *message
}

func newConn(w io.Writer) *conn {
	c := &conn{w: w, wake: make(chan struct{}, 1), done: make(chan struct{}), pending: map[string]chan *message{}}
	go c.writeLoop()
	return c
}

func (c *conn) writeLoop() {
	defer close(c.done)
	for range c.wake {
		c.qmu.Lock()
		queue, closing := c.queue, c.closing
		c.queue = nil
		c.qmu.Unlock()
		for _, b := range queue {
			if _, err := c.w.Write(b); err != nil {
				c.qmu.Lock()
				c.err = err
				c.qmu.Unlock()
				break
			}
		}
		if closing {
			c.qmu.Lock()
			empty := len(c.queue) == 0
			c.qmu.Unlock()
			if empty {
				return
			}
		}
	}
}

// close writes what is queued and stops the writer; later writes fail.
func (c *conn) close() {
	c.qmu.Lock()
	already := c.closing
	c.closing = true
	c.qmu.Unlock()
	if !already {
		c.signal()
	}
	<-c.done
}

func (c *conn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *conn) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	c.qmu.Lock()
	switch {
	case c.err != nil:
		err = c.err
	case c.closing:
		err = errClosed
	default:
		c.queue = append(c.queue, b.Bytes())
	}
	c.qmu.Unlock()
	c.signal()
	return err
}

var errClosed = errors.New("connection closed")

func (c *conn) notify(method string, params any) error {
	return c.write(&outgoing{JSONRPC: "2.0", Method: method, Params: params})
}

func (c *conn) reply(id json.RawMessage, result any, err *rpcError) error {
	return c.write(&response{ID: id, Result: result, Error: err})
}

// call sends a request and waits for its response.
func (c *conn) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	c.nextID++
	id := json.RawMessage(strconv.FormatInt(c.nextID, 10))
	ch := make(chan *message, 1)
	c.pending[string(id)] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, string(id))
		c.mu.Unlock()
	}()
	if err := c.write(&outgoing{JSONRPC: "2.0", ID: id, Method: method, Params: params}); err != nil {
		return nil, err
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return nil, m.Error
		}
		return m.Result, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// deliver hands a response to the call waiting for it, and reports
// whether one was.
func (c *conn) deliver(m *message) bool {
	c.mu.Lock()
	ch := c.pending[string(m.ID)]
	c.mu.Unlock()
	if ch == nil {
		return false
	}
	ch <- m
	return true
}
