// Package facts defines the analysis facts the cellvet vet pass exports
// about a package's objects, so that packages importing it can check calls
// and types without re-reading its source: which Go types are bound to
// which Rust types (Bound), and which functions forward a cell name and a
// message to cell.Call or cell.CallInto (Wrapper).
//
// Facts are gob-encoded into go vet's .vetx files, so every field is
// exported (gob drops unexported fields silently) and the types are plain
// data.
package facts

import (
	"fmt"
	"strings"
)

// Bound is the fact on a Go type name whose doc comment binds it to a Rust
// type with a //cell:type directive.
type Bound struct {
	Cell    string // the cell, as named in cell.lock
	Type    string // the Rust struct or enum
	Variant string // the enum variant, for CELL.Enum::Variant; else ""
	// Mismatch reports that the pass found the Go type different from the
	// lock at its declaration (reported there), so importers need not
	// report the same differences again at every call.
	Mismatch bool
}

// AFact marks Bound as an analysis fact.
func (*Bound) AFact() {}

// Target is the Rust type as written in the directive: CELL.Type or
// CELL.Enum::Variant.
func (b *Bound) Target() string {
	s := b.Cell + "." + b.Type
	if b.Variant != "" {
		s += "::" + b.Variant
	}
	return s
}

func (b *Bound) String() string {
	s := "bound " + b.Target()
	if b.Mismatch {
		s += " (mismatch)"
	}
	return s
}

// Wrapper is the fact on a function that forwards one of its parameters to
// cell.Call or cell.CallInto as the cell name, directly or through other wrappers, so that
// calls of the function are checked like calls of cell.Call.
//
// The message types are found at each call of the wrapper from its
// instantiated signature: Req is the element type of parameter ReqParam
// (a *T) and Resp the element type of result RespResult (a *T), or, when
// the types are the wrapper's type parameters and not visible in its
// signature, type argument ReqTParam or RespTParam. -1 means "not known";
// that type is then not checked at calls of the wrapper.
//
// Serve marks a wrapper of cell.Serve: it forwards the cell name (the
// name of a cell.WithCanon option) as parameter NameParam, and Req and
// Resp are those of the handler it takes as parameter HandlerParam (a
// func(context.Context, *Req) (*Resp, error)), or its type arguments
// ReqTParam and RespTParam.
type Wrapper struct {
	NameParam    int
	ReqParam     int
	RespResult   int
	ReqTParam    int
	RespTParam   int
	Serve        bool
	HandlerParam int
}

// AFact marks Wrapper as an analysis fact.
func (*Wrapper) AFact() {}

func (w *Wrapper) String() string {
	var parts []string
	add := func(what string, i int) {
		if i >= 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", what, i))
		}
	}
	add("name", w.NameParam)
	add("req", w.ReqParam)
	add("resp", w.RespResult)
	add("reqT", w.ReqTParam)
	add("respT", w.RespTParam)
	add("handler", w.HandlerParam)
	if w.Serve {
		parts = append(parts, "serve")
	}
	return "cellWrapper(" + strings.Join(parts, " ") + ")"
}
