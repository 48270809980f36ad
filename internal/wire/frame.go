package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The cell framing (docs/protocol.md §1): every message is a u32
// little-endian payload length, then the payload.

// controlLength is the reserved length word. No message frame has it: a
// frame whose length word is controlLength is a control frame, whose layout
// is given by the bytes that follow (today only the schema request).
const controlLength uint32 = 0xFFFFFFFF

// ErrControlFrame is returned by ReadFrame when the length word is
// controlLength. The four length bytes have been consumed; the caller hands
// the connection to Schema.Handle (or refuses it).
var ErrControlFrame = errors.New("control frame (length word 0xffffffff)")

// FrameTooLargeError reports a length word above the reader's limit.
type FrameTooLargeError struct {
	Length uint32 // the length word read
	Max    int    // the limit
}

func (e *FrameTooLargeError) Error() string {
	return fmt.Sprintf("frame length %d exceeds the %s limit", e.Length, sizeString(e.Max))
}

// TruncatedError reports a frame cut short by the end of the stream.
type TruncatedError struct {
	Prefix bool // the length word was cut short (else the payload)
	Got    int  // bytes read of this part
	Want   int  // bytes the part has
}

func (e *TruncatedError) Error() string {
	if e.Prefix {
		return fmt.Sprintf("truncated frame: stream ended after %d of 4 length bytes", e.Got)
	}
	return fmt.Sprintf("truncated frame: stream ended after %d of %d payload bytes", e.Got, e.Want)
}

// Unwrap returns io.ErrUnexpectedEOF.
func (e *TruncatedError) Unwrap() error { return io.ErrUnexpectedEOF }

// PartialError reports a read that failed (for a reason other than the end
// of the stream, e.g. a deadline) in the middle of a frame.
type PartialError struct {
	Prefix bool // the failure came while reading the length word
	Got    int  // bytes read of that part
	Want   int  // bytes the part has
	Err    error
}

func (e *PartialError) Error() string {
	part := "payload"
	if e.Prefix {
		part = "length"
	}
	return fmt.Sprintf("after %d of %d %s bytes: %v", e.Got, e.Want, part, e.Err)
}

func (e *PartialError) Unwrap() error { return e.Err }

// ReadFrame reads one frame of at most max payload bytes from r.
//
// It returns io.EOF when the stream ends cleanly before the frame,
// ErrControlFrame (length word consumed) for a control frame,
// *FrameTooLargeError (length word consumed, payload not) when the length
// exceeds max, *TruncatedError when the stream ends inside the frame and
// *PartialError when a read fails inside it. The payload is allocated only
// after the length has been checked against max.
func ReadFrame(r io.Reader, max int) ([]byte, error) {
	var hdr [4]byte
	if n, err := io.ReadFull(r, hdr[:]); err != nil {
		switch {
		case n == 0 && err == io.EOF:
			return nil, io.EOF
		case err == io.ErrUnexpectedEOF:
			return nil, &TruncatedError{Prefix: true, Got: n, Want: 4}
		case n > 0:
			return nil, &PartialError{Prefix: true, Got: n, Want: 4, Err: err}
		}
		return nil, err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if n == controlLength {
		return nil, ErrControlFrame
	}
	if max < 0 || uint64(n) > uint64(max) {
		return nil, &FrameTooLargeError{Length: n, Max: max}
	}
	buf := make([]byte, n)
	if got, err := io.ReadFull(r, buf); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return nil, &TruncatedError{Got: got, Want: int(n)}
		}
		return nil, &PartialError{Got: got, Want: int(n), Err: err}
	}
	return buf, nil
}

// sizeString prints a byte count, in MiB or KiB when it is a whole number
// of them.
func sizeString(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}
