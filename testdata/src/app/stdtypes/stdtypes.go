// Package stdtypes binds a type holding std types rkyv archives and a
// borrowed field archived through a with-wrapper: plain-data std types
// are mirrored by their bytes, a shared pointer is not carried.
package stdtypes

//cell:type net.Peer
type Peer struct { // want Peer:`bound net.Peer \(mismatch\)`
	_      [0]uint32
	Addr   [6]byte
	IP     [17]byte
	_      [1]byte
	Ports  [4]byte
	Shared [4]byte // want `Peer.Shared: net.Peer.shared is a Rc<u32>: the cell runtime does not carry it`
	Data   [8]byte
}

//cell:type net.Peer
type Wrong struct { // want Wrong:`bound net.Peer \(mismatch\)`
	Addr   [3]uint16 // want `Wrong.Addr: \[3\]uint16 does not match net.Peer.addr SocketAddrV4: want \[6\]byte`
	IP     [17]byte
	_      [1]byte
	Ports  [4]byte
	Shared [4]byte   // want `Wrong.Shared: net.Peer.shared is a Rc<u32>`
	Data   [2]uint32 // want `Wrong.Data: net.Peer.data is archived through a with-wrapper: want \[8\]byte`
}
