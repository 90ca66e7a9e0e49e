package devicecode

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// PromptText is a prompt in words, defined once for TextPrompter and the
// devicecode CLI (which lays the same words out on a terminal, with a QR
// code of the complete URI). Every member is safe to print: what the
// server sent went through safetext, hosts are shown in ASCII
// (hostname.URL), so an allowed look-alike does not read as the name it
// imitates.
type PromptText struct {
	// Heading says whom the person signs in to: "To sign in to GitLab at
	// gitlab.example.com, open", "To sign in to Microsoft for Veeam at
	// vbo.example.com:4443, open".
	Heading  string
	URI      string // the verification URI
	Code     string // the user code
	Complete string // the complete URI; empty when the vendor sent none
	// Message is the vendor's own message, "" when it only repeats the URI
	// and the code (Entra's and Veeam's "To sign in, use a web browser to
	// open the page … and enter the code … to authenticate.").
	Message string
	// Expiry is "The code expires at 14:05:09 UTC (in 15m0s).", "" when
	// the prompt has no expiry.
	Expiry string
}

// Text is the prompt in words, the expiry as a clock time to the second
// in now's zone, and the time left from now.
//
// The URIs go through safetext.Escape, not Show: normalize has vetted them
// already, and a length bound would cut a long URI the user must open.
func (p Prompt) Text(now time.Time) PromptText {
	t := PromptText{Heading: heading(p), URI: shownURL(p.VerificationURI), Code: safetext.Show(p.UserCode)}
	if p.VerificationURIComplete != "" {
		t.Complete = shownURL(p.VerificationURIComplete)
	}
	if !repeats(p.Message, p) {
		t.Message = safetext.Show(p.Message)
	}
	if !p.ExpiresAt.IsZero() {
		t.Expiry = fmt.Sprintf("The code expires at %s (in %s).",
			p.ExpiresAt.In(now.Location()).Format("15:04:05 MST"), p.ExpiresAt.Sub(now).Round(time.Second))
	}
	return t
}

// paragraphs are the text as TextPrompter writes it, a blank line
// between each: the URI and the code stand alone, indented, to be copied.
// Empty members are left out.
func (t PromptText) paragraphs() []string {
	var ps []string
	if t.Heading != "" {
		ps = append(ps, t.Heading, "    "+t.URI, "and enter the code", "    "+t.Code)
	}
	if t.Complete != "" {
		// The user code stays on screen above: §3.3.1 wants it checked
		// against the page even when the complete URI prefills it.
		ps = append(ps, "or open", "    "+t.Complete, "and check that the page shows the code above.")
	}
	if t.Message != "" {
		ps = append(ps, "The server's message: "+t.Message)
	}
	if t.Expiry != "" {
		ps = append(ps, t.Expiry)
	}
	return ps
}

// String is the paragraphs, each ended by a line break, a blank line
// between them.
func (t PromptText) String() string {
	ps := t.paragraphs()
	if len(ps) == 0 {
		return ""
	}
	return strings.Join(ps, "\n\n") + "\n"
}

// heading names whom the person signs in to: the service whose page they
// open. Cohesity and Veeam broker a Microsoft 365 sign-in (VENDORS.md):
// the page is Microsoft's, and the appliance is named so the person knows
// what they grant access for.
func heading(p Prompt) string {
	var to string
	switch p.Vendor {
	case normalize.GitLab:
		to = "GitLab" + at(hostOf(p.VerificationURI))
	case normalize.Microsoft:
		to = "Microsoft"
	case normalize.Cohesity:
		to = "Microsoft for Cohesity" + at(p.Broker)
	case normalize.Veeam:
		to = "Microsoft for Veeam" + at(p.Broker)
	default:
		return "To sign in, open"
	}
	return "To sign in to " + to + ", open"
}

// at is " at host", shown as hosts are, or "" for no host.
func at(host string) string {
	if host == "" {
		return ""
	}
	return " at " + strings.TrimPrefix(shownURL("https://"+host), "https://")
}

// hostOf is raw's host (with its port), "" when raw has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// shownURL is raw with its host in ASCII and nothing a terminal would act on.
func shownURL(raw string) string { return safetext.Escape(hostname.URL(raw)) }

// repeats reports whether msg says no more than the prompt's URI and code:
// it names both (Entra's message, and Veeam's, which is Microsoft's). A
// message that does not is shown: it may say something else, and one
// naming another page must not go unseen.
func repeats(msg string, p Prompt) bool {
	return msg == "" || strings.Contains(msg, p.VerificationURI) && strings.Contains(msg, p.UserCode)
}
