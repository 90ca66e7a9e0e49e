package root

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/golden"
)

// TestHelp compares every command's --help with
// testdata/help/<command path>.golden (refresh with -update), and checks
// that `devicecode help PATH` prints the same, that help goes to stdout
// with exit 0, that it fits 80 columns (in a wider terminal too), and that
// every flag of the command is described.
func TestHelp(t *testing.T) {
	for _, cmd := range allCommands(NewCmd(clitest.Factory(""))) {
		path := strings.Fields(cmd.CommandPath())[1:]
		name := strings.Join(append([]string{"devicecode"}, path...), "_")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append(path, "--help")...)
			if code != cmdutil.ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden.Check(t, filepath.Join("testdata", "help", name+".golden"), []byte(stdout))
			for _, line := range strings.Split(stdout, "\n") {
				if n := cmdutil.Columns(expandTabs(line)); n > cmdutil.HelpWidth {
					t.Errorf("%d columns, over %d: %q", n, cmdutil.HelpWidth, line)
				}
			}
			if wide := helpOn(t, 200, path); wide != stdout {
				t.Errorf("help in a 200-column terminal differs from the 80-column one:\n%s", wide)
			}
			if _, viaHelp, _ := runCLI(t, "", append([]string{"help"}, path...)...); viaHelp != stdout {
				t.Errorf("devicecode help %s differs from --help:\n%s", strings.Join(path, " "), viaHelp)
			}
			cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Hidden {
					return // an old name kept for scripts (conform --format)
				}
				_, usage := pflag.UnquoteUsage(f)
				if !strings.Contains(stdout, "--"+f.Name) || !strings.Contains(oneLine(stdout), oneLine(usage)) {
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

// TestHelpNarrow: in a terminal narrower than 80 columns every command's
// help is wrapped to its width, at words: no line is wider unless it is a
// single word (a long URL or flag), and the words are those of the
// 80-column help, in order, but for the " \" that continues a command line
// and the "#" that continues a comment.
func TestHelpNarrow(t *testing.T) {
	for _, cmd := range allCommands(NewCmd(clitest.Factory(""))) {
		path := strings.Fields(cmd.CommandPath())[1:]
		wide := helpOn(t, 80, path)
		for _, width := range []int{72, 60, 40, 24} {
			t.Run(fmt.Sprintf("%s/%d", cmd.CommandPath(), width), func(t *testing.T) {
				narrow := helpOn(t, width, path)
				for _, line := range strings.Split(narrow, "\n") {
					line = expandTabs(line)
					if cmdutil.Columns(line) > width && breakable(strings.TrimSuffix(strings.TrimSpace(line), " \\")) {
						t.Errorf("%d columns, over %d, and could break: %q", cmdutil.Columns(line), width, line)
					}
				}
				if got, want := words(narrow), words(wide); !slices.Equal(got, want) {
					t.Errorf("the words differ from the 80-column help's:\n%s", narrow)
				}
			})
		}
	}
}

// helpOn is the help of path on a terminal width columns wide.
func helpOn(t *testing.T, width int, path []string) string {
	t.Helper()
	f := clitest.Factory("")
	f.IO.OutWidth = func() (int, bool) { return width, true }
	code := Run(context.Background(), append(path, "--help"), f)
	stdout, stderr := f.IO.Out.(fmt.Stringer).String(), f.IO.ErrOut.(fmt.Stringer).String()
	if code != cmdutil.ExitOK || stderr != "" {
		t.Fatalf("%s --help on %d columns: exit %d, stderr %q", strings.Join(path, " "), width, code, stderr)
	}
	return stdout
}

// words are the words of help but for the " \" and "#" that continue a
// command line and a comment.
func words(help string) []string {
	return slices.DeleteFunc(strings.Fields(help), func(w string) bool { return w == "\\" || w == "#" })
}

// breakable reports whether s holds a space outside quotes and $( … ):
// a place a line could have been broken.
func breakable(s string) bool {
	var quote rune
	depth := 0
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '(' && i > 0 && s[i-1] == '$':
			depth++
		case r == ')' && depth > 0:
			depth--
		case r == ' ' && depth == 0:
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// expandTabs shows a leading tab as a terminal does, up to column 8.
func expandTabs(s string) string {
	t := len(s) - len(strings.TrimLeft(s, "\t"))
	return strings.Repeat(" ", 8*t) + s[t:]
}
