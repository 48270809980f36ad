package lockfile

import "github.com/cellvet/cellvet/rustschema"

// Error is one problem with a lock, "file:line:col: message".
type Error = rustschema.Error

// ErrorList is a list of problems, in file order, one per line.
type ErrorList = rustschema.ErrorList

// maxErrors bounds the problems reported for one lock.
const maxErrors = 10
