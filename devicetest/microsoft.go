package devicetest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
)

// microsoftLifetime is Entra's device code lifetime.
const microsoftLifetime = 900 * time.Second

// NewMicrosoft starts a fake Entra ID authority host at the returned
// Server's URL, built on the strict server generated from
// specs/microsoft: POST /{tenant}/oauth2/v2.0/devicecode and
// /{tenant}/oauth2/v2.0/token (and the legacy v1 devicecode endpoint),
// with Entra's bodies — a localized-style message, AADSTS error_codes,
// trace and correlation ids, authorization_declined for a refusal and
// bad_verification_code for an unknown or used code, invalid_grant for
// another client's, unsupported_grant_type for a wrong grant,
// invalid_request for none, slow_down
// for a poll sooner than the interval after the last (unless NoSlowDown).
// It serves each tenant's v2.0 discovery document
// (/{tenant}/v2.0/.well-known/openid-configuration), its keys
// (/{tenant}/discovery/v2.0/keys) and the instance discovery MSAL asks
// first (/common/discovery/instance), so Microsoft's libraries work
// against its host; with openid the token has an id_token signed by those
// keys. Its verification page is the fake's own /common/oauth2/deviceauth,
// so a person using the sandbox is not sent to Microsoft. Close it when
// done.
func NewMicrosoft(opts Options) *Server { return newServer(opts, microsoftWithPage(opts)) }

// microsoftHandler builds the fake's generated handler for a Server.
func microsoftHandler(opts Options) func(*Server) http.Handler {
	return func(s *Server) http.Handler {
		m := &microsoftFake{s: s, opts: opts}
		s.flows.progress = newProgress(opts.Logger, "microsoft")
		mux := http.NewServeMux()
		m.serveOIDC(mux)
		return microsoftgen.HandlerFromMux(microsoftgen.NewStrictHandler(m, []microsoftgen.StrictMiddlewareFunc{m.faults}), mux)
	}
}

type microsoftFake struct {
	s    *Server
	opts Options
	sign signer // the OpenID Connect key
}

var _ microsoftgen.StrictServerInterface = (*microsoftFake)(nil)

func (m *microsoftFake) issue(clientID, scope string) (flow, string, string) {
	f := m.s.flows.issue(or(m.opts.Lifetime, microsoftLifetime), clientID, scope)
	page := m.s.URL + "/common/oauth2/deviceauth"
	msg := fmt.Sprintf("To sign in, use a web browser to open the page %s and enter the code %s to authenticate.", page, f.userCode)
	return f, page, msg
}

func (m *microsoftFake) RequestDeviceCode(_ context.Context, req microsoftgen.RequestDeviceCodeRequestObject) (microsoftgen.RequestDeviceCodeResponseObject, error) {
	if req.Body == nil || req.Body.ClientId == "" || req.Body.Scope == "" {
		return microsoftgen.RequestDeviceCode400JSONResponse{ErrorJSONResponse: entraError("invalid_request", 900144,
			"The request body must contain the following parameter: 'client_id' and 'scope'.")}, nil
	}
	f, page, msg := m.issue(req.Body.ClientId, req.Body.Scope)
	answer := microsoftgen.RequestDeviceCode200JSONResponse{DeviceCode: f.deviceCode, UserCode: f.userCode,
		VerificationUri: page, ExpiresIn: seconds(or(m.opts.Lifetime, microsoftLifetime)), Message: &msg}
	if !m.opts.OmitInterval {
		answer.Interval = ptr(seconds(m.opts.interval()))
	}
	return answer, nil
}

