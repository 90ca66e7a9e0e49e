package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMain makes the test binary the CLI itself when DEVICECODE_TEST_MAIN
// is set (signal_test.go execs it), keeps the tests from a developer's
// client secret, and makes sure no test opens a browser.
func TestMain(m *testing.M) {
	if os.Getenv("DEVICECODE_TEST_MAIN") == "1" {
		main()
		return
	}
	if err := os.Unsetenv(secretEnv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	openBrowser = func(string, io.Writer) error { return errors.New("tests open no browser") }
	os.Exit(m.Run())
}

// TestExitCodes: asking for help succeeds; a wrong command line is a usage
// error (2), for the top level and every subcommand.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args string
		want int
	}{
		{"--help", exitOK},
		{"-h", exitOK},
		{"help", exitOK},
		{"help login gitlab", exitOK},
		{"login --help", exitOK},
		{"login gitlab -h", exitOK},
		{"login microsoft --help", exitOK},
		{"normalize --help", exitOK},
		{"version", exitOK},
		{"--version", exitOK},
		{"completion bash", exitOK},
		{"", exitUsage},
		{"bogus", exitUsage},
		{"help bogus", exitUsage},
		{"login", exitUsage},
		{"login gitlab --bogus", exitUsage},
		{"normalize", exitUsage},
		{"normalize --bogus", exitUsage},
		{"completion", exitUsage},
		{"completion tcsh", exitUsage},
	} {
		got, stdout, stderr := runCLI(t, "", strings.Fields(tc.args)...)
		if got != tc.want {
			t.Errorf("devicecode %s: exit %d, want %d (stderr %q)", tc.args, got, tc.want, stderr)
		}
		if got == exitOK && (stdout == "" || stderr != "") {
			t.Errorf("devicecode %s: stdout %d bytes, stderr %q; help and versions go to stdout", tc.args, len(stdout), stderr)
		}
		if got == exitUsage {
			checkUsageLine(t, stderr)
		}
	}
}

// usageLine is one line naming the command, the problem and where help is.
var usageLine = regexp.MustCompile(`^(devicecode[a-z ]*): [^\n]+ \(see '(devicecode[a-z ]*) --help'\)\n$`)

// checkUsageLine: a usage error is that one line, with no usage dump, and
// the help it points to is the failing command's.
func checkUsageLine(t *testing.T, stderr string) {
	t.Helper()
	m := usageLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Errorf("usage error is not one line ending in (see '… --help'):\n%s", stderr)
		return
	}
	if m[1] != m[2] {
		t.Errorf("usage error of %q points to the help of %q", m[1], m[2])
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
		if code != exitUsage || stdout != "" || stderr != want+"\n" {
			t.Errorf("devicecode %s: exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", args, code, stdout, stderr, want)
		}
	}
}

// TestUsageErrorEscapes: a command line carrying terminal controls does
// not get them echoed to the terminal.
func TestUsageErrorEscapes(t *testing.T) {
	for _, args := range [][]string{{"\x1b]0;pwned\x07"}, {"login", "git\x1b[2Jlab"}, {"login", "gitlab", "--\x1b[31mred"}} {
		code, _, stderr := runCLI(t, "", args...)
		if code != exitUsage || strings.ContainsAny(stderr, "\x1b\x07") {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}
