package analyzer_test

import (
	"path/filepath"
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// app is the fixture module: a go.mod that replaces cellvet with this
// repository (so the fixtures use the real runtime), a cell.lock written
// by "cellvet add" from the schemas beside it (TestFixtureLockCurrent), and
// one package per group of checks.
var app = filepath.Join("..", "testdata", "src", "app")

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, app, analyzer.New(analyzer.Config{}), "./calls", "./bind", "./legacy", "./fp", "./wrap", "./shapes", "./user", "./arch")
}
