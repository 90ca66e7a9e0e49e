package devicetest

import (
	"context"
	"net/http"
	"time"

	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
)

// gitlabLifetime is the device code lifetime of GitLab's server gem.
const gitlabLifetime = 300 * time.Second

// NewGitLab starts a fake GitLab instance (17.3 or later) at the returned
// Server's URL, built on the strict server generated from specs/gitlab:
// POST /oauth/authorize_device and POST /oauth/token with GitLab's bodies
// and status codes, the verification page at /oauth/device. Its token
// endpoint answers as Doorkeeper's device grant does: invalid_grant for
// another client's or a used device code, unsupported_grant_type for a
// grant other than the URN or refresh_token, invalid_request for none,
// slow_down for a poll sooner
// than the interval after the last (unless NoSlowDown). It serves
// /.well-known/openid-configuration (without device_authorization_endpoint,
// like gitlab.com's), its keys at /oauth/discovery/keys, and with openid
// an id_token signed by them. Close it when done.
func NewGitLab(opts Options) *Server { return newServer(opts, gitlabWithPage(opts)) }

// gitlabHandler builds the fake's generated handler for a Server.
func gitlabHandler(opts Options) func(*Server) http.Handler {
	return func(s *Server) http.Handler {
		g := &gitlabFake{s: s, opts: opts}
		s.flows.progress = newProgress(opts.Logger, "gitlab")
		mux := http.NewServeMux()
		g.serveOIDC(mux)
		return gitlabgen.HandlerFromMux(gitlabgen.NewStrictHandler(g, []gitlabgen.StrictMiddlewareFunc{g.faults}), mux)
	}
}

type gitlabFake struct {
	s    *Server
	opts Options
	sign signer // the OpenID Connect key
}

var _ gitlabgen.StrictServerInterface = (*gitlabFake)(nil)

func (g *gitlabFake) AuthorizeDevice(_ context.Context, req gitlabgen.AuthorizeDeviceRequestObject) (gitlabgen.AuthorizeDeviceResponseObject, error) {
	if req.Body == nil || req.Body.ClientId == "" {
		return gitlabgen.AuthorizeDevice401JSONResponse{Error: "invalid_client", ErrorDescription: ptr("Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")}, nil
	}
	lifetime := or(g.opts.Lifetime, gitlabLifetime)
	f := g.s.flows.issue(lifetime, req.Body.ClientId, deref(req.Body.Scope))
	page := g.s.URL + "/oauth/device"
	answer := gitlabgen.AuthorizeDevice200JSONResponse{DeviceCode: f.deviceCode, UserCode: f.userCode,
		VerificationUri: page, VerificationUriComplete: ptr(page + "?user_code=" + f.userCode),
		ExpiresIn: seconds(lifetime)}
	if !g.opts.OmitInterval {
		answer.Interval = ptr(seconds(g.opts.interval()))
	}
	return answer, nil
}

func (g *gitlabFake) ExchangeDeviceCode(_ context.Context, req gitlabgen.ExchangeDeviceCodeRequestObject) (gitlabgen.ExchangeDeviceCodeResponseObject, error) {
	var code, desc string
	switch r, f := g.s.flows.settle(deviceCodeOf(req.Body)); r {
	case pollApproved:
		tok := g.token(f.scope)
		tok.IdToken = g.idToken(f, *tok.Scope, g.s.flows.clock.Now())
		return tok, nil
	case pollPending:
		code, desc = "authorization_pending", "The authorization request is still pending"
	case pollDenied:
		code, desc = "access_denied", "The resource owner or authorization server denied the request."
	case pollExpired:
		code, desc = "expired_token", "The device code has expired"
	default: // unknown, or used up: Doorkeeper destroys a grant when it issues the token
		code, desc = "invalid_grant", gitlabInvalidGrant
	}
	return gitlabgen.ExchangeDeviceCode400JSONResponse{OAuthErrorJSONResponse: gitlabgen.OAuthErrorJSONResponse{Error: code, ErrorDescription: &desc}}, nil
}

