// Package shapes declares message types without directives; packages that
// send them bind them by name, and check them at the call.
package shapes

// Ack's second field is too wide for market.Ack.
type Ack struct {
	N  uint64
	OK uint32
}

// QuoteRequest matches market.QuoteRequest.
type QuoteRequest struct {
	Symbol [8]byte
	Depth  uint16
	Live   bool
}
