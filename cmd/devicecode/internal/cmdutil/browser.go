package cmdutil

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/cli/browser"
	"github.com/google/shlex"
)

// browserEnv are the variables that name the browser command --open runs,
// the first one set winning: ours, then the conventional one, as gh reads
// GH_BROWSER, then BROWSER.
var browserEnv = []string{"DEVICECODE_BROWSER", "BROWSER"}

// newOpener is Factory.Browser: the launcher the environment names, else
// the system's default browser.
func newOpener(getenv func(string) string) func(url string, stderr io.Writer) error {
	for _, name := range browserEnv {
		if launcher := getenv(name); launcher != "" {
			return func(url string, stderr io.Writer) error { return launch(name, launcher, url, stderr) }
		}
	}
	return openDefault
}

// launch runs launcher (from the variable name), split into words as a
// shell would (quotes, backslashes; no expansion), with url as its last
// argument, and waits for it, as gh does: a terminal browser (w3m) has
// the terminal until it quits. Its output goes to stderr: stdout carries
// --output json.
func launch(name, launcher, url string, stderr io.Writer) error {
	args, err := shlex.Split(launcher)
	if err != nil || len(args) == 0 {
		return fmt.Errorf("$%s is not a command line: %w", name, cmp.Or(err, errors.New("no words")))
	}
	cmd := exec.Command(args[0], append(args[1:], url)...) //nolint:gosec,noctx // the person's own choice of browser, from their environment; Factory.Browser has no context, and Ctrl-C reaches the launcher (one process group)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("$%s: %w", name, err)
	}
	return nil
}

// openDefault launches the system's default browser at url.
func openDefault(url string, stderr io.Writer) error {
	// The launcher's own output must not reach stdout, which carries
	// --output json.
	browser.Stdout, browser.Stderr = stderr, stderr
	return browser.OpenURL(url)
}
