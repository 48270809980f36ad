package wire

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/cellvet/cellvet/internal/netutil"
)

// defaultSocketDir is the directory of cell sockets when CELL_SOCKET_DIR is
// unset or empty.
const defaultSocketDir = "/tmp/cell"

// SocketDirEnv is the environment variable naming the socket directory.
const SocketDirEnv = netutil.SocketDirEnv

// maxUnixPath is the longest Unix socket path Linux accepts (sun_path is
// 108 bytes including the terminating NUL).
const maxUnixPath = 107

// ValidateName checks a cell name: 1 to MaxNameLen bytes of ASCII letters,
// digits, '_', '-' and '.', starting with a letter, digit or '_'. A name
// therefore never holds a path separator, never is "." or "..", and is
// safe as a file name and a lock key.
func ValidateName(name string) error {
	if name == "" {
		return errors.New("empty cell name")
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("cell name of %d bytes is too long (at most %d)", len(name), MaxNameLen)
	}
	for i, c := range name {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
		case (c == '-' || c == '.') && i > 0:
		default:
			if c == '/' || c == '\\' {
				return fmt.Errorf("cell name %q holds a path separator", name)
			}
			if c == utf8.RuneError {
				return fmt.Errorf("cell name %q is not valid UTF-8", name)
			}
			if i == 0 && (c == '-' || c == '.') {
				return fmt.Errorf("cell name %q must start with a letter, digit or '_'", name)
			}
			return fmt.Errorf("cell name %q holds %q (names use letters, digits, '_', '-' and '.')", name, c)
		}
	}
	return nil
}

// socketDir returns $CELL_SOCKET_DIR, or defaultSocketDir when it is unset
// or empty.
// SocketDir is the directory of the cells' sockets: $CELL_SOCKET_DIR, else
// the default.
func SocketDir() string {
	if d := os.Getenv(SocketDirEnv); d != "" {
		return d
	}
	return defaultSocketDir
}

// SocketPath returns the socket path of the named cell: $CELL_SOCKET_DIR/NAME.sock.
func SocketPath(name string) string { return filepath.Join(SocketDir(), name+".sock") }

// Target is where a cell is reached.
type Target struct {
	Name    string // the cell's name
	Network string // "unix" or "tcp"
	Address string // socket path or host:port
}

// String returns "network:address", e.g. "unix:/tmp/cell/market.sock" or
// "tcp:10.0.0.7:7000".
func (t Target) String() string { return t.Network + ":" + t.Address }

// Resolve turns a cell argument into a target: "NAME" is the Unix socket
// $CELL_SOCKET_DIR/NAME.sock, "NAME@HOST:PORT" is TCP.
func Resolve(spec string) (Target, error) { return resolveIn(spec, SocketDir()) }

// ResolveIn is Resolve with an explicit socket directory (the value of
// $CELL_SOCKET_DIR, which the cell runtime reads once per call without
// allocating, to key its pool).
func ResolveIn(spec, dir string) (Target, error) { return resolveIn(spec, dir) }

// resolveIn is Resolve with an explicit socket directory.
func resolveIn(spec, dir string) (Target, error) {
	name, hostport, remote := strings.Cut(spec, "@")
	if err := ValidateName(name); err != nil {
		return Target{}, err
	}
	if !remote {
		if dir == "" {
			dir = defaultSocketDir
		}
		path := filepath.Join(dir, name+".sock")
		if len(path) > maxUnixPath {
			return Target{}, fmt.Errorf("socket path %s is %d bytes; Unix socket paths are limited to %d (shorten %s)", path, len(path), maxUnixPath, SocketDirEnv)
		}
		return Target{Name: name, Network: "unix", Address: path}, nil
	}
	if err := checkHostPort(hostport); err != nil {
		return Target{}, fmt.Errorf("cell address %q: %v (want NAME@HOST:PORT)", spec, err)
	}
	return Target{Name: name, Network: "tcp", Address: hostport}, nil
}

// CellSDKWhere says where a Cell SDK cell's socket is, for messages.
const CellSDKWhere = "a Cell SDK cell's socket is .cell/neighbors/NAME/tx under the working directory, else $HOME/.cell/io/NAME.sock"

// ResolveCellSDK returns the Unix socket of the named Cell SDK cell (the
// Cell project's cell-sdk): its neighbor link .cell/neighbors/NAME/tx
// under the working directory when that exists (os.Stat: a link is
// followed), made absolute, else $HOME/.cell/io/NAME.sock
// (os.UserHomeDir).
func ResolveCellSDK(name string) (Target, error) {
	if err := ValidateName(name); err != nil {
		return Target{}, err
	}
	path := filepath.Join(".cell", "neighbors", name, "tx")
	if _, err := os.Stat(path); err == nil {
		if path, err = filepath.Abs(path); err != nil {
			return Target{}, fmt.Errorf("cannot make the neighbor link .cell/neighbors/%s/tx absolute: %v", name, err)
		}
	} else {
		home, err := os.UserHomeDir()
		if err != nil {
			return Target{}, fmt.Errorf("no neighbor link .cell/neighbors/%s/tx, and no home directory for .cell/io/%s.sock: %v", name, name, err)
		}
		path = filepath.Join(home, ".cell", "io", name+".sock")
	}
	if len(path) > maxUnixPath {
		return Target{}, fmt.Errorf("socket path %s is %d bytes; Unix socket paths are limited to %d", path, len(path), maxUnixPath)
	}
	return Target{Name: name, Network: "unix", Address: path}, nil
}

func checkHostPort(hostport string) error {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		if ae, ok := err.(*net.AddrError); ok {
			return errors.New(ae.Err)
		}
		return err
	}
	if host == "" {
		return errors.New("missing host")
	}
	if strings.ContainsAny(host, "@/\\ \t") {
		return fmt.Errorf("invalid host %q", host)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return nil
}

// Listen opens the listener for a responder of the named cell.
//
//   - "" listens on the cell's Unix socket, SocketPath(name), creating the
//     socket directory if needed;
//   - "unix:PATH", or any address holding a '/', listens on that Unix socket;
//   - "HOST:PORT" (e.g. "127.0.0.1:7000", ":7000") listens on TCP.
//
// A leftover socket file nobody listens on is removed first; a socket some
// process still serves is left alone and reported.
func Listen(name, addr string) (net.Listener, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	path, isUnix := strings.CutPrefix(addr, "unix:")
	switch {
	case addr == "":
		path, isUnix = SocketPath(name), true
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the socket directory: %v", err)
		}
	case !isUnix && strings.Contains(addr, "/"):
		path, isUnix = addr, true
	}
	if !isUnix {
		if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
			return nil, fmt.Errorf("listen address %q: want HOST:PORT, unix:PATH or a socket path", addr)
		}
		return net.Listen("tcp", addr)
	}
	if path == "" {
		return nil, fmt.Errorf("listen address %q: empty socket path", addr)
	}
	if len(path) > maxUnixPath {
		return nil, fmt.Errorf("socket path %s is %d bytes; Unix socket paths are limited to %d", path, len(path), maxUnixPath)
	}
	if err := removeStaleSocket(path); err != nil {
		return nil, err
	}
	return net.Listen("unix", path)
}

// removeStaleSocket removes a socket file at path that no process listens
// on (a cell that died without cleaning up).
func removeStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket; not replacing it", path)
	}
	c, err := net.DialTimeout("unix", path, time.Second)
	if err == nil {
		c.Close()
		return fmt.Errorf("%s is in use: another process is serving on it", path)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("cannot check the existing socket %s: %v", path, netutil.Unwrap(err))
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the stale socket %s: %v", path, err)
	}
	return nil
}