// RequestDeviceCodeV1 answers in the legacy shape: verification_url and
// numbers as strings.
func (m *microsoftFake) RequestDeviceCodeV1(_ context.Context, req microsoftgen.RequestDeviceCodeV1RequestObject) (microsoftgen.RequestDeviceCodeV1ResponseObject, error) {
	clientID := ""
	if req.Body != nil {
		clientID = req.Body.ClientId
	}
	f, page, msg := m.issue(clientID, "")
	answer := microsoftgen.RequestDeviceCodeV1200JSONResponse{DeviceCode: f.deviceCode, UserCode: f.userCode,
		VerificationUrl: page, ExpiresIn: strconv.Itoa(seconds(or(m.opts.Lifetime, microsoftLifetime))), Message: &msg}
	if !m.opts.OmitInterval {
		answer.Interval = ptr(strconv.Itoa(seconds(m.opts.interval())))
	}
	return answer, nil
}

func (m *microsoftFake) RequestToken(_ context.Context, req microsoftgen.RequestTokenRequestObject) (microsoftgen.RequestTokenResponseObject, error) {
	dc := ""
	if req.Body != nil {
		dc = req.Body.DeviceCode
	}
	var e microsoftgen.ErrorJSONResponse
	switch r, f := m.s.flows.settle(dc); r {
	case pollApproved:
		return m.token(f.clientID, f.scope, req.Tenant), nil
	case pollPending:
		e = entraError("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
	case pollDenied:
		e = entraError("authorization_declined", 70000, "The user declined the authorization.")
	case pollExpired:
		e = entraError("expired_token", 70020, "The provided value for the input parameter 'device_code' is expired.")
	case pollUsed: // what Entra answers for a redeemed code is not documented
		e = entraError(m.opts.Undocumented.usedCode(), 70000, "Provided value for the input parameter 'device_code' is not valid.")
	default:
		e = entraError("bad_verification_code", 70000, "Provided value for the input parameter 'device_code' is not valid.")
	}
	return microsoftgen.RequestToken400JSONResponse{ErrorJSONResponse: e}, nil
}

// token is a granted token in Entra's shape for clientID through tenant.
// A refresh token comes with offline_access and an id token with openid,
// as Entra documents.
func (m *microsoftFake) token(clientID, granted, tenant string) microsoftgen.RequestToken200JSONResponse {
	if granted == "" {
		granted = "User.Read"
	}
	tok := microsoftgen.RequestToken200JSONResponse{TokenType: "Bearer", AccessToken: "eyJ0eXAi." + random(24),
		ExpiresIn: ptr(3599), ExtExpiresIn: ptr(3599), Scope: &granted, IdToken: m.idToken(clientID, granted, tenant)}
	if slices.Contains(strings.Fields(granted), "offline_access") {
		tok.RefreshToken = ptr(m.s.flows.newRefresh("1.AR"))
	}
	return tok
}

// refresh answers the refresh_token grant, rotating the refresh token.
func (m *microsoftFake) refresh(r *http.Request, scope string) microsoftgen.RequestTokenResponseObject {
	if !m.s.flows.redeemRefresh(r.PostForm.Get("refresh_token")) {
		return microsoftgen.RequestToken400JSONResponse{ErrorJSONResponse: entraError("invalid_grant", 70008,
			"The provided authorization code or refresh token has expired due to inactivity.")}
	}
	if scope == "" {
		scope = "offline_access"
	}
	return m.token(pollClient(r), scope, r.PathValue("tenant"))
}

// faults answers a scripted poll before the strict handler does.
func (m *microsoftFake) faults(next microsoftgen.StrictHandlerFunc, op string) microsoftgen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, req any) (any, error) {
		if code := clientAuth(r, m.opts.ClientSecret); code != "" {
			return nil, writeJSON(w, authStatus(code), entraError(code, 7000215, "Invalid client secret provided."))
		}
		if tenant := r.PathValue("tenant"); tenant != "" && !m.knows(tenant) {
			return nil, writeJSON(w, http.StatusBadRequest, entraUnknownTenant(tenant))
		}
		if op != "RequestToken" {
			return next(ctx, w, r, entraBasicClientID(r, req))
		}
		if isRefresh(r.PostForm) {
			return m.refresh(r, r.PostForm.Get("scope")), nil
		}
		if missingGrant(r.PostForm) {
			// AADSTS900144 (learn.microsoft.com, "Microsoft Entra
			// authentication and authorization error codes").
			return entraRefusal("invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'."), nil
		}
		if unsupportedGrant(r.PostForm, m.opts.Undocumented.BareDeviceCodeGrant) {
			// AADSTS70003, Entra's UnsupportedGrantType (learn.microsoft.com,
			// "Microsoft Entra authentication and authorization error codes").
			return entraRefusal("unsupported_grant_type", 70003, fmt.Sprintf("The app requested an unsupported grant type '%s'.", r.PostForm.Get("grant_type"))), nil
		}
		dc := ""
		if body, _ := req.(microsoftgen.RequestTokenRequestObject); body.Body != nil {
			dc = body.Body.DeviceCode
		}
		a, written := m.s.script(ctx, w, m.opts, dc)
		switch {
		case written:
			return nil, nil
		case a == PendingOK:
			return entraOK(entraError(answerCode(a), 70016, "Continue polling.")), nil
		case answerCode(a) != "":
			return entraRefusal(answerCode(a), 70016, "Continue polling."), nil
		}
		switch m.s.flows.admit(dc, pollClient(r), m.opts.pollInterval()) {
		case wrongClient:
			// What Entra answers for another client's device code is not
			// documented; by default the fake answers RFC 6749 §5.2's
			// invalid_grant.
			return entraRefusal(m.opts.Undocumented.foreignCode(), 70000, "Provided grant is invalid or malformed."), nil
		case tooFast:
			// Entra answers slow_down (VENDORS.md); its AADSTS code is not documented.
			return entraRefusal("slow_down", 70016, "Continue polling."), nil
		}
		return next(ctx, w, r, req)
	}
}

