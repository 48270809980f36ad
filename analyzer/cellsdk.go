package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/cellvet/cellvet/lockfile"
)

// checkSDKCall checks a call to a Cell SDK cell (docs/cell-sdk.md): the
// request is a variant of a service's Protocol enum (or the whole enum)
// and the reply the Response variant of the same method (or the whole
// Response enum). The types themselves are checked as any message.
func (s *state) checkSDKCall(cd *cellData, req, resp types.Type, reqArg ast.Expr, reqAt, respAt token.Pos) {
	rb, ok := s.sdkBinding(req)
	if !ok || rb.cell != cd.Name {
		return // bound to another cell: checkMessage said so
	}
	svc, isReq := cd.ServiceOf(rb.typ)
	if svc == nil || !isReq {
		s.report(analysis.Diagnostic{Pos: reqAt, Category: "cellsdk", Message: fmt.Sprintf(
			"cell %s speaks the Cell SDK protocol: a request is a variant of a service's request enum (%s), not %s",
			cd.Name, sdkRequests(cd.Cell), rb.target())})
		return
	}
	if rb.variant != "" {
		s.checkRequestTag(cd, rb, reqArg)
	}
	pb, ok := s.sdkBinding(resp)
	if !ok || pb.cell != cd.Name {
		return
	}
	rsvc, isReq := cd.ServiceOf(pb.typ)
	switch {
	case rsvc != svc || isReq:
		s.report(analysis.Diagnostic{Pos: respAt, Category: "cellsdk", Message: fmt.Sprintf(
			"cell %s answers %s with a variant of %s, but the response type is bound to %s",
			cd.Name, rb.target(), svc.Response, pb.target())})
	case rb.variant != "" && pb.variant != "" && rb.variant != pb.variant:
		s.report(analysis.Diagnostic{Pos: respAt, Category: "cellsdk", Message: fmt.Sprintf(
			"the request calls method %s (%s) but the response type is bound to %s: the cell answers with %s.%s::%s",
			rb.variant, rb.target(), pb.target(), cd.Name, svc.Response, rb.variant)})
	}
}

// checkRequestTag checks the tag a request variant struct written as a
// literal at the call sends: the tag selects the method, and a literal
// that leaves it out sends the first method's.
func (s *state) checkRequestTag(cd *cellData, rb *binding, arg ast.Expr) {
	u, ok := ast.Unparen(arg).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return
	}
	lit, ok := ast.Unparen(u.X).(*ast.CompositeLit)
	if !ok {
		return
	}
	st, ok := s.TypesInfo.TypeOf(lit).Underlying().(*types.Struct)
	t := cd.Type(rb.typ)
	if !ok || st.NumFields() == 0 || t == nil {
		return
	}
	want, found := uint64(0), false
	for _, v := range t.Variants {
		if v.Name == rb.variant {
			want, found = v.Tag, true
		}
	}
	tagName := st.Field(0).Name()
	got, at := uint64(0), ast.Expr(nil)
	for i, e := range lit.Elts {
		kv, isKV := e.(*ast.KeyValueExpr)
		switch {
		case isKV:
			if id, _ := kv.Key.(*ast.Ident); id != nil && id.Name == tagName {
				at = kv.Value
			}
		case i == 0:
			at = e // positional: the first element is the tag
		}
	}
	if at != nil {
		tv := s.TypesInfo.Types[at]
		if tv.Value == nil {
			return // set at run time
		}
		got, _ = constant.Uint64Val(constant.ToInt(tv.Value))
	}
	if !found || got == want {
		return
	}
	d := analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Category: "cellsdk", Message: fmt.Sprintf(
		"the request sends tag %d, which is not %s's (%d): the tag selects the method the cell runs",
		got, rb.target(), want)}
	fix := fmt.Sprintf("%s: %d", tagName, want)
	switch {
	case at != nil:
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Set the tag to cell.lock's",
			TextEdits: []analysis.TextEdit{{Pos: at.Pos(), End: at.End(), NewText: []byte(strconv.FormatUint(want, 10))}}}}
	case len(lit.Elts) == 0:
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Set the tag to cell.lock's",
			TextEdits: []analysis.TextEdit{{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte(fix)}}}}
	default:
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Set the tag to cell.lock's",
			TextEdits: []analysis.TextEdit{{Pos: lit.Elts[0].Pos(), End: lit.Elts[0].Pos(), NewText: []byte(fix + ", ")}}}}
	}
	s.report(d)
}

// sdkBinding returns the binding of message type t, when it has one.
func (s *state) sdkBinding(t types.Type) (*binding, bool) {
	if t == nil {
		return nil, false
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return nil, false
	}
	obj := s.messageObj(t)
	if obj == nil {
		return nil, false
	}
	b := s.bound(obj)
	return b, b != nil
}

// sdkRequests lists the request enums of a cell's services.
func sdkRequests(c *lockfile.Cell) string {
	var out string
	for i, svc := range c.Services {
		if i > 0 {
			out += ", "
		}
		out += svc.Request + "::METHOD"
	}
	return out
}

// sdkCall reports whether the call of cs goes to a Cell SDK cell.
func sdkCall(cd *cellData, cs callSite) bool {
	return cd.Protocol == lockfile.ProtocolCellSDK && !cs.spec.Serve
}
