// Command cellvet checks that Go code calling Rust cells agrees, byte for
// byte, with the cells' rkyv schemas.
//
// Usage:
//
//	cellvet fp [PROFILE] SCHEMA                 print the schema fingerprint
//	cellvet layout [--json] [PROFILE] SCHEMA    print archived layouts
//	cellvet add NAME --schema SCHEMA [PROFILE]  pin a cell into cell.lock (also NAME, NAME@HOST:PORT, --binary)
//	cellvet update [NAME...]                       re-pin cells from their recorded sources
//	cellvet lock verify                            re-check cell.lock
//	cellvet serve-schema --name NAME SCHEMA     answer schema requests for a cell
//	cellvet lsp                                    the language server for editors (LSP on stdio)
//	cellvet version                                print the version and the lock format version
//	cellvet [VET FLAGS] PACKAGES...                the vet pass (also go vet -vettool=$(which cellvet))
//	cellvet help [COMMAND|vet]
//
// Run "cellvet help" for the profile flags and exit codes.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cellvet/cellvet/rustschema"
)

// Exit codes: the contract scripts rely on.
const (
	exitOK    = 0
	exitError = 1 // bad input: the message starts with file:line:col
	exitUsage = 2 // bad command line
)

type command struct {
	name    string
	summary string
	usage   string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []*command

func init() {
	commands = []*command{fpCommand, layoutCommand, addCommand, updateCommand, lockCommand, serveSchemaCommand, lspCommand, versionCommand}
}

func main() {
	if args := os.Args[1:]; isVetInvocation(args) {
		vet(args) // exits
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fmt.Fprint(stdout, c.usage)
				return exitOK
			}
			if args[1] == "vet" {
				fmt.Fprint(stdout, vetUsage)
				return exitOK
			}
			unknownCommand(stderr, "cellvet help", args[1], commandNames())
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	if c := lookup(args[0]); c != nil {
		return c.run(args[1:], stdout, stderr)
	}
	unknownCommand(stderr, "cellvet", args[0], commandNames())
	return exitUsage
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

// unknownCommand reports word, given where prog wants one of names, with
// the name it is probably a misspelling of.
func unknownCommand(w io.Writer, prog, word string, names []string) {
	if sug := suggestCommand(word, names); sug != "" {
		fmt.Fprintf(w, "%s: unknown command %q; did you mean %q?\n", prog, word, sug)
		return
	}
	help := "cellvet help"
	if sub, ok := strings.CutPrefix(prog, "cellvet "); ok && sub != "help" {
		help += " " + sub
	}
	fmt.Fprintf(w, "%s: unknown command %q; the commands are %s (%s)\n", prog, word, strings.Join(names, ", "), help)
}

// suggestCommand returns the name in names that word most likely
// misspells: a near spelling, else the one name word begins (ad: add).
func suggestCommand(word string, names []string) string {
	if sug := rustschema.Suggest(word, names); sug != "" {
		return sug
	}
	var prefixOf []string
	for _, n := range names {
		if len(word) >= 2 && strings.HasPrefix(n, word) {
			prefixOf = append(prefixOf, n)
		}
	}
	if len(prefixOf) == 1 {
		return prefixOf[0]
	}
	return ""
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, `cellvet checks Go code that calls Rust cells against the cells' rkyv schemas.

Usage:

	cellvet <command> [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-13s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
The vet pass:

	go vet -vettool=$(which cellvet) [-cellvet.lock=FILE] PACKAGES...
	cellvet [-json] [-fix [-diff]] [-cellvet.lock=FILE] PACKAGES...

Use "cellvet help <command>" for more about a command, "cellvet help vet"
for the vet pass.
`+profileHelp+`
Exit status of the commands: 0 on success, 1 when the input is bad
(messages start with file:line:col: a schema, cell.lock, a cell's reply)
or a cell cannot be reached, 2 on a usage error (also for an unknown
command, with the command it probably misspells). cellvet lock verify
exits 1 on any problem. The vet pass exits 3 when it reports something
(also with -json and -fix) and 1 when packages do not load; under go vet
the go command's status applies ("cellvet help vet").
`)
}
