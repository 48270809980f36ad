// Command client calls the exchange test cell of examples/cellsdk (a Rust
// cell built with the Cell SDK's macros) through vet-checked types: every
// method shape, and the handler error the cell answers as plain text.
//
// Start the cell, then the client (the cell links
// $HOME/.cell/io/exchange.sock to its socket, where the client finds it):
//
//	(cd examples/cellsdk && cargo run --locked --bin exchange) &
//	go run ./examples/cellsdk/client
//
// docs/cell-sdk.md walks through it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cellvet/cellvet/cell"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

// run makes one call of each method shape and prints what came back.
func run(ctx context.Context, w io.Writer) error {
	const name = "exchange"

	// No arguments.
	ping, err := cell.Call[PingReply](ctx, name, &PingCall{Tag: MethodPing})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "ping:", ping.Value)

	// A string argument and a string reply.
	var b cell.Buffer
	echo, err := cell.Call[EchoReply](ctx, name, &EchoCall{Tag: MethodEcho, Text: b.String("héllo, cell")}, cell.WithBuffer(&b))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "echo:", echo.Text.String())

	// Several arguments, a nested struct in the reply.
	b.Reset()
	q, err := cell.Call[QuoteReply](ctx, name, &QuoteCall{Tag: MethodQuote, Symbol: b.String("ACME"), Depth: 5}, cell.WithBuffer(&b))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "quote: %s bid %.2f ask %.2f depth %d\n", q.Quote.Symbol.String(), q.Quote.Bid, q.Quote.Ask, q.Quote.Depth)

	// A vector.
	b.Reset()
	sum, err := cell.Call[SumReply](ctx, name, &SumCall{Tag: MethodSum, Values: cell.MakeVec(&b, []uint32{1, 2, 3, 4000000000})}, cell.WithBuffer(&b))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "sum:", sum.Total)

	// A nested protein with an option and a vector of strings.
	b.Reset()
	order := Order{ID: 7, Symbol: b.String("ACME"), Side: Sell, Qty: 100, Limit: cell.Some(101.5),
		Tags: cell.MakeVec(&b, []cell.String{b.String("gtc"), b.String("ioc")})}
	ack, err := cell.Call[PlaceReply](ctx, name, &PlaceCall{Tag: MethodPlace, Order: order}, cell.WithBuffer(&b))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "place: id %d accepted %v note %q\n", ack.Ack.ID, ack.Ack.Accepted, ack.Ack.Note.String())

	// A vector of structs in, two out.
	b.Reset()
	levels := cell.MakeVec(&b, []Level{{Price: 99, Qty: 10}, {Price: 101, Qty: 20}, {Price: 98.5, Qty: 30}})
	book, err := cell.Call[BookReply](ctx, name, &BookCall{Tag: MethodBook, Symbol: b.String("ACME"), Levels: levels}, cell.WithBuffer(&b))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "book: %s bids %d asks %d\n", book.Book.Symbol.String(), book.Book.Bids.Len(), book.Book.Asks.Len())

	// A handler that fails: the cell answers with text, the call with a
	// *cell.RemoteError.
	b.Reset()
	_, err = cell.Call[FailReply](ctx, name, &FailCall{Tag: MethodFail, Reason: b.String("closed")}, cell.WithBuffer(&b))
	var re *cell.RemoteError
	if !errors.As(err, &re) {
		return fmt.Errorf("fail: want a remote error, got %v", err)
	}
	fmt.Fprintf(w, "fail: handler error %v: %s\n", re.Handler, re.Message)
	return nil
}
