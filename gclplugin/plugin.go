// Package gclplugin registers the cellvet vet pass as a golangci-lint v2
// module plugin named cellvet (docs/golangci-lint.md).
//
// Settings (linters.settings.custom.cellvet.settings in .golangci.yml):
//
//	lock: path/to/cell.lock   # default: cell.lock at the module root
//	predicted: true           # also report predicted layouts
//
// golangci-lint caches a package's findings by its files, its
// dependencies and the names of the linter's analyzers: not by cell.lock.
// Beside the vet pass (named cellvet, as the linter is, so that messages
// carry no prefix), the plugin therefore returns an analyzer that reports
// nothing, named after the lock: cellvet_lock_ and a hash of the lock found
// from golangci-lint's working directory (or of settings.lock). A lock
// edit changes that name, and the cache misses.
package gclplugin

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cellvet/cellvet/analyzer"
	"github.com/cellvet/cellvet/internal/blake3"
	"github.com/cellvet/cellvet/lockfile"
)

func init() { register.Plugin("cellvet", New) }

// Settings are the plugin's settings.
type Settings struct {
	Lock      string `json:"lock"`
	Predicted bool   `json:"predicted"`
}

// New returns the plugin for golangci-lint's settings.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("cellvet: settings: %w", err)
	}
	return &plugin{s}, nil
}

type plugin struct{ s Settings }

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	key, err := lockKey(p.s.Lock)
	if err != nil {
		return nil, err
	}
	stamp := &analysis.Analyzer{
		Name: "cellvet_lock_" + key,
		Doc:  "keys golangci-lint's cache on the state of cell.lock; it reports nothing",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
	return []*analysis.Analyzer{analyzer.New(analyzer.Config{Lock: p.s.Lock, Predicted: p.s.Predicted}), stamp}, nil
}

func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// lockKey hashes the state of the lock the packages are checked against,
// as found from the working directory: 16 hex digits.
func lockKey(lock string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("cellvet: %w", err)
	}
	root := lockfile.ModuleRoot(wd)
	if root == "" {
		root = wd
	}
	h := blake3.New()
	lockfile.HashState(h, lockfile.Path(root, lock))
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
