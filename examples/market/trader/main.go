// Command trader calls the market cell: one quote and one order, and
// prints the replies. The cell is found at $CELL_SOCKET_DIR/market.sock
// (/tmp/cell when unset); whether it is the Rust exchange
// (examples/market/exchange) or the Go market cell (examples/market/gocell)
// makes no difference to the trader, since both serve one schema.
package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := trade(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "trader:", err)
		os.Exit(1)
	}
}

func trade(ctx context.Context) error {
	q, err := GetQuote(ctx, "ACME.XNYS", 2)
	if err != nil {
		return err
	}
	fmt.Printf("quote ACME.XNYS: bid %.2f ask %.2f sizes %v venue %q\n", q.Bid, q.Ask, q.BidSizes, q.Venue.String())

	limit := 101.5
	ack, err := Place(ctx, 7, Buy, 5, &limit, "desk-7/alice", "strategy:mean-reversion")
	if err != nil {
		return err
	}
	fmt.Printf("order %d: accepted %v, %q\n", ack.ID, ack.Accepted, ack.Note.String())
	return nil
}
