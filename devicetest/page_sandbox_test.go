package devicetest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
)

// TestSandboxMicrosoftPage: the sandbox's Cohesity and Veeam flows send
// the person to the sandbox's own Microsoft page, which decides their
// codes (and Entra's) as it does its own; the appliances' clients then
// complete, or hear that the person declined. (Cohesity's client reads a
// refusal as pending until expiry by default, Cohesity's codes being
// undocumented: its Deny is TestBrokeredDecideOnce's.)
func TestSandboxMicrosoftPage(t *testing.T) {
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	clients := sandboxClients(t, sb)
	page := sb.URL + "/microsoft/common/oauth2/deviceauth"
	for _, tc := range []struct {
		vendor  normalize.Vendor
		app     string
		approve bool
	}{
		{normalize.Cohesity, "Microsoft Azure PowerShell (for the Cohesity cluster)", true},
		{normalize.Veeam, "Veeam Backup for Microsoft 365", true},
		{normalize.Veeam, "Veeam Backup for Microsoft 365", false},
		{normalize.Microsoft, "app", true},
	} {
		t.Run(string(tc.vendor), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			fl, err := clients[tc.vendor].Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			p := fl.Prompt()
			if p.VerificationURI != page {
				t.Fatalf("verification URI %s, want the sandbox's page %s", p.VerificationURI, page)
			}
			b := newBrowser(t, sb.URL, http.DefaultClient)
			entry := b.open(p.VerificationURI)
			confirm := b.submit(attrOf(entry.must("form#deviceauth-form"), "action"), url.Values{"otc": {strings.ToLower(p.UserCode)}})
			if got := confirm.text("#application"); got != tc.app {
				t.Fatalf("application %q, want %q (%d)", got, tc.app, confirm.status)
			}
			button := map[bool]string{true: "#idSIButton9", false: "#idBtn_Back"}[tc.approve]
			form := confirm.must("form#appverify-form")
			if d := b.submit(attrOf(form, "action"), formValues(form, confirm.must(button), nil)); d.status != http.StatusOK {
				t.Fatalf("decision: %d %s", d.status, d.html())
			}
			_, err = fl.Wait(ctx)
			if tc.approve && err != nil {
				t.Errorf("approved, then Wait = %v", err)
			}
			if !tc.approve && (err == nil || errors.Is(err, devicecode.ErrExpiredToken)) {
				t.Errorf("declined, then Wait = %v", err)
			}
			if err := sb.Approve(p.UserCode); !errors.Is(err, devicetest.ErrUsedUserCode) {
				t.Errorf("approving the decided code again: %v", err)
			}
		})
	}
}
