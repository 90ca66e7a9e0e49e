package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// testTimeout bounds each sign-in: the sandbox's 5 s interval, a few
// polls, and a loaded machine.
const testTimeout = 90 * time.Second

// gitlabLogin starts `devicecode login gitlab --open` against the GitLab
// fake at base, its browser the test's Chromium, and returns the CLI, the
// code it shows, and the page it opened (the code prefilled).
func gitlabLogin(ctx context.Context, t *testing.T, c *Chromium, base string, args ...string) (*Process, string, *Page) {
	t.Helper()
	login := Start(ctx, t, CLI(t), c.LauncherEnv(t),
		append([]string{"login", "gitlab", "--base-url", base, "--client-id", "any", "--open"}, args...)...)
	code := login.UserCode(ctx, t)
	page := c.Opened(ctx, t, base+"/oauth/device")
	if got := page.Value("#device-code-form input#user_code"); got != code {
		t.Fatalf("the page GitLab's login opened shows the code %q, the CLI %q", got, code)
	}
	return login, code, page
}

// TestGitLabAuthorize: the person confirms the prefilled code, sees the
// application and scopes, and authorizes; the CLI signs in (exit 0) and
// prints the token.
func TestGitLabAuthorize(t *testing.T) {
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	base := StartSandbox(ctx, t, CLI(t)) + "/gitlab"
	login, _, page := gitlabLogin(ctx, t, c, base, "--output", "json")

	page.Click("#device-code-form button[type=submit]")
	if app := page.Text("#application"); strings.TrimSpace(app) == "" {
		t.Error("the confirmation page names no application")
	}
	if scopes := page.Text("#scopes"); strings.TrimSpace(scopes) == "" {
		t.Error("the confirmation page shows no scopes")
	}
	page.Click("#authorize")
	if h1 := page.Text("h1"); !strings.Contains(strings.ToLower(h1), "authorized") {
		t.Errorf("after Authorize the page says %q", h1)
	}

	code, stdout, stderr := login.Wait(ctx, t)
	if code != cmdutil.ExitOK {
		t.Fatalf("login exited %d; stderr:\n%s", code, stderr)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(stdout), &tok); err != nil || tok.AccessToken == "" {
		t.Errorf("login printed no token (%v):\n%s", err, stdout)
	}
}

// TestGitLabDeny: the person denies; the page says so and the CLI fails
// (exit 1).
func TestGitLabDeny(t *testing.T) {
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	base := StartSandbox(ctx, t, CLI(t)) + "/gitlab"
	login, _, page := gitlabLogin(ctx, t, c, base)

	page.Click("#device-code-form button[type=submit]")
	page.Click("#deny")
	if h1 := page.Text("h1"); !strings.Contains(strings.ToLower(h1), "denied") {
		t.Errorf("after Deny the page says %q", h1)
	}
	if code, _, stderr := login.Wait(ctx, t); code != cmdutil.ExitError {
		t.Fatalf("login exited %d after a denial, want %d; stderr:\n%s", code, cmdutil.ExitError, stderr)
	}
}

// TestGitLabExpired: the person opens the page, but confirms only once the
// code has expired (the CLI has given up); the page says it expired.
// The sandbox runs in-process, on a clock of the test's: the CLI gives up
// on its own clock after the code's 3 s, and the sandbox's code expires
// when the test advances its clock.
func TestGitLabExpired(t *testing.T) {
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	clk := fakeclock.New(time.Now())
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Clock: clk, Lifetime: 3 * time.Second, Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	login, _, page := gitlabLogin(ctx, t, c, sb.URL+"/gitlab")
	if code, _, stderr := login.Wait(ctx, t); code != cmdutil.ExitError {
		t.Fatalf("login exited %d at expiry, want %d; stderr:\n%s", code, cmdutil.ExitError, stderr)
	}

	clk.Advance(time.Minute) // the person lingers: the code has expired at GitLab too
	page.Click("#device-code-form button[type=submit]")
	if msg := page.Text("#error"); !strings.Contains(strings.ToLower(msg), "expired") {
		t.Errorf("for an expired code the page says %q", msg)
	}
}
