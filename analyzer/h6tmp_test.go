package analyzer_test

import (
	"testing"

	"github.com/cellvet/cellvet/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestH6Tmp(t *testing.T) {
	analysistest.Run(t, app, analyzer.New(analyzer.Config{}), "./enums")
}
