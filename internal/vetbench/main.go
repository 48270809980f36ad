// Command vetbench writes the module that bench.sh vets: the end-to-end
// budget of the vet pass (docs/BENCHMARKS.md, "Vet pass, end to end").
//
//	go run ./internal/vetbench -repo $PWD /tmp/vetmod
//
// The module has -cells cells of -types Rust types each (schemas/CELL.rs:
// structs of fixed-width integers, floats, bools, chars, arrays and nested
// structs, fieldless enums and enums with fields, rkyv 0.8 default
// profile) and -packages Go packages of ordinary code, each binding about
// ten of one cell's types with //cell:type (every field at its archived
// offset, padding explicit; the layouts are computed with rustschema and
// its layout engine) and making ten cell.Call calls, to its cell and, in
// about half of them, to the cell of an earlier package it imports. The
// go.mod replaces github.com/cellvet/cellvet with -repo, so the packages
// use the real runtime.
//
// It writes no cell.lock: pin every cell with "cellvet add CELL --schema
// schemas/CELL.rs", then complete go.mod with "go list -mod=mod ./..."
// (as bench.sh does). The output is a function of the flags (and of the
// checkout's go.sum, which it copies).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	var cfg config
	flag.Uint64Var(&cfg.seed, "seed", 1, "generator `seed`")
	flag.IntVar(&cfg.cells, "cells", 10, "number of cells")
	flag.IntVar(&cfg.types, "types", 100, "Rust types per cell")
	flag.IntVar(&cfg.packages, "packages", 100, "number of Go packages")
	flag.StringVar(&cfg.repo, "repo", "", "the cellvet `checkout` the module uses (required)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: vetbench [flags] -repo CHECKOUT DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || cfg.repo == "" || cfg.cells < 1 || cfg.types < 1 || cfg.packages < 1 {
		flag.Usage()
		os.Exit(2)
	}
	repo, err := filepath.Abs(cfg.repo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vetbench:", err)
		os.Exit(1)
	}
	cfg.repo = repo
	m, err := generate(cfg)
	if err == nil {
		err = m.write(flag.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vetbench:", err)
		os.Exit(1)
	}
}
