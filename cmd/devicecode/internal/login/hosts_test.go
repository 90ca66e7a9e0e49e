package login

import (
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// TestLoginVerificationHost: a verification URI on a host outside the
// vendor's set is refused, with the flag to pass named; with the flag, the
// same answer is accepted.
func TestLoginVerificationHost(t *testing.T) {
	t.Parallel()
	elsewhere := func(w http.ResponseWriter) bool {
		clitest.Reply(w, http.StatusOK, map[string]any{"device_code": clitest.DeviceCode, "user_code": "WDJB-MJHT",
			"verification_uri": "https://SSO.Example.com/device", "expires_in": 300, "interval": 1})
		return true
	}
	for _, args := range [][]string{
		clitest.GitLabArgs(clitest.OAuthServer(t, elsewhere, clitest.Grant(nil))),
		clitest.MicrosoftArgs(clitest.OAuthServer(t, elsewhere, clitest.Grant(nil))),
	} {
		vendor := args[1]
		code, _, stderr := loginCLI(t, args...)
		if code != cmdutil.ExitError || !strings.Contains(stderr, "sso.example.com") ||
			!strings.Contains(stderr, "pass --allow-verification-host sso.example.com") {
			t.Errorf("%s: exit %d, stderr:\n%s", vendor, code, stderr)
		}
		clitest.CheckFlowErrorLine(t, stderr, vendor)
		code, stdout, stderr := loginCLI(t, append(args, "--allow-verification-host", "other.example", "--allow-verification-host", "sso.example.com")...)
		if code != cmdutil.ExitOK || !strings.Contains(stdout, "signed in to "+vendor) || !strings.Contains(stderr, "https://SSO.Example.com/device") {
			t.Errorf("%s with --allow-verification-host: exit %d, stderr:\n%s", vendor, code, stderr)
		}
	}
}

func TestLoginVerificationHostUsage(t *testing.T) {
	for _, host := range []string{"", "https://sso.example.com", "sso.example.com/device", "a b"} {
		code, _, stderr := loginCLI(t, "login", "gitlab", "--client-id", "x", "--allow-verification-host", host)
		if code != cmdutil.ExitUsage || !strings.Contains(stderr, "--allow-verification-host") {
			t.Errorf("%q: exit %d, stderr %q", host, code, stderr)
		}
		clitest.CheckUsageLine(t, stderr)
	}
}

// TestLoginVerificationHostLookalike: a refused host is named in ASCII,
// never in the Unicode that reads as another name. A look-alike (a label
// mixing scripts) gets a warning, not the flag; an internationalized name
// gets the flag in the ASCII form, which the flag then accepts.
func TestLoginVerificationHostLookalike(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		host, ascii, want string
		allowable         bool
	}{
		{"micrоsoft.com", "xn--micrsoft-qbh.com", "a name mixing Latin and Cyrillic letters", false},
		{"micrοsoft.com", "xn--micrsoft-2dg.com", "a name mixing Latin and Greek letters", false},
		{"münchen.de", "xn--mnchen-3ya.de", "pass --allow-verification-host xn--mnchen-3ya.de", true},
	} {
		args := clitest.GitLabArgs(clitest.OAuthServer(t, func(w http.ResponseWriter) bool {
			clitest.Reply(w, http.StatusOK, map[string]any{"device_code": clitest.DeviceCode, "user_code": "WDJB-MJHT",
				"verification_uri": "https://" + c.host + "/device", "expires_in": 300, "interval": 1})
			return true
		}, clitest.Grant(nil)))
		code, _, stderr := loginCLI(t, args...)
		if code != cmdutil.ExitError || !strings.Contains(stderr, "points at "+c.ascii) || !strings.Contains(stderr, c.want) || !asciiOnly(stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %s named and %q, nothing beyond ASCII", c.ascii, code, stderr, c.ascii, c.want)
		}
		if suggested := strings.Contains(stderr, "--allow-verification-host"); suggested != c.allowable {
			t.Errorf("%s: flag suggested %v, want %v:\n%s", c.ascii, suggested, c.allowable, stderr)
		}
		if !c.allowable && !strings.Contains(stderr, "do not sign in there") {
			t.Errorf("%s: no warning:\n%s", c.ascii, stderr)
		}
		clitest.CheckFlowErrorLine(t, stderr, "gitlab")
		code, _, stderr = loginCLI(t, append(args, "--allow-verification-host", c.ascii)...)
		if code != cmdutil.ExitOK || !strings.Contains(stderr, "https://"+c.ascii+"/device") || strings.Contains(stderr, c.host) {
			t.Errorf("--allow-verification-host %s: exit %d, stderr:\n%s\nwant the prompt to show the host in ASCII", c.ascii, code, stderr)
		}
	}
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
