package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func init() {
	register("login", command{
		summary: "sign in with the device flow (gitlab, microsoft) and print the token",
		run:     runLogin,
	})
}

const loginUsage = `usage:
  devicecode login gitlab [--base-url URL] --client-id ID [--client-secret S --auth-style form|basic]
                          [--scope S]... [--output text|json]
  devicecode login microsoft --tenant T --client-id ID --scope S... [--authority-host URL]
                          [--client-secret S --auth-style form|basic] [--output text|json]

Starts an OAuth 2.0 device authorization (RFC 8628), shows the user code and
the verification URI on stderr (with a QR code and a countdown when stderr is
a terminal), and waits until the user approves in a browser elsewhere.

On success stdout gets a one-line summary without the token, or with
--output json the token as JSON (access_token, token_type, expires_in,
refresh_token, scope, id_token): treat that output as a secret. The client
secret may come from $DEVICECODE_CLIENT_SECRET instead of the command line.
Plain http URLs are accepted for loopback hosts only.

Exit status: 0 signed in; 1 the flow failed (denied, expired, unsupported, …);
2 usage error.
`

// secretEnv keeps the client secret off the command line (and out of ps).
const secretEnv = "DEVICECODE_CLIENT_SECRET"

// flow is what both vendor clients offer.
type flow interface {
	Start(ctx context.Context, scopes ...string) (*normalize.DeviceCode, error)
	Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error)
}

// loginArgs are the parsed flags.
type loginArgs struct {
	vendor                        normalize.Vendor
	baseURL, tenant, authority    string
	clientID, clientSecret, style string
	scopes                        scopeList
	output                        string
}

// scopeList collects repeated --scope flags; one flag may also hold several
// space- or comma-separated scopes.
type scopeList []string

func (s *scopeList) String() string { return strings.Join(*s, " ") }

func (s *scopeList) Set(v string) error {
	*s = append(*s, strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })...)
	return nil
}

// runLogin is `devicecode login`.
func runLogin(ctx context.Context, args []string, s stdio) int {
	a, code := parseLogin(args, s.err)
	if code != exitOK {
		return code
	}
	f, err := newFlow(a)
	if err != nil {
		fmt.Fprintf(s.err, "devicecode login %s: %v\n", a.vendor, err)
		return exitUsage
	}
	tok, err := login(ctx, f, a, s.err)
	if err != nil {
		fmt.Fprintf(s.err, "devicecode login %s: %s: %v\n", a.vendor, outcome(err), err)
		return exitError
	}
	if err := writeToken(s.out, a, tok); err != nil {
		fmt.Fprintf(s.err, "devicecode login %s: writing output: %v\n", a.vendor, err)
		return exitError
	}
	return exitOK
}

func parseLogin(args []string, stderr io.Writer) (loginArgs, int) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, loginUsage)
		if len(args) > 0 && isHelp(args[0]) {
			return loginArgs{}, exitHelp
		}
		return loginArgs{}, exitUsage
	}
	a := loginArgs{vendor: normalize.Vendor(args[0])}
	fs := flag.NewFlagSet("login "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, loginUsage) }
	switch a.vendor {
	case normalize.GitLab:
		fs.StringVar(&a.baseURL, "base-url", gitlab.DefaultBaseURL, "GitLab instance, with any relative URL root")
	case normalize.Microsoft:
		fs.StringVar(&a.tenant, "tenant", "", "common, organizations, consumers, a directory GUID or a domain")
		fs.StringVar(&a.authority, "authority-host", microsoft.AuthorityPublicCloud, "login host of the cloud")
	default:
		fmt.Fprintf(stderr, "devicecode login: unknown vendor %q (want gitlab or microsoft)\n", args[0])
		return a, exitUsage
	}
	fs.StringVar(&a.clientID, "client-id", "", "OAuth application (client) ID")
	fs.StringVar(&a.clientSecret, "client-secret", os.Getenv(secretEnv), "client secret of a confidential application")
	fs.StringVar(&a.style, "auth-style", "", "how to send the client secret: form or basic")
	fs.Var(&a.scopes, "scope", "scope to request (repeatable)")
	fs.StringVar(&a.output, "output", "text", "text (a redacted summary) or json (the token)")
	if err := fs.Parse(args[1:]); err != nil {
		return a, parseExit(err)
	}
	if msg := a.problem(fs.NArg()); msg != "" {
		fmt.Fprintf(stderr, "devicecode login %s: %s\n", a.vendor, msg)
		return a, exitUsage
	}
	return a, exitOK
}

