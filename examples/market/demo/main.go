// Command demo shows cellvet end to end on the market example, without
// Rust (a few seconds; about a minute the first time, which compiles
// cellvet): it starts the Go market cell on a temporary socket directory,
// pins it into a temporary copy of the trader module with "cellvet add
// market" (from the cell's socket), runs go vet with cellvet as its vet
// tool on the trader with one planted mismatch and then as it is, and runs
// the trader, which calls the cell and prints the replies.
//
//	go run ./examples/market/demo            # the Go market cell
//	go run ./examples/market/demo -rust      # the Rust exchange instead (needs cargo)
//
// Run it from a clone of the repository.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	rust := flag.Bool("rust", false, "build and call the Rust exchange (examples/market/exchange) instead of the Go market cell")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, *rust); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}
