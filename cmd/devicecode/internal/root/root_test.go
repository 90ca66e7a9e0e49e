package root

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

func TestMain(m *testing.M) { clitest.Main(m) }

// TestExitCodes: asking for help succeeds; a wrong command line is a usage
// error (2), for the top level and every subcommand.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args string
		want int
	}{
		{"--help", cmdutil.ExitOK},
		{"-h", cmdutil.ExitOK},
		{"help", cmdutil.ExitOK},
		{"help login gitlab", cmdutil.ExitOK},
		{"login --help", cmdutil.ExitOK},
		{"login gitlab -h", cmdutil.ExitOK},
		{"login microsoft --help", cmdutil.ExitOK},
		{"normalize --help", cmdutil.ExitOK},
		{"version", cmdutil.ExitOK},
		{"--version", cmdutil.ExitOK},
		{"completion bash", cmdutil.ExitOK},
		{"", cmdutil.ExitUsage},
		{"bogus", cmdutil.ExitUsage},
		{"help bogus", cmdutil.ExitUsage},
		{"login", cmdutil.ExitUsage},
		{"login gitlab --bogus", cmdutil.ExitUsage},
		{"normalize", cmdutil.ExitUsage},
		{"normalize --bogus", cmdutil.ExitUsage},
		{"completion", cmdutil.ExitUsage},
		{"completion tcsh", cmdutil.ExitUsage},
	} {
		got, stdout, stderr := runCLI(t, "", strings.Fields(tc.args)...)
		if got != tc.want {
			t.Errorf("devicecode %s: exit %d, want %d (stderr %q)", tc.args, got, tc.want, stderr)
		}
		if got == cmdutil.ExitOK && (stdout == "" || stderr != "") {
			t.Errorf("devicecode %s: stdout %d bytes, stderr %q; help and versions go to stdout", tc.args, len(stdout), stderr)
		}
		if got == cmdutil.ExitUsage {
			clitest.CheckUsageLine(t, stderr)
		}
	}
}

// TestUsageErrors pins the wording of the usage errors cobra and pflag
// produce, which are not under this package's control.
func TestUsageErrors(t *testing.T) {
	for args, want := range map[string]string{
		"":                        "devicecode: missing command; want completion, conform, demo, login, normalize, sandbox or version (see 'devicecode --help')",
		"logn":                    `devicecode: unknown command "logn"; did you mean login? (see 'devicecode --help')`,
		"login gitlab --foo":      "devicecode login gitlab: unknown flag: --foo (see 'devicecode login gitlab --help')",
		"login gitlab --scope":    "devicecode login gitlab: flag needs an argument: --scope (see 'devicecode login gitlab --help')",
		"login gitlab -x":         "devicecode login gitlab: unknown shorthand flag: 'x' in -x (see 'devicecode login gitlab --help')",
		"login gitlab --timeout=": `devicecode login gitlab: invalid argument "" for "--timeout" flag: time: invalid duration "" (see 'devicecode login gitlab --help')`,
		"login gitlab --client-id x --timeout -5s": "devicecode login gitlab: --timeout must not be negative (see 'devicecode login gitlab --help')",
		"normalize --vendor okta":                  `devicecode normalize: invalid argument "okta" for "--vendor" flag: must be gitlab, microsoft, cohesity or veeam (see 'devicecode normalize --help')`,
		"completion tcsh":                          `devicecode completion: unknown shell "tcsh"; want bash, fish, powershell or zsh (see 'devicecode completion --help')`,
		"sandbox aprove X":                         `devicecode sandbox: unknown command "aprove"; did you mean approve? (see 'devicecode sandbox --help')`,
		"version now":                              `devicecode version: unexpected argument "now" (see 'devicecode version --help')`,
		"help login okta":                          `devicecode help: unknown help topic "login okta" (see 'devicecode help --help')`,
	} {
		code, stdout, stderr := runCLI(t, "", strings.Fields(args)...)
		if code != cmdutil.ExitUsage || stdout != "" || stderr != want+"\n" {
			t.Errorf("devicecode %s: exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", args, code, stdout, stderr, want)
		}
	}
}

// TestUsageErrorEscapes: a command line carrying terminal controls does
// not get them echoed to the terminal.
func TestUsageErrorEscapes(t *testing.T) {
	for _, args := range [][]string{{"\x1b]0;pwned\x07"}, {"login", "git\x1b[2Jlab"}, {"login", "gitlab", "--\x1b[31mred"}} {
		code, _, stderr := runCLI(t, "", args...)
		if code != cmdutil.ExitUsage || strings.ContainsAny(stderr, "\x1b\x07") {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	code = Run(context.Background(), args, f)
	return code, f.IO.Out.(fmt.Stringer).String(), f.IO.ErrOut.(fmt.Stringer).String()
}

// run runs args with f, as the CLI would, and returns the exit status.
func run(ctx context.Context, args []string, f *cmdutil.Factory) int { return Run(ctx, args, f) }
