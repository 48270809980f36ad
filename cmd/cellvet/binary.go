package main

import (
	"github.com/cellvet/cellvet/lockfile"
)

// pinBinary pins a cell with layouts measured from its compiled binary.
func (p *pinner) pinBinary(name string, src lockfile.Source, schemaFile string, pf *profileFlags, old *lockfile.Cell) (*lockfile.Cell, error) {
	return nil, usageErr("cellvet add --binary: not wired yet")
}
