package main

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestLoginOpen: --open hands the complete URI (the plain one when the
// vendor sends none) to the browser opener, and a failure to open is a
// note, not the end of the flow.
func TestLoginOpen(t *testing.T) {
	var opened []string
	var fail error
	saved := openBrowser
	openBrowser = func(url string, _ io.Writer) error {
		opened = append(opened, url)
		return fail
	}
	t.Cleanup(func() { openBrowser = saved })

	base := fakeVendor(t, nil, grant(nil))
	code, _, stderr := loginCLI(t, gitlabArgs(base, "--open")...)
	if want := base + "/gitlab/oauth/device?user_code=WDJB-MJHT"; code != exitOK || len(opened) != 1 || opened[0] != want {
		t.Fatalf("exit %d, opened %q, want %q; stderr:\n%s", code, opened, want, stderr)
	}
	if !strings.Contains(stderr, "Opened "+opened[0]+" in your browser.") {
		t.Errorf("stderr does not say what was opened:\n%s", stderr)
	}

	fail = errors.New("no display")
	code, _, stderr = loginCLI(t, microsoftArgs(base, "--open")...)
	if code != exitOK || len(opened) != 2 || opened[1] != "https://microsoft.com/devicelogin" {
		t.Fatalf("exit %d, opened %q; stderr:\n%s", code, opened, stderr)
	}
	if !strings.Contains(stderr, "Could not open a browser (no display)") {
		t.Errorf("stderr does not explain the failure:\n%s", stderr)
	}

	opened = nil
	if code, _, _ := loginCLI(t, gitlabArgs(base)...); code != exitOK || opened != nil {
		t.Errorf("without --open: exit %d, opened %q", code, opened)
	}
}
