package main

import (
	"fmt"
	"io"
	"os"

	"github.com/cellvet/cellvet/internal/lsp"
)

var lspCommand = &command{
	name:    "lsp",
	summary: "run the language server for editors (LSP on stdio)",
	usage: `usage: cellvet lsp

Lsp runs a language server speaking LSP 3.17 on standard input and output,
for an editor to run beside gopls (which cannot load cellvet's analyzer).
It checks the packages of the open Go files with the vet pass (their
unsaved text included) when a file opens, is saved, or 150 ms after an
edit, and publishes the diagnostics, with the vet pass's suggested fixes
as quick fixes. It validates cell.lock when it opens or changes, and
checks the open files again when it does. Logs go to the client
(window/logMessage). Setting up editors: docs/editors.md.

Exit status: 0 when the client sent shutdown before exit, 1 otherwise.
`,
}

func init() { lspCommand.run = runLsp }

func runLsp(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(lspCommand, stderr)
	pos, code := parseArgs(fs, args)
	if code != proceed {
		return code
	}
	if len(pos) != 0 {
		fmt.Fprint(stderr, "cellvet lsp: unexpected arguments\n"+lspCommand.usage)
		return exitUsage
	}
	return lsp.Serve(os.Stdin, stdout, lsp.Options{Version: buildVersion()})
}
