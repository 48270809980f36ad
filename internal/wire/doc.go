// Package wire is what the cell runtime needs of the cell protocol
// (docs/protocol.md), and no more, so that programs calling cells do not
// link the schema parser: the framing (ReadFrame and the reserved control
// length word), the cell name rule and where a cell's socket is (Resolve,
// Listen), and the responder's side of the schema request (Schema, which
// encodes a cell's reply once and answers requests with it).
//
// The client side of the schema request, which decodes and verifies
// replies, is package schemaproto.
package wire
