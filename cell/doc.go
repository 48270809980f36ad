// Package cell is the Go runtime of cellvet: Call sends a message to a
// cell and returns its reply; Serve answers calls (for Go cells and tests).
//
// A cell listens on the Unix socket $CELL_SOCKET_DIR/NAME.sock (/tmp/cell
// when unset). Every message is one frame: a u32 little-endian payload
// length, then the payload, the archived rkyv bytes of the message
// (docs/protocol.md §1). Call opens a connection, sends one request frame,
// reads one reply frame and closes the connection.
//
// This version carries fixed-size messages only: types made of
// fixed-width integers, floats, bools, arrays of those and nested such
// structs. Their archived form is their bytes, little-endian, at their
// offsets; the Go type must mirror the archived layout, which the cellvet
// vet pass checks at build time against cell.lock. Strings, vectors,
// options and boxes (the runtime's view types), the fingerprint handshake
// on connect and connection pooling are not implemented yet; see
// docs/runtime.md.
//
// Serve can also answer schema requests (docs/protocol.md) on the same
// sockets, given the cell's canonical schema text (NewSchema, WithSchema).
package cell
