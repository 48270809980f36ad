// Package cell is the Go runtime of cellvet: Call and CallInto send a
// message to a cell and return its reply; Serve answers calls.
//
// A cell listens on the Unix socket $CELL_SOCKET_DIR/NAME.sock (/tmp/cell
// when unset) or on TCP. Every message is one frame: a u32 little-endian
// payload length, then the payload, the archived rkyv bytes of the message
// (docs/protocol.md §1). Calls go through a process-wide pool of kept
// connections, one request at a time on each (SetPoolConfig, CloseIdle).
//
// A program states the schema it was built against with Expect (the
// //cell:fp constant the vet pass checks against cell.lock) or
// ExpectDigest; every new connection to that cell then asks the cell for
// its schema (the schema request of docs/protocol.md) and refuses a cell
// that serves another one, with a *MismatchError, before any message is
// sent. Serve answers those requests given the cell's canonical text
// (WithCanon).
//
// A cell built with the Cell project's SDK (cell-sdk) speaks another
// protocol: no handshake, a routing header before each request, replies
// that may be an ErrorResponse or a handler's error text. ExpectCellSDK
// (every call to the cell) and WithCellSDK (one call) select that mode;
// its requests and replies are variants of the service's Protocol and
// Response enums, and its errors a *RemoteError.
//
// docs/runtime.md is the contract: calls, the pool, the handshake,
// building and reading variable data, serving, profiles, errors, limits
// and Cell SDK cells.
package cell
