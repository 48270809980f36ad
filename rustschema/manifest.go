package rustschema

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// manifest is what cellvet reads of a Cargo.toml.
type manifest struct {
	Package *struct {
		Name string `toml:"name"`
	} `toml:"package"`
	Lib *struct {
		Path string `toml:"path"`
	} `toml:"lib"`
	Bin []struct {
		Name string `toml:"name"`
		Path string `toml:"path"`
	} `toml:"bin"`
	Workspace *struct {
		Members []string `toml:"members"`
	} `toml:"workspace"`
}

// manifestRoot returns the root file of the package of the Cargo.toml at
// file, relative to its directory: the library, else the one binary.
// exists tells whether a file relative to that directory exists.
func manifestRoot(file string, exists func(string) bool) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	var m manifest
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return "", fmt.Errorf("%s: %v", file, err)
	}
	if m.Package == nil {
		if m.Workspace != nil {
			return "", fmt.Errorf("%s is a workspace manifest (members: %s): give one member crate's directory", file, strings.Join(m.Workspace.Members, ", "))
		}
		return "", fmt.Errorf("%s has no [package]: give a crate's Cargo.toml", file)
	}
	if m.Lib != nil && m.Lib.Path != "" {
		return m.Lib.Path, nil
	}
	if exists("src/lib.rs") {
		return "src/lib.rs", nil
	}
	var bins []string
	for _, b := range m.Bin {
		if b.Path != "" {
			bins = append(bins, b.Path)
		}
	}
	if exists("src/main.rs") && !slices.Contains(bins, "src/main.rs") {
		bins = append(bins, "src/main.rs")
	}
	switch len(bins) {
	case 0:
		return "", fmt.Errorf("%s: the package has no src/lib.rs, src/main.rs or [[bin]] path", file)
	case 1:
		return bins[0], nil
	}
	return "", fmt.Errorf("%s: the package has no library and several binaries (%s): give the schema's root .rs file", file, strings.Join(bins, ", "))
}
