package analyzer

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/cellvet/cellvet/lockfile"
)

// checkSDKCall checks a call to a Cell SDK cell (docs/cell-sdk.md): the
// request is a variant of a service's Protocol enum (or the whole enum)
// and the reply the Response variant of the same method (or the whole
// Response enum). The types themselves are checked as any message.
func (s *state) checkSDKCall(cd *cellData, req, resp types.Type, reqAt, respAt token.Pos) {
	rb, ok := s.sdkBinding(req)
	if !ok {
		return
	}
	svc, isReq := cd.ServiceOf(rb.typ)
	if svc == nil || !isReq {
		s.report(analysis.Diagnostic{Pos: reqAt, Category: "cellsdk", Message: fmt.Sprintf(
			"cell %s speaks the Cell SDK protocol: a request is a variant of a service's request enum (%s), not %s",
			cd.Name, sdkRequests(cd.Cell), rb.target())})
		return
	}
	pb, ok := s.sdkBinding(resp)
	if !ok {
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
	if b := s.bound(obj); b != nil {
		return b, true
	}
	return nil, false
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
