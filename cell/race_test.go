//go:build race

package cell

// raceEnabled: the race detector allocates on its own, so allocation
// counts are measured without it.
const raceEnabled = true
