package devicecode

import (
	"context"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// Prompt is what the user needs to approve the device (RFC 8628 §3.3). It
// has no device code: the prompt is public, the device code is not.
type Prompt struct {
	Vendor                  normalize.Vendor
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string // empty when the vendor sends none
	ExpiresAt               time.Time
	Message                 string // the vendor's own instructions, if any
	// Broker is the host of the server that asked for the code on the
	// person's behalf, where they sign in to another: the Cohesity
	// cluster (or Helios) or the Veeam server, which broker a Microsoft
	// 365 sign-in. State.Prompt takes it from the flow's Origin, which the
	// vendor packages set; empty for GitLab and Microsoft, and for a flow
	// made without an origin.
	Broker string
}

// promptFor extracts the prompt from a device code (Flow.Prompt).
func promptFor(dc *normalize.DeviceCode) Prompt {
	return Prompt{Vendor: dc.Vendor, UserCode: dc.UserCode, VerificationURI: dc.VerificationURI,
		VerificationURIComplete: dc.VerificationURIComplete, ExpiresAt: dc.ExpiresAt, Message: dc.Message}
}

// brokerOf is the host of o's server for the vendors whose appliance
// brokers the sign-in: Cohesity's and Veeam's device codes are
// Microsoft's, asked for by the appliance, which polls Microsoft itself
// (VENDORS.md: Cohesity brokers the "Azure PowerShell" client; VB365 keeps
// the device code). Cohesity's Helios routing follows the URL after a
// space (siteOf) and is not part of the host.
func brokerOf(v normalize.Vendor, o Origin) string {
	if v != normalize.Cohesity && v != normalize.Veeam {
		return ""
	}
	instance, _, _ := strings.Cut(o.Instance, " ")
	u, err := url.Parse(instance)
	if err != nil {
		return ""
	}
	return u.Host
}

// Prompter shows the prompt to the user. Whatever else it shows (a QR code
// of VerificationURIComplete, a browser), it must show the user code, so
// that the user can check it against the one on the device (§3.3.1).
type Prompter interface {
	Prompt(ctx context.Context, p Prompt) error
}

// PrompterFunc adapts a function to Prompter.
type PrompterFunc func(ctx context.Context, p Prompt) error

// Prompt calls f.
func (f PrompterFunc) Prompt(ctx context.Context, p Prompt) error { return f(ctx, p) }

// TextPrompter writes the prompt as plain text to w: the words of
// Prompt.Text, which the devicecode CLI shows too, with the expiry in
// ExpiresAt's zone. Of opts it reads only WithClock, the time the "(in
// 5m0s)" is counted from.
func TextPrompter(w io.Writer, opts ...Option) Prompter {
	clk := Collect(opts...).Clock
	return PrompterFunc(func(_ context.Context, p Prompt) error {
		_, err := io.WriteString(w, p.Text(clk.Now().In(p.ExpiresAt.Location())).String())
		return err
	})
}
