// Package schemaproto is the client side of the cell schema request
// (docs/protocol.md): how cellvet asks a running cell for its schema.
//
// Fetch sends the request to a cell (see wire.Resolve for "NAME" and
// "NAME@HOST:PORT"), recomputes the digest of the canonical text in the
// reply and refuses a reply whose digest, profile or name does not match;
// every failure is an *Error whose text names the peer, e.g.
//
//	schema request to unix:/tmp/cell/market.sock: reply length 16777216 exceeds the 1 MiB limit
//
// The responder's side, which the cell runtime serves, and the exchange
// itself (the request, the reply's decoding and verification, shared with
// the cell runtime's handshake) are package wire.
// The profile of a reply is rustschema's: one definition of the profile
// rules for the whole project.
package schemaproto
