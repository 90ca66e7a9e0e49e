package prompt

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/normalize"
)

// issued is when the prompts below were issued.
var issued = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

// vendorPrompts are a prompt of each vendor as its flow gives it: GitLab
// with a complete URI; Entra's message and Veeam's (Microsoft's), which
// only repeat the URI and the code; Cohesity's, which sends none; the
// brokering appliance from the origin the vendor package records.
func vendorPrompts() map[normalize.Vendor]devicecode.Prompt {
	const page = "https://microsoft.com/devicelogin"
	message := func(code string) string {
		return "To sign in, use a web browser to open the page " + page + " and enter the code " + code + " to authenticate."
	}
	return map[normalize.Vendor]devicecode.Prompt{
		normalize.GitLab: {Vendor: normalize.GitLab, UserCode: "0A44L90H", VerificationURI: "https://gitlab.example.com/oauth/device",
			VerificationURIComplete: "https://gitlab.example.com/oauth/device?user_code=0A44L90H", ExpiresAt: issued.Add(5 * time.Minute)},
		normalize.Microsoft: {Vendor: normalize.Microsoft, UserCode: "HT7PQ2ZKM", VerificationURI: page,
			ExpiresAt: issued.Add(15 * time.Minute), Message: message("HT7PQ2ZKM")},
		normalize.Cohesity: {Vendor: normalize.Cohesity, UserCode: "FQ7ZK2MRB", VerificationURI: page,
			ExpiresAt: issued.Add(15 * time.Minute), Broker: "cluster.example.com"},
		normalize.Veeam: {Vendor: normalize.Veeam, UserCode: "KR8MZ3TWQ", VerificationURI: page,
			ExpiresAt: issued.Add(899 * time.Second), Message: message("KR8MZ3TWQ"), Broker: "vbo.example.com:4443"},
	}
}

// TestShowIsTextPrompter: off a terminal the CLI shows what the SDK's
// TextPrompter writes, word for word, for every vendor: one prompt, in
// one place (devicecode.Prompt.Text).
func TestShowIsTextPrompter(t *testing.T) {
	for v, p := range vendorPrompts() {
		var sdk strings.Builder
		if err := devicecode.TextPrompter(&sdk, devicecode.WithClock(fakeclock.New(issued))).Prompt(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		var cli clitest.SyncBuffer
		Show(plain(&cli), p, issued)
		if cli.String() != sdk.String() {
			t.Errorf("%s: the CLI shows\n%s\nTextPrompter writes\n%s", v, cli.String(), sdk.String())
		}
		if !strings.Contains(cli.String(), " UTC (in ") {
			t.Errorf("%s: no expiry with its zone:\n%s", v, cli.String())
		}
	}
}

// TestShowTerminal compares the prompt on an 80-column terminal with
// testdata/terminal-<vendor>.golden (refresh with -update): GitLab's has
// the QR code with the link under it.
func TestShowTerminal(t *testing.T) {
	for v, p := range vendorPrompts() {
		var b clitest.SyncBuffer
		Show(fakeTerminal(&b, 80), p, issued)
		out := b.String()
		if p.VerificationURIComplete != "" && !strings.Contains(out, "\x1b[0m\n    "+p.VerificationURIComplete+"\n\nThe code expires") {
			t.Errorf("%s: the link is not under the QR code:\n%s", v, out)
		}
		if p.VerificationURIComplete == "" && strings.Contains(out, "\x1b[30;47m") {
			t.Errorf("%s: a QR code without a complete URI:\n%s", v, out)
		}
		golden.Check(t, filepath.Join("testdata", "terminal-"+string(v)+".golden"), []byte(out))
	}
}
