package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestLoginVerificationHost: a verification URI on a host outside the
// vendor's set is refused, with the flag to pass named; with the flag, the
// same answer is accepted.
func TestLoginVerificationHost(t *testing.T) {
	t.Parallel()
	elsewhere := func(w http.ResponseWriter) bool {
		reply(w, http.StatusOK, map[string]any{"device_code": loginDeviceCode, "user_code": "WDJB-MJHT",
			"verification_uri": "https://SSO.Example.com/device", "expires_in": 300, "interval": 1})
		return true
	}
	for _, args := range [][]string{
		gitlabArgs(fakeVendor(t, elsewhere, grant(nil))),
		microsoftArgs(fakeVendor(t, elsewhere, grant(nil))),
	} {
		vendor := args[1]
		code, _, stderr := loginCLI(t, args...)
		if code != exitError || !strings.Contains(stderr, "sso.example.com") ||
			!strings.Contains(stderr, "pass --allow-verification-host sso.example.com") {
			t.Errorf("%s: exit %d, stderr:\n%s", vendor, code, stderr)
		}
		checkFlowErrorLine(t, stderr, vendor)
		code, stdout, stderr := loginCLI(t, append(args, "--allow-verification-host", "other.example", "--allow-verification-host", "sso.example.com")...)
		if code != exitOK || !strings.Contains(stdout, "signed in to "+vendor) || !strings.Contains(stderr, "https://SSO.Example.com/device") {
			t.Errorf("%s with --allow-verification-host: exit %d, stderr:\n%s", vendor, code, stderr)
		}
	}
}

func TestLoginVerificationHostUsage(t *testing.T) {
	for _, host := range []string{"", "https://sso.example.com", "sso.example.com/device", "a b"} {
		code, _, stderr := loginCLI(t, "login", "gitlab", "--client-id", "x", "--allow-verification-host", host)
		if code != exitUsage || !strings.Contains(stderr, "--allow-verification-host") {
			t.Errorf("%q: exit %d, stderr %q", host, code, stderr)
		}
		checkUsageLine(t, stderr)
	}
}
