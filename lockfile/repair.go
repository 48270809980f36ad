package lockfile

import (
	"errors"
	"fmt"
	"strings"
)

// Salvage reads a lock for a repair: the cells of data that pass every
// rule of Parse, and one line per thing it drops. A lock that loads is
// returned whole, with nothing dropped. A text that is not a lock's TOML
// of this version (a syntax error, an unknown key, another version) keeps
// nothing: its one line is the error. Otherwise every cell with a problem
// is dropped, and of a cell pinned twice the second entry.
func Salvage(filename string, data []byte) (*Lock, []string) {
	if l, err := Parse(filename, data); err == nil {
		return l, nil
	}
	empty := &Lock{File: filename, Version: Version}
	l, k, err := decode(filename, data) // another version stops decoding
	if err != nil {
		return empty, []string{"every cell: the lock does not load: " + firstError(err)}
	}
	var dropped []string
	kept := []*Cell{}
	for _, c := range l.Cells {
		one := &checker{file: k.file, src: k.src, from: k.from}
		one.checkCell(c)
		switch {
		case one.err() != nil:
			dropped = append(dropped, fmt.Sprintf("cell %s: %s", quoteName(c.Name), firstError(one.err())))
		case len(kept) > 0 && kept[len(kept)-1].Name == c.Name:
			at := one.pos(loc{ctx{c: c}, "name"})
			dropped = append(dropped, fmt.Sprintf("cell %s: %s: its second entry", quoteName(c.Name), at))
		default:
			kept = append(kept, c)
		}
	}
	empty.Cells = kept
	return empty, dropped
}

// firstError is the first problem of err, an *Error or an ErrorList,
// without its advice ("what is wrong; what to do", §3 of docs/lockfile.md):
// the repair is what it advised.
func firstError(err error) string {
	msg := err.Error()
	var list ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		msg = list[0].Error()
	}
	what, _, _ := strings.Cut(msg, "; ")
	return what
}
