package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cellvet/cellvet/lockfile"
)

// fpConst is a constant marked //cell:fp CELL.
type fpConst struct {
	cell string
	spec *ast.ValueSpec
}

// digestLen is the length of a full digest in hex digits (BLAKE3-256).
const digestLen = 64

// checkFingerprint checks a //cell:fp constant against the lock: a
// fingerprint (an integer, or a string of 16 hex digits) or the full
// digest (a string of 64).
func (s *state) checkFingerprint(fp fpConst) {
	name := fp.spec.Names[0]
	obj, ok := s.TypesInfo.Defs[name].(*types.Const)
	if !ok || !s.useLock(name.Pos()) {
		return
	}
	cd := s.cellOf(fp.cell, name.Pos())
	if cd == nil {
		return
	}
	var got string
	val := obj.Val()
	switch val.Kind() {
	case constant.String:
		got = strings.TrimPrefix(constant.StringVal(val), "0x")
	case constant.Int:
		u, exact := constant.Uint64Val(val)
		if !exact {
			s.report(analysis.Diagnostic{Pos: name.Pos(), Category: "fp", Message: fmt.Sprintf("%s: %s is not a 64-bit fingerprint", name.Name, val.ExactString())})
			return
		}
		got = fmt.Sprintf("%016x", u)
	default:
		s.report(analysis.Diagnostic{Pos: name.Pos(), Category: "fp", Message: fmt.Sprintf("%s: a //cell:fp constant is a string or an integer, not %s", name.Name, val.Kind())})
		return
	}
	what, want := "fingerprint", cd.Fingerprint
	if len(got) == digestLen {
		what, want = "digest", cd.Digest
	}
	if strings.EqualFold(got, want) {
		return
	}
	var lit *ast.BasicLit
	if len(fp.spec.Values) == 1 {
		lit, _ = ast.Unparen(fp.spec.Values[0]).(*ast.BasicLit)
	}
	s.reportStale(name.Pos(), name.Name, what, fmt.Sprintf("%s %s is stale", what, got), want, fp.cell, lit)
}

// reportStale reports a constant that is not the lock's fingerprint or
// digest (what) want for cellName, with a fix rewriting lit when there is
// one.
func (s *state) reportStale(pos token.Pos, subject, what, problem, want, cellName string, lit *ast.BasicLit) {
	d := analysis.Diagnostic{
		Pos:      pos,
		Category: "fp",
		Message:  fmt.Sprintf("%s: %s: cell.lock has %s for cell %s", subject, problem, want, cellName),
		Related:  s.related(lockRef{cell: cellName}, "cell "+cellName),
	}
	if lit != nil {
		text := "0x" + want
		if lit.Kind == token.STRING {
			text = `"` + want + `"`
		}
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "Update the " + what + " to cell.lock's",
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(text)}},
		}}
	}
	s.report(d)
}

// constDecl is where a constant of this package is declared: its spec,
// and its //cell:fp cell if it has one.
type constDecl struct {
	spec   *ast.ValueSpec
	index  int
	fpCell string
}

// constDecls indexes the package's constant declarations.
func (s *state) constDecls(consts []*ast.ValueSpec, fps []fpConst) map[*types.Const]constDecl {
	m := map[*types.Const]constDecl{}
	for _, vs := range consts {
		for i, id := range vs.Names {
			if c, ok := s.TypesInfo.Defs[id].(*types.Const); ok {
				m[c] = constDecl{spec: vs, index: i}
			}
		}
	}
	for _, fp := range fps {
		if c, ok := s.TypesInfo.Defs[fp.spec.Names[0]].(*types.Const); ok {
			d := m[c]
			d.fpCell = fp.cell
			m[c] = d
		}
	}
	return m
}

