package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// signInAtMicrosoft is the person at Entra's device login page: they type
// the code the CLI showed, check the application, and Continue.
func signInAtMicrosoft(t *testing.T, page *Page, code string) {
	t.Helper()
	if got := page.Value("#otc"); got != "" {
		t.Errorf("Entra's page opened with the code %q filled in; Microsoft's asks for it", got)
	}
	page.Type("#otc", code)
	page.Click("#idSIButton9") // Next
	if app := page.Text("#application"); strings.TrimSpace(app) == "" {
		t.Error("the consent page names no application")
	}
	page.Click("#idSIButton9") // Continue
	if h1 := page.Text("h1"); !strings.Contains(h1, "signed in") {
		t.Errorf("after Continue the page says %q", h1)
	}
}

// TestMicrosoftSignIn: Entra sends no complete URI, so the person types
// the code the CLI printed on its stderr; Continue signs the CLI in.
func TestMicrosoftSignIn(t *testing.T) {
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	root := StartSandbox(ctx, t, CLI(t))
	login := Start(ctx, t, CLI(t), c.LauncherEnv(t), "login", "microsoft", "--authority-host", root+"/microsoft",
		"--tenant", "organizations", "--client-id", "any", "--scope", "User.Read", "--open")
	code := login.UserCode(ctx, t)
	signInAtMicrosoft(t, c.Opened(ctx, t, root+"/microsoft/"), code)
	if exit, _, stderr := login.Wait(ctx, t); exit != cmdutil.ExitOK {
		t.Fatalf("login exited %d; stderr:\n%s", exit, stderr)
	}
}

// TestBrokeredSignIn: Cohesity's cluster and Veeam's appliance broker
// the sign-in to Microsoft; in the sandbox their flows send the person to
// the sandbox's own Microsoft page, where approving completes the
// appliance's flow.
func TestBrokeredSignIn(t *testing.T) {
	for _, tc := range []struct {
		vendor string
		env    string
		args   []string
	}{
		{"cohesity", "DEVICECODE_COHESITY_API_KEY=" + devicetest.CohesityAPIKey, []string{"--domain", "contoso.onmicrosoft.com"}},
		{"veeam", "DEVICECODE_VEEAM_PASSWORD=" + devicetest.SandboxVeeamPassword,
			[]string{"--username", devicetest.SandboxVeeamUser, "--new-organization"}},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			c := StartChromium(t)
			ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
			defer cancel()
			root := StartSandbox(ctx, t, CLI(t))
			args := append([]string{"login", tc.vendor, "--base-url", root + "/" + tc.vendor, "--open",
				// The sandbox's Microsoft page is on loopback, not on
				// Microsoft's hosts: the person allows it, as the CLI's
				// refusal says.
				"--allow-verification-host", "127.0.0.1"}, tc.args...)
			login := Start(ctx, t, CLI(t), append(c.LauncherEnv(t), tc.env), args...)
			code := login.UserCode(ctx, t)
			signInAtMicrosoft(t, c.Opened(ctx, t, root+"/microsoft/"), code)
			if exit, _, stderr := login.Wait(ctx, t); exit != cmdutil.ExitOK {
				t.Fatalf("login exited %d; stderr:\n%s", exit, stderr)
			}
		})
	}
}