// faults answers a scripted poll before the strict handler does.
func (g *gitlabFake) faults(next gitlabgen.StrictHandlerFunc, op string) gitlabgen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, req any) (any, error) {
		if code := clientAuth(r, g.opts.ClientSecret); code != "" {
			return nil, writeJSON(w, authStatus(code), gitlabgen.OAuthErrorJSONResponse{Error: code,
				ErrorDescription: ptr("Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")})
		}
		if op != "ExchangeDeviceCode" {
			return next(ctx, w, r, basicClientID(r, req))
		}
		if isRefresh(r.PostForm) {
			return g.refresh(r.PostForm.Get("refresh_token")), nil
		}
		if missingGrant(r.PostForm) {
			return gitlabError("invalid_request", gitlabInvalidRequest), nil
		}
		if unsupportedGrant(r.PostForm, false) {
			return gitlabError("unsupported_grant_type", "The authorization grant type is not supported by the authorization server."), nil
		}
		body, _ := req.(gitlabgen.ExchangeDeviceCodeRequestObject)
		dc := deviceCodeOf(body.Body)
		switch a, written := g.s.script(ctx, w, g.opts, dc); {
		case written:
			return nil, nil
		case answerCode(a) != "":
			return gitlabScripted(a), nil
		}
		switch g.s.flows.admit(dc, pollClient(r), g.opts.pollInterval()) {
		case wrongClient:
			return gitlabError("invalid_grant", gitlabInvalidGrant), nil
		case tooFast:
			return gitlabScripted(SlowDown), nil
		}
		return next(ctx, w, r, req)
	}
}

// token is a granted token as gitlab.com words it: Doorkeeper's fields,
// a refresh token, and GitLab's non-standard created_at.
func (g *gitlabFake) token(scope string) gitlabgen.ExchangeDeviceCode200JSONResponse {
	if scope == "" {
		scope = "read_user" // the application's default scope
	}
	return gitlabgen.ExchangeDeviceCode200JSONResponse{AccessToken: "glpat-" + random(20), TokenType: "Bearer",
		ExpiresIn: ptr(7200), RefreshToken: ptr(g.s.flows.newRefresh("glrt-")), Scope: &scope,
		CreatedAt: ptr(int(g.s.flows.clock.Now().Unix()))}
}

// refresh answers the refresh_token grant, rotating the refresh token.
func (g *gitlabFake) refresh(rt string) gitlabgen.ExchangeDeviceCodeResponseObject {
	if !g.s.flows.redeemRefresh(rt) {
		return gitlabError("invalid_grant", gitlabInvalidGrant)
	}
	return g.token("")
}

// gitlabInvalidRequest is GitLab's description of invalid_request (its
// config/locales/doorkeeper.en.yml, as Doorkeeper's own en.yml words it).
const gitlabInvalidRequest = "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed."

// gitlabInvalidGrant is Doorkeeper's description of invalid_grant.
const gitlabInvalidGrant = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."

// gitlabError is an OAuth error answer of the token endpoint.
func gitlabError(code, desc string) gitlabgen.ExchangeDeviceCodeResponseObject {
	return gitlabgen.ExchangeDeviceCode400JSONResponse{OAuthErrorJSONResponse: gitlabgen.OAuthErrorJSONResponse{Error: code, ErrorDescription: &desc}}
}

// gitlabScripted is a scripted OAuth error answer, in GitLab's words.
func gitlabScripted(a Answer) gitlabgen.ExchangeDeviceCodeResponseObject {
	desc := map[string]string{"authorization_pending": "The authorization request is still pending",
		"slow_down": "The client is polling too quickly"}[answerCode(a)]
	body := gitlabgen.OAuthErrorJSONResponse{Error: answerCode(a), ErrorDescription: &desc}
	if a == PendingOK {
		return okError(body)
	}
	return gitlabgen.ExchangeDeviceCode400JSONResponse{OAuthErrorJSONResponse: body}
}

// okError is an error body sent with HTTP 200, which the generated
// responses cannot express.
type okError gitlabgen.OAuthErrorJSONResponse

func (e okError) VisitExchangeDeviceCodeResponse(w http.ResponseWriter) error {
	return writeJSON(w, http.StatusOK, e)
}

// basicClientID takes the client id from HTTP Basic when the form has
// none: a confidential client authenticating with Basic sends it there.
func basicClientID(r *http.Request, req any) any {
	ro, ok := req.(gitlabgen.AuthorizeDeviceRequestObject)
	user := basicUser(r)
	basic := user != ""
	if !ok || !basic || (ro.Body != nil && ro.Body.ClientId != "") {
		return req
	}
	body := gitlabgen.AuthorizeDeviceFormdataRequestBody{ClientId: user}
	if ro.Body != nil {
		body.Scope = ro.Body.Scope
	}
	ro.Body = &body
	return ro
}

func deviceCodeOf(b *gitlabgen.ExchangeDeviceCodeFormdataRequestBody) string {
	if b == nil {
		return ""
	}
	return b.DeviceCode
}