// problem checks what the flag package cannot.
func (a loginArgs) problem(extra int) string {
	switch {
	case extra > 0:
		return "unexpected arguments after the flags"
	case a.clientID == "":
		return "--client-id is required"
	case a.vendor == normalize.Microsoft && a.tenant == "":
		return "--tenant is required"
	case a.vendor == normalize.Microsoft && len(a.scopes) == 0:
		return "at least one --scope is required"
	case a.output != "text" && a.output != "json":
		return "--output must be text or json"
	case a.style != "" && a.style != "form" && a.style != "basic":
		return "--auth-style must be form or basic"
	case a.clientSecret != "" && a.style == "":
		return "a client secret needs --auth-style form or basic"
	case a.clientSecret == "" && a.style != "":
		return "--auth-style needs a client secret (--client-secret or $" + secretEnv + ")"
	}
	return ""
}

func (a loginArgs) authStyle() deviceflow.AuthStyle {
	switch a.style {
	case "form":
		return deviceflow.AuthStyleInParams
	case "basic":
		return deviceflow.AuthStyleInHeader
	}
	return deviceflow.AuthStyleNone
}

// newFlow builds the vendor client; its config errors are usage errors.
func newFlow(a loginArgs) (flow, error) {
	if a.vendor == normalize.GitLab {
		return gitlab.New(gitlab.Config{BaseURL: a.baseURL, ClientID: a.clientID,
			ClientSecret: a.clientSecret, AuthStyle: a.authStyle()})
	}
	return microsoft.New(microsoft.Config{Tenant: a.tenant, ClientID: a.clientID, ClientSecret: a.clientSecret,
		AuthStyle: a.authStyle(), AuthorityHost: a.authority})
}

// login runs one flow, prompting on stderr.
func login(ctx context.Context, f flow, a loginArgs, stderr io.Writer) (*oauth2.Token, error) {
	dc, err := f.Start(ctx, a.scopes...)
	if err != nil {
		return nil, err
	}
	stop := showPrompt(stderr, deviceflow.PromptFor(dc), isTerminal(stderr))
	tok, err := f.Wait(ctx, dc)
	stop()
	return tok, err
}

// outcome names how a flow ended, first in the error line.
func outcome(err error) string {
	var ne *normalize.Error
	var oe *deviceflow.OAuthError
	switch {
	case errors.Is(err, deviceflow.ErrAccessDenied):
		return "denied"
	case errors.Is(err, deviceflow.ErrExpiredToken):
		return "expired"
	case errors.Is(err, deviceflow.ErrDeviceFlowUnsupported):
		return "unsupported"
	case errors.Is(err, deviceflow.ErrInvalidDeviceCode):
		return "invalid device code"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &ne), errors.Is(err, deviceflow.ErrInvalidResponse):
		return "invalid server response"
	case errors.As(err, &oe):
		return "rejected"
	case deviceflow.IsTransient(err):
		return "server unreachable"
	}
	return "failed"
}

// tokenOutput is --output json; fields absent from the answer are omitted.
type tokenOutput struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

func writeToken(w io.Writer, a loginArgs, tok *oauth2.Token) error {
	scope, _ := tok.Extra("scope").(string)
	idToken, _ := tok.Extra("id_token").(string)
	if a.output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tokenOutput{AccessToken: tok.AccessToken, TokenType: tok.TokenType, ExpiresIn: tok.ExpiresIn,
			RefreshToken: tok.RefreshToken, Scope: scope, IDToken: idToken})
	}
	_, err := fmt.Fprintf(w, "signed in to %s: %s token (redacted)%s, scope %q, refresh token: %s, id token: %s\n",
		a.vendor, tokenType(tok), expiresIn(tok), scope, yesNo(tok.RefreshToken != ""), yesNo(idToken != ""))
	return err
}

func tokenType(tok *oauth2.Token) string {
	if tok.TokenType == "" {
		return "access"
	}
	return tok.TokenType
}

func expiresIn(tok *oauth2.Token) string {
	if tok.ExpiresIn <= 0 {
		return ""
	}
	return ", expires in " + (time.Duration(tok.ExpiresIn) * time.Second).String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
