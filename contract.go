package devicecode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// Client is the contract every vendor's client satisfies (gitlab.Client,
// microsoft.Client, cohesity.Client, veeam.Client), so that one function
// signs in with any of them: see SignIn.
//
// What a vendor needs to ask for a code (scopes, Cohesity's Microsoft 365
// domain, Veeam's target) is part of the client's configuration; what a
// vendor does after the sign-in (Cohesity's applications and source
// registration, Veeam's organization) stays a method of its client.
type Client interface {
	// Start asks the server for a device code and returns the flow that
	// waits for the user's decision. Show flow.Prompt() to the user, then
	// call Wait, or PollOnce when State().NextPollAt is due.
	Start(ctx context.Context) (*Flow, error)
	// Resume continues a flow from its saved State (Flow.State, e.g. kept
	// as JSON) in any process: a client configured for the same server
	// and application is enough, since all a flow needs travels in its
	// State. A State of another origin is a *StateError, before any
	// request.
	Resume(st State) (*Flow, error)
}

// Flow is one sign-in waiting for the user's decision. Wait, PollOnce and
// State are those of the embedded Poller, which runs the
// RFC 8628 §3.5 schedule; they yield the sign-in's Outcome. A Flow is safe
// for concurrent use.
type Flow struct {
	*Poller[*Outcome]
}

// NewFlow starts the schedule for dc with a vendor's poll function, which
// yields the Outcome once the user has approved. Vendor packages call it;
// an integrator gets a Flow from a Client.
func NewFlow(dc *normalize.DeviceCode, poll PollFunc[*Outcome], opts ...Option) (*Flow, error) {
	p, err := NewPoller(dc, poll, opts...)
	if err != nil {
		return nil, err
	}
	return &Flow{p}, nil
}

// ResumeFlow is NewFlow for a State saved earlier (see ResumePoller).
func ResumeFlow(st State, poll PollFunc[*Outcome], opts ...Option) (*Flow, error) {
	p, err := ResumePoller(st, poll, opts...)
	if err != nil {
		return nil, err
	}
	return &Flow{p}, nil
}

// Prompt is what to show the user (State.Prompt).
func (f *Flow) Prompt() Prompt { return f.State().Prompt() }

// SignIn is the whole sign-in with any vendor's client: it starts a flow,
// shows its prompt with pr and waits until the user decides, the code
// expires or ctx ends. A backend that keeps flows across requests or
// restarts uses Start, Flow.State and Client.Resume instead.
func SignIn(ctx context.Context, c Client, pr Prompter) (*Outcome, error) {
	if c == nil || pr == nil {
		return nil, errors.New("SignIn needs a client and a prompter")
	}
	f, err := c.Start(ctx)
	if err != nil {
		return nil, err
	}
	if err := pr.Prompt(ctx, f.Prompt()); err != nil {
		return nil, fmt.Errorf("prompt: %w", err)
	}
	return f.Wait(ctx)
}

// Outcome is what an approved sign-in yields. Token is set for the vendors
// that hand the token to the client (GitLab, Entra ID, Cohesity); Veeam's
// server keeps the Microsoft token itself, and its outcome is the approved
// UserCode that its completion steps (AddOrganization, CreateApplications)
// take. The token is a secret: fmt, slog and json.Marshal show an Outcome
// without it.
type Outcome struct {
	Vendor   normalize.Vendor
	Token    *oauth2.Token
	UserCode string
}

// String names the vendor and what the sign-in yielded, never a token;
// what the server sent is shown sanitized.
func (o Outcome) String() string {
	switch {
	case o.Token != nil:
		s := fmt.Sprintf("%s: signed in, %s token", safetext.Show(string(o.Vendor)), safetext.Show(tokenType(o.Token)))
		if !o.Token.Expiry.IsZero() {
			s += " valid until " + o.Token.Expiry.UTC().Format(time.RFC3339)
		}
		if o.Token.RefreshToken != "" {
			s += ", with a refresh token"
		}
		return s
	case o.UserCode != "":
		return fmt.Sprintf("%s: signed in, the server holds the session for user code %s",
			safetext.Show(string(o.Vendor)), safetext.Show(o.UserCode))
	}
	return safetext.Show(string(o.Vendor)) + ": no sign-in"
}

// tokenType is the token's type as CheckTokenType reads it: absent is
// Bearer.
func tokenType(t *oauth2.Token) string {
	if t.TokenType == "" {
		return "Bearer"
	}
	return t.TokenType
}

// GoString keeps the token out of %#v.
func (o Outcome) GoString() string { return "devicecode.Outcome{" + o.String() + "}" }

// Format serves every verb with String: fmt would answer %d, %x, … with
// the fields, the token among them.
func (o Outcome) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", o.String())
		return
	}
	_, _ = io.WriteString(f, o.String())
}

// LogValue keeps the token out of slog.
func (o Outcome) LogValue() slog.Value { return slog.StringValue(o.String()) }

// MarshalJSON writes the description, not the token: an Outcome is not a
// storage format, and JSON loggers marshal what they log. Store the token
// itself where secrets belong.
func (o Outcome) MarshalJSON() ([]byte, error) { return json.Marshal(o.String()) }
