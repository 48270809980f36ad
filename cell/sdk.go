package cell

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"reflect"
	"unicode/utf8"
	"unsafe"
)

// A Cell SDK cell (the Cell project's cell-sdk 0.4.1) frames a request as
// the u32 length, a 24-byte routing header it ignores (target_id u64,
// source_id u64, ttl u8, flags u8, 6 bytes of padding), a channel byte (0:
// application calls) and the archive; a reply is the u32 length and one
// of: the archived response, an archived ErrorResponse, or the text
// "Handler error: MESSAGE" (docs/runtime.md §10).

// sdkEnvelope is the header and channel byte of every request: zeros but
// the ttl, 64.
var sdkEnvelope = [24 + 1]byte{16: 64}

// handlerPrefix starts the reply of a handler that returned an error.
var handlerPrefix = []byte("Handler error: ")

// errorResponse mirrors cell-sdk's
//
//	#[derive(Archive)] pub struct ErrorResponse { pub code: u32, pub message: String, pub cell: String }
//
// archived by rkyv 0.7, le, p32, non-strict: repr(Rust), whose field order
// rustc chooses: message at 0, cell at 8, code at 16; 20 bytes, align 4,
// as the oracle measured it (TestErrorResponseMeasured).
type errorResponse struct {
	Message String `cell:"message,decl=1"`
	Cell    String `cell:"cell,decl=2"`
	Code    uint32 `cell:"code,decl=0"`
}

// RemoteError is a Cell SDK cell's report that a call failed (KindRemote):
// an ErrorResponse (the cell refused the request, e.g. it failed the
// cell's validation), or the text of a handler's error (Handler).
type RemoteError struct {
	Cell    string // the cell called
	Code    uint32 // the ErrorResponse's code; 0 for a handler error
	Message string
	Source  string // the ErrorResponse's cell field; "" for a handler error
	Handler bool   // the handler returned an error: the reply was "Handler error: MESSAGE"
}

func (e *RemoteError) Error() string {
	if e.Handler {
		return fmt.Sprintf("cell %s: handler error: %s", e.Cell, e.Message)
	}
	return fmt.Sprintf("cell %s (%s): error %d: %s", e.Cell, e.Source, e.Code, e.Message)
}

// sdkReply classifies a Cell SDK cell's reply: the response of the
// request's method (a Resp whose tag is the request's), an ErrorResponse,
// a handler's error text, the response of another method; else the
// reply's validation error as a Resp. The tags are the roots' first
// fields (the request's root, last in its archive, is a copy of *req).
// The payload is left as it came until its type is chosen: validating a
// 0.7 archive rewrites its strings.
func (x *exchange) sdkReply(c *conn, payload []byte, f format) (unsafe.Pointer, error) {
	want := readTag(x.reqPtr, x.req.tag)
	c.strs = c.strs[:0]
	p, err := x.resp.accessDeferred(payload, f, &c.strs)
	var got uint32
	if err == nil {
		if got = readTag(p, x.resp.tag); got == want {
			rewrite07(payload, c.strs)
			return p, nil
		}
	}
	if re := x.remoteError(c, payload); re != nil {
		msg := fmt.Sprintf("error %d from %s: %s", re.Code, re.Source, re.Message)
		if re.Handler {
			msg = "handler error: " + re.Message
		}
		return nil, x.fail(KindRemote, re, "%s", msg)
	}
	if err == nil {
		return nil, x.fail(KindTag, nil, "the reply is variant %d of the response enum, the call sent method %d (variant %d), with Req %v and Resp %v (is the request's tag the index of the method it is meant for?)", got, want, want, x.req.typ, x.resp.typ)
	}
	return nil, x.archiveFail(err)
}

// remoteError returns the error a Cell SDK reply reports, or nil: an
// archived ErrorResponse, or UTF-8 text starting with "Handler error: ".
func (x *exchange) remoteError(c *conn, payload []byte) *RemoteError {
	c.strs = c.strs[:0]
	if p, err := planFor(reflect.TypeFor[errorResponse]()).accessDeferred(payload, format07, &c.strs); err == nil && serialized07(payload) {
		rewrite07(payload, c.strs)
		r := (*errorResponse)(p)
		return &RemoteError{Cell: x.cell, Code: r.Code, Message: r.Message.String(), Source: r.Cell.String()}
	}
	if msg, ok := bytes.CutPrefix(payload, handlerPrefix); ok && utf8.Valid(msg) {
		return &RemoteError{Cell: x.cell, Message: string(msg), Handler: true}
	}
	return nil
}

// serialized07 reports whether a valid archived errorResponse is laid out
// exactly as rkyv 0.7's serializer writes one: the out-of-line bytes of
// its strings from offset 0 in declaration order (message, then cell),
// then the root, 4-aligned, last. A reply of another method that happens
// to validate as an errorResponse is not.
func serialized07(payload []byte) bool {
	var e errorResponse
	root := len(payload) - int(unsafe.Sizeof(e))
	n := 0
	for _, off := range [...]uintptr{unsafe.Offsetof(e.Message), unsafe.Offsetof(e.Cell)} {
		at := root + int(off)
		r := payload[at : at+8]
		if r[7]&0x80 == 0 {
			continue // inline: its length is r[7]
		}
		if at+int(int32(binary.LittleEndian.Uint32(r[4:]))) != n {
			return false
		}
		n += int(binary.LittleEndian.Uint32(r[:4]))
	}
	return (n+3)&^3 == root
}

// handlerFailed reports whether err is a Cell SDK handler's error, after
// which the connection stays good.
func handlerFailed(err error) bool {
	ce, ok := err.(*Error)
	if !ok || ce.Kind != KindRemote {
		return false
	}
	re, ok := ce.Err.(*RemoteError)
	return ok && re.Handler
}
