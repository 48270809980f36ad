// Package geo binds a Go type to the shapes cell's Point, with a field of
// the wrong width (the language server's tests fix it).
package geo

import _ "github.com/cellvet/cellvet/cell"

// Point mirrors shapes.Point.
//
//cell:type shapes.Point
type Point struct {
	X uint32
	/* é🎉 */ Y uint32
	Live       bool
}
