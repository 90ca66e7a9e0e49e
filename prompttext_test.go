package devicecode_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/normalize"
)

// entraMessage is Entra's message (and Veeam's, which passes Microsoft's
// on), as captured in normalize's testdata.
func entraMessage(code string) string {
	return "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code " +
		code + " to authenticate."
}

// vendorPrompts are a prompt of each vendor as a flow's State gives it,
// with the origins the vendor packages record.
func vendorPrompts() map[normalize.Vendor]devicecode.Prompt {
	state := func(dc normalize.DeviceCode, o devicecode.Origin) devicecode.Prompt {
		dc.ExpiresAt = t0.Add(dc.ExpiresIn)
		return devicecode.State{DeviceCode: dc, Origin: o, ExpiresAt: dc.ExpiresAt}.Prompt()
	}
	const page = "https://microsoft.com/devicelogin"
	return map[normalize.Vendor]devicecode.Prompt{
		normalize.GitLab: state(normalize.DeviceCode{Vendor: normalize.GitLab, UserCode: "0A44L90H",
			VerificationURI:         "https://gitlab.example.com/oauth/device",
			VerificationURIComplete: "https://gitlab.example.com/oauth/device?user_code=0A44L90H", ExpiresIn: 5 * time.Minute},
			devicecode.Origin{Instance: "https://gitlab.example.com", ClientID: "my-app"}),
		normalize.Microsoft: state(normalize.DeviceCode{Vendor: normalize.Microsoft, UserCode: "HT7PQ2ZKM", VerificationURI: page,
			ExpiresIn: 15 * time.Minute, Message: entraMessage("HT7PQ2ZKM")},
			devicecode.Origin{Instance: "https://login.microsoftonline.com", Tenant: "organizations", ClientID: "my-app"}),
		normalize.Cohesity: state(normalize.DeviceCode{Vendor: normalize.Cohesity, UserCode: "FQ7ZK2MRB", VerificationURI: page,
			ExpiresIn: 15 * time.Minute},
			devicecode.Origin{Instance: "https://cluster.example.com/v2", Tenant: "contoso.onmicrosoft.com"}),
		normalize.Veeam: state(normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "KR8MZ3TWQ", VerificationURI: page,
			ExpiresIn: 899 * time.Second, Message: entraMessage("KR8MZ3TWQ")},
			devicecode.Origin{Instance: "https://vbo.example.com:4443"}),
	}
}

