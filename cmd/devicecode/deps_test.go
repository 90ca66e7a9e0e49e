package main

import (
	"os/exec"
	"strings"
	"testing"
)

// cliOnly are dependencies of the CLI that must never become dependencies
// of the SDK: an integrator importing vendors/gitlab should not compile a
// command-line parser, a browser launcher or terminal handling.
var cliOnly = []string{"github.com/spf13/", "github.com/cli/browser", "github.com/pkg/browser", "golang.org/x/term"}

// TestSDKDependencies lists what the SDK packages import, all the way
// down, with the go command on PATH.
func TestSDKDependencies(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(goCmd, "list", "-deps", "./vendors/...", "./deviceflow/...", "./normalize/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderrOf(err))
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %d packages: %q", len(deps), deps)
	}
	for _, dep := range deps {
		for _, bad := range cliOnly {
			if strings.HasPrefix(dep, bad) {
				t.Errorf("the SDK depends on %s, which only the CLI may use", dep)
			}
		}
	}
}

func stderrOf(err error) []byte {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.Stderr
	}
	return nil
}
