// Package schemaproto implements the cell schema request protocol
// (docs/protocol.md): how cellvet asks a running cell for its schema, and
// how a cell (or a stand-in such as "cellvet serve-schema") answers.
//
// Cells frame every message as a u32 little-endian length followed by that
// many payload bytes. The length word 0xFFFFFFFF is reserved: no message can
// have it, and a frame starting with it is a control frame. A schema request
// is the 16-byte control frame
//
//	ff ff ff ff  'C' 'E' 'L' 'L' 'S' 'C' 'H' 'Q'  <version u16 LE>  <flags u16 LE>
//
// and its reply is one ordinary frame (at most MaxReplySize payload bytes)
// carrying the cell's name, its rkyv format profile, the CFP/1 canonical
// text of its schema and the BLAKE3-256 digest of that text, or an error.
//
// The client side is Fetch (with Resolve for "NAME" and "NAME@HOST:PORT").
// It recomputes the digest of the canonical text and refuses a reply whose
// digest, profile or name does not match; every failure is an *Error whose
// text names the peer, e.g.
//
//	schema request to unix:/tmp/cell/market.sock: reply length 16777216 exceeds the 1 MiB limit
//
// The server side is Responder: Serve and ServeConn answer schema requests
// on a listener, and Handle answers one request on a connection whose
// frames a runtime reads itself (see ReadFrame and ErrControlFrame), so that
// schema requests and normal messages can share a socket. ServeSchema is the
// whole of "cellvet serve-schema".
//
// Profile and Digest are rustschema's: one definition of the profile rules
// and of the digest for the whole project.
package schemaproto
