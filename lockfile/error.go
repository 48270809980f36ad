package lockfile

import (
	"strings"
)

// Error is one problem with a lock. Its text is "file:line:col: message"
// when the problem has a position in a file, else the message alone.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		if e.Pos.File != "" {
			return e.Pos.File + ": " + e.Msg
		}
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of problems, in file order. Its Error method prints
// one per line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// maxErrors bounds the problems reported for one lock.
const maxErrors = 10