// entraBasicClientID takes the client id from HTTP Basic when the form
// has none, as a confidential client authenticating with Basic sends it.
func entraBasicClientID(r *http.Request, req any) any {
	ro, ok := req.(microsoftgen.RequestDeviceCodeRequestObject)
	user := basicUser(r)
	basic := user != ""
	if !ok || !basic || ro.Body == nil || ro.Body.ClientId != "" {
		return req
	}
	body := *ro.Body
	body.ClientId = user
	ro.Body = &body
	return ro
}

// knows reports whether tenant is one of Options.Tenants (any, if unset);
// the meta-tenants common, organizations and consumers always exist.
func (m *microsoftFake) knows(tenant string) bool {
	if m.opts.Tenants == nil || slices.Contains([]string{"common", "organizations", "consumers"}, tenant) {
		return true
	}
	return slices.ContainsFunc(m.opts.Tenants, func(t string) bool { return strings.EqualFold(t, tenant) })
}

// entraError is Entra's error body: RFC 6749 §5.2 plus its diagnostics.
func entraError(code string, aadsts int, desc string) microsoftgen.ErrorJSONResponse {
	trace, corr := newUUID().String(), newUUID().String() // GUIDs, as Entra sends
	full := fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s", aadsts, desc, trace, corr)
	return microsoftgen.ErrorJSONResponse{Error: code, ErrorDescription: &full, ErrorCodes: &[]int{aadsts},
		TraceId: &trace, CorrelationId: &corr, Timestamp: ptr(time.Now().UTC().Format("2006-01-02 15:04:05Z")),
		ErrorUri: ptr(fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts))}
}

// entraRefusal is an error answer of the token endpoint.
func entraRefusal(code string, aadsts int, desc string) microsoftgen.RequestTokenResponseObject {
	return microsoftgen.RequestToken400JSONResponse{ErrorJSONResponse: entraError(code, aadsts, desc)}
}

// entraOK is an error body with HTTP 200.
type entraOK microsoftgen.ErrorJSONResponse

func (e entraOK) VisitRequestTokenResponse(w http.ResponseWriter) error {
	return writeJSON(w, http.StatusOK, e)
}
