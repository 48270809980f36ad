// Command gcltest is golangci-lint v2.15.0 with the cellvet plugin built
// in, the offline way of docs/golangci-lint.md: a main that blank-imports
// the plugin and runs golangci-lint's commands (what `golangci-lint
// custom` generates, without git or the network).
package main

import (
	"fmt"
	"os"

	_ "github.com/cellvet/cellvet/gclplugin"
	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-cellvet", Commit: "cellvet gclplugin/gcltest", GoVersion: "go", Date: "(unknown)"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
