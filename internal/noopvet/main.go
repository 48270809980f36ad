// Command noopvet is a vet tool whose only analyzer does nothing: the
// floor any vet tool pays (go vet's process start-up, flag and config
// handling, and whatever the go command does for a -vettool). It is the
// baseline that bench.sh times cellvet against.
//
//	go build -o /tmp/noopvet ./internal/noopvet
//	go vet -vettool=/tmp/noopvet ./...
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var noop = &analysis.Analyzer{
	Name: "noop",
	Doc:  "do nothing: the floor any vet tool pays",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(noop) }
