package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// screenshotWidths are a desktop's and a phone's, in CSS pixels.
var screenshotWidths = []int64{1280, 390}

// shooter saves a page's screenshots at every width, NAME-WIDTH.png.
type shooter struct {
	t    *testing.T
	dir  string
	page *Page
}

func (s *shooter) shoot(name string) {
	s.t.Helper()
	for _, w := range screenshotWidths {
		file := filepath.Join(s.dir, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(file, s.page.Screenshot(w), 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
}

// screenshotDir is $SCREENSHOTS_DIR (make screenshots), else a
// temporary directory: without it the test still walks every page.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestScreenshots walks every verification page as a person meets it,
// and saves each at a desktop's and a phone's width: GitLab's and Entra's
// entry, confirmation and result pages, and their refusals (an unknown,
// expired or used code; a decision without the page's CSRF token).
func TestScreenshots(t *testing.T) {
	if os.Getenv("SCREENSHOTS_DIR") != "" && chromiumPath() == "" {
		t.Fatal("make screenshots needs Chromium: apt-get install chromium, or set DEVICECODE_CHROMIUM")
	}
	c := StartChromium(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	clk := fakeclock.New(time.Now())
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	s := &shooter{t: t, dir: screenshotDir(t), page: c.Tab(ctx, t)}
	gl, err := gitlab.New(gitlab.Config{BaseURL: sb.URLs[normalize.GitLab], ClientID: "screenshots", Scopes: []string{"read_user", "api"}})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := microsoft.New(microsoft.Config{Tenant: "organizations", ClientID: "screenshots",
		AuthorityHost: sb.URLs[normalize.Microsoft], Scopes: []string{"User.Read"}})
	if err != nil {
		t.Fatal(err)
	}
	// Codes issued now expire when the clock moves on, at the end.
	expiredGitLab, expiredEntra := prompt(ctx, t, gl), prompt(ctx, t, ms)

	shootGitLab(ctx, t, s, gl, sb.URLs[normalize.GitLab])
	shootEntra(ctx, t, s, ms)

	clk.Advance(24 * time.Hour)
	s.page.Go(expiredGitLab.VerificationURIComplete)
	s.page.Click("#device-code-form button[type=submit]")
	wantError(t, s.page, "expired")
	s.shoot("gitlab-08-expired")
	enterEntraCode(s.page, expiredEntra)
	wantError(t, s.page, "expired")
	s.shoot("entra-07-expired")
}

// shootGitLab: entry, entry prefilled, confirmation, authorized, denied,
// an unknown code, a used one, and a decision with a forged CSRF token.
func shootGitLab(ctx context.Context, t *testing.T, s *shooter, gl devicecode.Client, base string) {
	t.Helper()
	p := s.page
	p.Go(base + "/oauth/device")
	s.shoot("gitlab-01-entry")
	approved := prompt(ctx, t, gl)
	p.Go(approved.VerificationURIComplete)
	s.shoot("gitlab-02-entry-prefilled")
	p.Click("#device-code-form button[type=submit]")
	s.shoot("gitlab-03-confirm")
	p.Click("#authorize")
	s.shoot("gitlab-04-authorized")

	p.Go(prompt(ctx, t, gl).VerificationURIComplete)
	p.Click("#device-code-form button[type=submit]")
	p.Click("#deny")
	s.shoot("gitlab-05-denied")

	p.Go(base + "/oauth/device?user_code=ZZZZ-ZZZZ")
	p.Click("#device-code-form button[type=submit]")
	wantError(t, p, "")
	s.shoot("gitlab-06-unknown")

	p.Go(approved.VerificationURIComplete)
	p.Click("#device-code-form button[type=submit]")
	wantError(t, p, "already been used")
	s.shoot("gitlab-07-used")

	p.Go(prompt(ctx, t, gl).VerificationURIComplete)
	p.Click("#device-code-form button[type=submit]")
	forgeCSRF(p)
	p.Click("#authorize")
	s.shoot("gitlab-09-bad-csrf")
}

// shootEntra: entry, consent, signed in, declined, an unknown code, a
// used one, and a decision with a forged CSRF token.
func shootEntra(ctx context.Context, t *testing.T, s *shooter, ms devicecode.Client) {
	t.Helper()
	p := s.page
	approved := prompt(ctx, t, ms)
	p.Go(approved.VerificationURI)
	s.shoot("entra-01-entry")
	enterEntraCode(p, approved)
	s.shoot("entra-02-consent")
	p.Click("#idSIButton9")
	s.shoot("entra-03-signed-in")

	enterEntraCode(p, prompt(ctx, t, ms))
	p.Click("#idBtn_Back")
	s.shoot("entra-04-declined")

	enterEntraCode(p, devicecode.Prompt{VerificationURI: approved.VerificationURI, UserCode: "ZZZZZZZZZ"})
	wantError(t, p, "")
	s.shoot("entra-05-unknown")

	enterEntraCode(p, approved)
	wantError(t, p, "already been used")
	s.shoot("entra-06-used")

	enterEntraCode(p, prompt(ctx, t, ms))
	forgeCSRF(p)
	p.Click("#idSIButton9")
	s.shoot("entra-08-bad-csrf")
}

// prompt starts a sign-in at c and returns what the person is shown.
func prompt(ctx context.Context, t *testing.T, c devicecode.Client) devicecode.Prompt {
	t.Helper()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fl.Prompt()
}

// enterEntraCode opens Entra's page and submits the code.
func enterEntraCode(p *Page, pr devicecode.Prompt) {
	p.t.Helper()
	p.Go(pr.VerificationURI)
	p.Type("#otc", pr.UserCode)
	p.Click("#idSIButton9")
}

// forgeCSRF replaces the decision form's CSRF token, as a page of another
// site posting the form would have to.
func forgeCSRF(p *Page) {
	p.t.Helper()
	p.Eval(`document.querySelectorAll("input[name*=csrf]").forEach(e => e.value = "forged")`)
}

// wantError checks that the page shows an error (#error) containing want.
func wantError(t *testing.T, p *Page, want string) {
	t.Helper()
	if msg := p.Text("#error"); !strings.Contains(msg, want) {
		t.Errorf("the page's error is %q, want it to contain %q", msg, want)
	}
}