// TestTextPrompterVendors compares each vendor's prompt with
// testdata/prompt/<vendor>.golden (refresh with -update) and checks what
// it must say: whom the person signs in to, the URI and the code once
// each, the expiry with its zone.
func TestTextPrompterVendors(t *testing.T) {
	headings := map[normalize.Vendor]string{
		normalize.GitLab:    "To sign in to GitLab at gitlab.example.com, open\n",
		normalize.Microsoft: "To sign in to Microsoft, open\n",
		normalize.Cohesity:  "To sign in to Microsoft for Cohesity at cluster.example.com, open\n",
		normalize.Veeam:     "To sign in to Microsoft for Veeam at vbo.example.com:4443, open\n",
	}
	for v, p := range vendorPrompts() {
		t.Run(string(v), func(t *testing.T) {
			var b strings.Builder
			if err := devicecode.TextPrompter(&b, devicecode.WithClock(fakeclock.New(t0))).Prompt(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.HasPrefix(out, headings[v]) {
				t.Errorf("prompt does not begin with %q:\n%s", headings[v], out)
			}
			// The complete URI holds both; the lines that stand alone are once each.
			for _, once := range []string{"\n    " + p.VerificationURI + "\n", "\n    " + p.UserCode + "\n"} {
				if n := strings.Count(out, once); n != 1 {
					t.Errorf("%q %d times, want once:\n%s", once, n, out)
				}
			}
			if p.VerificationURIComplete == "" && (strings.Count(out, p.UserCode) != 1 || strings.Count(out, p.VerificationURI) != 1) {
				t.Errorf("the code or the URI is repeated:\n%s", out)
			}
			if !strings.Contains(out, "\n\nThe code expires at "+p.ExpiresAt.UTC().Format("15:04:05")+" UTC (in ") {
				t.Errorf("prompt lacks the expiry with its zone:\n%s", out)
			}
			golden.Check(t, filepath.Join("testdata", "prompt", string(v)+".golden"), []byte(out))
		})
	}
}

// TestPromptTextZone: the expiry is read in now's zone (the CLI: local
// time), TextPrompter's in ExpiresAt's, each with its name.
func TestPromptTextZone(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	p := vendorPrompts()[normalize.GitLab]
	if got, want := p.Text(t0.In(cet)).Expiry, "The code expires at 13:05:00 CET (in 5m0s)."; got != want {
		t.Errorf("Text(now in CET).Expiry = %q, want %q", got, want)
	}
	p.ExpiresAt = p.ExpiresAt.In(cet)
	var b strings.Builder
	if err := devicecode.TextPrompter(&b, devicecode.WithClock(fakeclock.New(t0.Add(time.Minute)))).Prompt(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.HasSuffix(out, "\n\nThe code expires at 13:05:00 CET (in 4m0s).\n") {
		t.Errorf("TextPrompter does not show the expiry in ExpiresAt's zone:\n%s", out)
	}
}

// TestPromptBroker: Cohesity and Veeam name the appliance that brokers
// the Microsoft sign-in, from the flow's origin, without Helios's routing;
// the others name none.
func TestPromptBroker(t *testing.T) {
	for _, tt := range []struct {
		vendor   normalize.Vendor
		instance string
		want     string
	}{
		{normalize.Cohesity, "https://helios.cohesity.com/v2 (Helios: accessClusterId 42, regionId us-east-1)", "helios.cohesity.com"},
		{normalize.Veeam, "https://vbo.example.com:4443", "vbo.example.com:4443"},
		{normalize.Veeam, "", ""},
		{normalize.GitLab, "https://gitlab.example.com", ""},
		{normalize.Microsoft, "https://login.microsoftonline.com", ""},
	} {
		st := devicecode.State{DeviceCode: normalize.DeviceCode{Vendor: tt.vendor}, Origin: devicecode.Origin{Instance: tt.instance}}
		if got := st.Prompt().Broker; got != tt.want {
			t.Errorf("%s at %q: Broker %q, want %q", tt.vendor, tt.instance, got, tt.want)
		}
	}
}

// TestPromptTextMessage: the vendor's message is shown, through safetext,
// unless it only repeats the URI and the code.
func TestPromptTextMessage(t *testing.T) {
	p := vendorPrompts()[normalize.Microsoft]
	for msg, want := range map[string]string{
		entraMessage(p.UserCode):                                           "",
		entraMessage("OTHERCODE"):                                          entraMessage("OTHERCODE"),
		"To sign in, use a web browser.":                                   "To sign in, use a web browser.",
		"Open https://aka.ms/devicelogin and enter the code " + p.UserCode: "Open https://aka.ms/devicelogin and enter the code " + p.UserCode,
	} {
		p.Message = msg
		if got := p.Text(t0).Message; got != want {
			t.Errorf("message %q shown as %q, want %q", msg, got, want)
		}
	}
	p.Message = "Open \x1b]8;;https://evil.example\x07this\x1b]8;;\x07 link"
	if got := p.Text(t0).Message; got == "" || strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("message %q shown as %q", p.Message, got)
	}
}

// TestPromptTextEscapes: nothing from the server, or from a saved State,
// reaches the text as a terminal control or a host beyond ASCII.
func TestPromptTextEscapes(t *testing.T) {
	p := devicecode.Prompt{Vendor: normalize.Veeam, UserCode: "0A44\x1b[2JL90H", Broker: "vbо.example.com\u202e",
		VerificationURI: "https://microsoft.com/\u202edevicelogin", VerificationURIComplete: "https://microsoft.com/?c=\x07"}
	out := p.Text(t0).String()
	if strings.ContainsAny(out, "\x1b\x07\u202e") || strings.Contains(out, "vbо") {
		t.Errorf("prompt passes server text through: %q", out)
	}
}

// TestREADMEPrompt: the README shows Veeam's prompt as TextPrompter
// writes it.
func TestREADMEPrompt(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "prompt", "veeam.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```text\n"+string(want)+"```\n") {
		t.Errorf("README.md does not show testdata/prompt/veeam.golden as a text block")
	}
}
