package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/devicecode/devicecode/internal/golden"
)

// TestHelp compares every command's --help with
// testdata/help/<command path>.golden (refresh with -update), and checks
// that `devicecode help PATH` prints the same, that help goes to stdout
// with exit 0, and that every flag of the command is described.
func TestHelp(t *testing.T) {
	for _, cmd := range allCommands(newRoot(stdio{})) {
		path := strings.Fields(cmd.CommandPath())[1:]
		name := strings.Join(append([]string{"devicecode"}, path...), "_")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append(path, "--help")...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden.Check(t, filepath.Join("testdata", "help", name+".golden"), []byte(stdout))
			if _, viaHelp, _ := runCLI(t, "", append([]string{"help"}, path...)...); viaHelp != stdout {
				t.Errorf("devicecode help %s differs from --help:\n%s", strings.Join(path, " "), viaHelp)
			}
			cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
				_, usage := pflag.UnquoteUsage(f)
				if !strings.Contains(stdout, "--"+f.Name) || !strings.Contains(stdout, usage) {
					t.Errorf("help lacks --%s and its description", f.Name)
				}
			})
		})
	}
}

// allCommands is the tree below root, root first, without cobra's hidden
// __complete commands.
func allCommands(root *cobra.Command) []*cobra.Command {
	cmds := []*cobra.Command{root}
	for _, c := range root.Commands() {
		if !c.Hidden {
			cmds = append(cmds, allCommands(c)...)
		}
	}
	return cmds
}
