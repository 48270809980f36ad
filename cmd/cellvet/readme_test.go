package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeExamples keeps the README's console examples true: every
// "$ cellvet ..." line followed by output in a console block must print
// exactly that output (up to a "..." line, which elides the rest). Only
// commands that change nothing belong in console blocks; examples that
// need a setup (a changed schema, a running cell) use text blocks.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	checked := 0
	for _, b := range blocks {
		lines := strings.Split(b[1], "\n")
		for i := 0; i < len(lines); i++ {
			cmdline, ok := strings.CutPrefix(lines[i], "$ cellvet ")
			if !ok {
				continue
			}
			var want []string
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "$ ") && lines[i+1] != "" || (i+1 < len(lines) && lines[i+1] == "" && i+2 < len(lines) && !strings.HasPrefix(lines[i+2], "$ ") && lines[i+2] != "") {
				i++
				want = append(want, lines[i])
			}
			if len(want) == 0 {
				continue
			}
			args := strings.Fields(cmdline)
			for j, a := range args {
				if strings.HasPrefix(a, "examples/") {
					args[j] = "../../" + a
				}
			}
			code, out, errOut := runCmd(t, args...)
			if code != exitOK {
				t.Errorf("README: cellvet %s: exit %d: %s", cmdline, code, errOut)
				continue
			}
			got := strings.Split(out, "\n")
			for k, w := range want {
				if w == "..." {
					break
				}
				if k >= len(got) || got[k] != w {
					g := ""
					if k < len(got) {
						g = got[k]
					}
					t.Errorf("README: cellvet %s: line %d is %q, README says %q", cmdline, k+1, g, w)
					break
				}
			}
			checked++
		}
	}
	if checked < 2 {
		t.Errorf("checked %d README examples, want at least 2", checked)
	}
}