// checkDialect reports an expectation of the wrong protocol for the cell:
// cell.Expect or ExpectDigest of a Cell SDK cell, whose handshake it
// cannot answer (the schema request makes it read a 4 GiB frame), or
// cell.ExpectCellSDK of a cellvet cell. It reports whether it did.
func (s *state) checkDialect(call *ast.CallExpr, fn *types.Func, cd *cellData) bool {
	sdk := cd.Protocol == lockfile.ProtocolCellSDK
	if sdk == (fn.Name() == "ExpectCellSDK") {
		return false
	}
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: "cellsdk", Related: s.related(lockRef{cell: cd.Name}, "cell "+cd.Name)}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	rename := func(to string) {
		if sel != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Call cell." + to,
				TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(to)}}}}
		}
	}
	if sdk {
		d.Message = fmt.Sprintf("cell %s is a Cell SDK cell (protocol = %q in cell.lock): it cannot answer the handshake of cell.%s; state its fingerprint with cell.ExpectCellSDK", cd.Name, lockfile.ProtocolCellSDK, fn.Name())
		if fn.Name() == "Expect" {
			rename("ExpectCellSDK")
		}
	} else {
		d.Message = fmt.Sprintf("cell %s speaks cellvet's protocol, not the Cell SDK's (cell.lock has no protocol = %q for it): use cell.Expect", cd.Name, lockfile.ProtocolCellSDK)
		rename("Expect")
	}
	s.report(d)
	return true
}

// checkExpects checks the calls of cell.Expect, cell.ExpectDigest and
// cell.ExpectCellSDK whose cell name is a constant: the cell must be in
// the lock and speak the protocol the call expects, and a constant
// fingerprint or digest must be the lock's. Other values state what a
// program learns at run time, which the pass cannot know.
func (s *state) checkExpects(calls []*ast.CallExpr, decls map[*types.Const]constDecl) {
	for _, call := range calls {
		fn, _ := typeutil.Callee(s.TypesInfo, call).(*types.Func)
		if fn == nil || len(call.Args) != 2 {
			continue
		}
		nameTV, valTV := s.TypesInfo.Types[call.Args[0]], s.TypesInfo.Types[call.Args[1]]
		if nameTV.Value == nil || nameTV.Value.Kind() != constant.String || !s.useLock(call.Args[0].Pos()) {
			continue
		}
		cellName := constant.StringVal(nameTV.Value)
		cd := s.cellOf(cellName, call.Args[0].Pos())
		if cd == nil || s.checkDialect(call, fn, cd) || valTV.Value == nil {
			continue
		}
		arg := call.Args[1]
		what, problem, want := "fingerprint", "", ""
		switch fn.Name() {
		case "Expect", "ExpectCellSDK":
			u, exact := constant.Uint64Val(constant.ToInt(valTV.Value))
			if got := fmt.Sprintf("%016x", u); exact && got != cd.Fingerprint {
				problem, want = "fingerprint "+got+" is stale", cd.Fingerprint
			}
		case "ExpectDigest":
			if valTV.Value.Kind() != constant.String {
				continue
			}
			what = "digest"
			switch got := constant.StringVal(valTV.Value); {
			case len(got) != digestLen || !isHex(got):
				problem, want = fmt.Sprintf("%q is not a digest (64 hex digits)", got), cd.Digest
			case !strings.EqualFold(got, cd.Digest):
				problem, want = "digest "+got+" is stale", cd.Digest
			}
		}
		if problem == "" {
			continue
		}
		lit, skip := s.argLiteral(arg, cellName, decls)
		if !skip {
			s.reportStale(arg.Pos(), "cell."+fn.Name(), what, problem, want, cellName, lit)
		}
	}
}

// argLiteral returns the literal a fix of constant argument arg rewrites:
// arg itself, or the value of the constant of this package it names.
// skip reports a //cell:fp constant of the same cell, whose staleness is
// reported (and fixed) at its declaration.
func (s *state) argLiteral(arg ast.Expr, cellName string, decls map[*types.Const]constDecl) (lit *ast.BasicLit, skip bool) {
	var id *ast.Ident
	switch e := ast.Unparen(arg).(type) {
	case *ast.BasicLit:
		return e, false
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil, false
	}
	c, _ := s.TypesInfo.Uses[id].(*types.Const)
	d, ok := decls[c]
	if !ok {
		return nil, false
	}
	if d.fpCell == cellName {
		return nil, true
	}
	if d.fpCell != "" || d.index >= len(d.spec.Values) {
		return nil, false // a fix here would break the other cell's constant
	}
	lit, _ = ast.Unparen(d.spec.Values[d.index]).(*ast.BasicLit)
	return lit, false
}

func isHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}
