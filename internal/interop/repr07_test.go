//go:build interop_repr07

package interop_test

// Runs the rkyv 0.7 Order cases of variable_test.go (see repr07 there).
func init() { repr07 = true }
