package rustschema

import (
	"slices"
	"strings"
)

// The std types rkyv archives natively beyond the ones with a TypeKind of
// their own (String, Vec, Box, Option, ...). They share one kind, Std,
// named by the canonical name below; the layout package gives each its
// archived form. The list follows rkyv 0.7.45's src/impls and 0.8.18's
// src/impls/{core,alloc,std}: what either version implements Archive for,
// in std, core or alloc, with a layout that does not depend on user code.

// stdInfo describes one std type of kind Std.
type stdInfo struct {
	name  string // canonical name
	arity int
	// unsized: the argument may be str or [T] (Rc<str>, Cow<[u8]>).
	unsized bool
	v07     bool // archived by rkyv 0.7
	v08     bool // archived by rkyv 0.8
	// wrapper, when set, is the with-wrapper without which rkyv does not
	// archive the type (Cow: AsOwned).
	wrapper string
	// pointer: the archived form holds a relative pointer to out-of-line
	// data (ArchivedRc, ArchivedVec, ArchivedCString).
	pointer bool
	paths   []string
}

var stdInfos = append([]*stdInfo{
	{name: "Ipv4Addr", v07: true, v08: true, paths: netPaths("Ipv4Addr")},
	{name: "Ipv6Addr", v07: true, v08: true, paths: netPaths("Ipv6Addr")},
	{name: "IpAddr", v07: true, v08: true, paths: netPaths("IpAddr")},
	{name: "SocketAddrV4", v07: true, v08: true, paths: netPaths("SocketAddrV4")},
	{name: "SocketAddrV6", v07: true, v08: true, paths: netPaths("SocketAddrV6")},
	{name: "SocketAddr", v07: true, v08: true, paths: netPaths("SocketAddr")},
	{name: "Range", arity: 1, v07: true, v08: true, paths: corePaths("ops", "Range")},
	{name: "RangeInclusive", arity: 1, v07: true, v08: true, paths: corePaths("ops", "RangeInclusive")},
	{name: "RangeFrom", arity: 1, v07: true, v08: true, paths: corePaths("ops", "RangeFrom")},
	{name: "RangeTo", arity: 1, v07: true, v08: true, paths: corePaths("ops", "RangeTo")},
	{name: "RangeToInclusive", arity: 1, v07: true, v08: true, paths: corePaths("ops", "RangeToInclusive")},
	{name: "RangeFull", v07: true, v08: true, paths: corePaths("ops", "RangeFull")},
	{name: "Bound", arity: 1, v08: true, paths: corePaths("ops", "Bound")},
	{name: "ManuallyDrop", arity: 1, v07: true, v08: true, paths: corePaths("mem", "ManuallyDrop")},
	{name: "PhantomPinned", v07: true, v08: true, paths: corePaths("marker", "PhantomPinned")},
	{name: "Rc", arity: 1, unsized: true, pointer: true, v07: true, v08: true, paths: allocPaths("rc", "Rc")},
	{name: "Arc", arity: 1, unsized: true, pointer: true, v07: true, v08: true, paths: allocPaths("sync", "Arc")},
	{name: "rc::Weak", arity: 1, unsized: true, pointer: true, v07: true, v08: true, paths: allocPaths("rc", "Weak")},
	{name: "sync::Weak", arity: 1, unsized: true, pointer: true, v07: true, v08: true, paths: allocPaths("sync", "Weak")},
	{name: "VecDeque", arity: 1, pointer: true, v07: true, v08: true, paths: append(allocPaths("collections", "VecDeque"), allocPaths("collections::vec_deque", "VecDeque")...)},
	{name: "CString", pointer: true, v07: true, v08: true, paths: allocPaths("ffi", "CString")},
	// Archived only through a with-wrapper (not natively: v07 and v08
	// false), accepted in the schema so that the wrapper can be checked.
	{name: "Cow", arity: 1, unsized: true, wrapper: "AsOwned", paths: allocPaths("borrow", "Cow")},
	{name: "PathBuf", wrapper: "AsString", paths: []string{"std::path::PathBuf"}},
	{name: "OsString", wrapper: "AsString", paths: []string{"std::ffi::OsString", "std::ffi::os_str::OsString"}},
	{name: "SystemTime", wrapper: "AsUnixTime (rkyv 0.8) or UnixTimestamp (rkyv 0.7)", paths: []string{"std::time::SystemTime"}},
	{name: "Mutex", arity: 1, wrapper: "Lock", paths: []string{"std::sync::Mutex"}},
	{name: "RwLock", arity: 1, wrapper: "Lock", paths: []string{"std::sync::RwLock"}},
	{name: "Cell", arity: 1, wrapper: "Unsafe", paths: corePaths("cell", "Cell")},
	{name: "UnsafeCell", arity: 1, wrapper: "Unsafe", paths: corePaths("cell", "UnsafeCell")},
}, atomicInfos()...)

// atomicInts maps each atomic type to the integer its wrappers archive
// it as: AtomicBool as u8, which is bool's layout without bool's niche
// (rkyv 0.7 archives the atomic itself, which has none).
var atomicInts = map[string]string{
	"AtomicBool": "u8", "AtomicU8": "u8", "AtomicI8": "i8", "AtomicU16": "u16", "AtomicI16": "i16",
	"AtomicU32": "u32", "AtomicI32": "i32", "AtomicU64": "u64", "AtomicI64": "i64",
	"AtomicUsize": "usize", "AtomicIsize": "isize",
}

// atomicInfos describes the atomic types, in name order.
func atomicInfos() []*stdInfo {
	var out []*stdInfo
	for name := range atomicInts {
		out = append(out, &stdInfo{name: name, arity: 0, wrapper: "AtomicLoad (rkyv 0.8) or Atomic (rkyv 0.7)", paths: corePaths("sync::atomic", name)})
	}
	slices.SortFunc(out, func(a, b *stdInfo) int { return strings.Compare(a.name, b.name) })
	return out
}

func netPaths(name string) []string { return []string{"std::net::" + name, "core::net::" + name} }

func corePaths(mod, name string) []string {
	return []string{"std::" + mod + "::" + name, "core::" + mod + "::" + name}
}

func allocPaths(mod, name string) []string {
	return []string{"std::" + mod + "::" + name, "alloc::" + mod + "::" + name}
}

// stdByName maps canonical names to their descriptions.
var stdByName = func() map[string]*stdInfo {
	m := make(map[string]*stdInfo, len(stdInfos))
	for _, s := range stdInfos {
		m[s.name] = s
	}
	return m
}()

// StdArchived reports whether rkyv version rkyv ("0.7" or "0.8")
// implements Archive for the Std type named name.
func StdArchived(name, rkyv string) bool {
	s := stdByName[name]
	if s == nil {
		return false
	}
	if rkyv == "0.7" {
		return s.v07
	}
	return s.v08
}

// StdPointer reports whether the archived form of the Std type named
// name holds a relative pointer to out-of-line data (Rc, Arc, Weak,
// VecDeque, CString).
func StdPointer(name string) bool {
	s := stdByName[name]
	return s != nil && s.pointer
}
