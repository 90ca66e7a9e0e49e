package devicetest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	veeamgen "github.com/devicecode/devicecode/gen/veeam"
)

// veeamAPI implements the generated strict server interface; the front
// door (VeeamServer.serve) has already checked the bearer token.
type veeamAPI struct{ s *VeeamServer }

var _ veeamgen.StrictServerInterface = (*veeamAPI)(nil)

// veeamRaw is an answer the typed responses cannot write: v6/v7's 200 to
// POST /Organizations (the v8 contract says 201), token dates in RFC 1123,
// an OWIN error body.
type veeamRaw struct {
	status int
	body   any
}

func (r veeamRaw) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(r.status)
	return json.NewEncoder(w).Encode(r.body)
}

func (r veeamRaw) VisitTokenResponse(w http.ResponseWriter) error           { return r.write(w) }
func (r veeamRaw) VisitOrganizationAddResponse(w http.ResponseWriter) error { return r.write(w) }

func veeamMsg(s string) *string { return &s }

func (a *veeamAPI) fail(code, msg string) veeamgen.RESTExceptionInfo {
	e := veeamgen.RESTExceptionInfo{Message: veeamMsg(msg)}
	if code != "" {
		c := veeamgen.RESTExceptionInfoErrorCode(code)
		e.ErrorCode = &c
	}
	return e
}

func (a *veeamAPI) Token(_ context.Context, req veeamgen.TokenRequestObject) (veeamgen.TokenResponseObject, error) {
	grant, user, pass, rt := "", "", "", ""
	if f := req.FormdataBody; f != nil {
		grant, user, pass, rt = string(f.GrantType), deref(f.Username), deref(f.Password), deref(f.RefreshToken)
	} else if j := req.JSONBody; j != nil {
		grant, user, pass, rt = string(j.GrantType), deref(j.Username), deref(j.Password), deref(j.RefreshToken)
	}
	ok := false
	switch grant {
	case "password":
		ok = user == a.s.opts.Username && pass == a.s.opts.Password
	case "refresh_token":
		ok = a.s.redeemRefresh(rt)
	}
	if !ok {
		if a.s.opts.OAuthErrors {
			return veeamRaw{http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "The user name or password is incorrect."}}, nil
		}
		return veeamgen.TokendefaultJSONResponse{StatusCode: http.StatusUnauthorized, Body: a.fail("", "The user name or password is incorrect.")}, nil
	}
	access, refresh, issued, expires := a.s.issueTokens()
	format := http.TimeFormat // RFC 1123, GMT, as OWIN writes .issued/.expires
	if a.s.opts.RFC3339Dates {
		format = time.RFC3339
	}
	return veeamRaw{http.StatusOK, map[string]any{
		"access_token": access, "token_type": "bearer", "expires_in": int64(a.s.opts.TokenLifetime / time.Second),
		"refresh_token": refresh, "userName": user,
		".issued": issued.UTC().Format(format), ".expires": expires.UTC().Format(format),
	}}, nil
}

// newUUID is a random (version 4) UUID.
func newUUID() openapi_types.UUID {
	var id openapi_types.UUID
	_, _ = rand.Read(id[:])
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

func (a *veeamAPI) ServiceInstanceGet(context.Context, veeamgen.ServiceInstanceGetRequestObject) (veeamgen.ServiceInstanceGetResponseObject, error) {
	return veeamgen.ServiceInstanceGet200JSONResponse{}, nil
}

func (a *veeamAPI) deviceCode() veeamgen.RESTDeviceCodeResponse {
	code := a.s.newCode()
	secs := int64(a.s.opts.CodeLifetime / time.Second)
	msg := "To sign in, use a web browser to open the page " + a.s.opts.VerificationURL + " and enter the code " + code + " to authenticate."
	return veeamgen.RESTDeviceCodeResponse{UserCode: &code, VerificationUrl: &a.s.opts.VerificationURL, ExpiresIn: &secs, Message: &msg}
}

func (a *veeamAPI) OrganizationOrganizationDeviceCode(context.Context, veeamgen.OrganizationOrganizationDeviceCodeRequestObject) (veeamgen.OrganizationOrganizationDeviceCodeResponseObject, error) {
	return veeamgen.OrganizationOrganizationDeviceCode200JSONResponse(a.deviceCode()), nil
}

func (a *veeamAPI) OrganizationBackupApplicationsOrganizationDeviceCode(_ context.Context, req veeamgen.OrganizationBackupApplicationsOrganizationDeviceCodeRequestObject) (veeamgen.OrganizationBackupApplicationsOrganizationDeviceCodeResponseObject, error) {
	if !a.s.knownOrg(req.OrganizationId.String()) {
		return veeamgen.OrganizationBackupApplicationsOrganizationDeviceCodedefaultJSONResponse{StatusCode: http.StatusNotFound, Body: a.fail("ResourceNotFound", "Organization not found.")}, nil
	}
	return veeamgen.OrganizationBackupApplicationsOrganizationDeviceCode200JSONResponse(a.deviceCode()), nil
}

func (a *veeamAPI) RestoreSessionDeviceCodeAction(_ context.Context, req veeamgen.RestoreSessionDeviceCodeActionRequestObject) (veeamgen.RestoreSessionDeviceCodeActionResponseObject, error) {
	if !a.s.knownSession(req.RestoreSessionId.String()) {
		return veeamgen.RestoreSessionDeviceCodeActiondefaultJSONResponse{StatusCode: http.StatusNotFound, Body: a.fail("ResourceNotFound", "Restore session not found.")}, nil
	}
	return veeamgen.RestoreSessionDeviceCodeAction200JSONResponse(a.deviceCode()), nil
}

func (a *veeamAPI) AzureServiceAccountsGetDeviceCode(context.Context, veeamgen.AzureServiceAccountsGetDeviceCodeRequestObject) (veeamgen.AzureServiceAccountsGetDeviceCodeResponseObject, error) {
	dc := a.deviceCode()
	expires := a.s.opts.Clock.Now().Add(a.s.opts.CodeLifetime).UTC()
	return veeamgen.AzureServiceAccountsGetDeviceCode200JSONResponse{
		UserCode: dc.UserCode, VerificationUri: dc.VerificationUrl, ExpiresOnUtc: &expires, Message: dc.Message,
	}, nil
}

func (a *veeamAPI) OrganizationCheckDeviceCode(ctx context.Context, req veeamgen.OrganizationCheckDeviceCodeRequestObject) (veeamgen.OrganizationCheckDeviceCodeResponseObject, error) {
	if req.Body == nil {
		return veeamgen.OrganizationCheckDeviceCodedefaultJSONResponse{StatusCode: http.StatusBadRequest, Body: a.fail("ParameterValidationFailure", "userCode is required.")}, nil
	}
	if ans := a.s.count(req.Body.UserCode); ans != Decide {
		a.s.logScripted(req.Body.UserCode, ans)
		delay(ctx, a.s.opts.Clock, ans, or(a.s.opts.SlowBy, veeamInterval))
		return veeamScripted{ans, or(a.s.opts.RetryAfter, veeamInterval), a.s.opts.PendingCheckError}, nil
	}
	authenticated, status, msg := a.s.check(req.Body.UserCode)
	a.s.logCheck(req.Body.UserCode, authenticated)
	if status != 0 {
		return veeamgen.OrganizationCheckDeviceCodedefaultJSONResponse{StatusCode: status, Body: a.fail("", msg)}, nil
	}
	return veeamgen.OrganizationCheckDeviceCode200JSONResponse{Authenticated: &authenticated}, nil
}

// check answers one DeviceCode/check: authenticated, or an error status
// and message.
func (s *VeeamServer) check(code string) (bool, int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.codes[code]
	if !ok {
		return false, http.StatusBadRequest, "The device code is not found."
	}
	now := s.opts.Clock.Now()
	if !now.Before(c.expires) {
		if s.opts.ExpiredCheckError {
			return false, http.StatusBadRequest, "The device code has expired."
		}
		return false, 0, ""
	}
	if c.status == codePending {
		c.status = s.byItself(code, c, now)
	}
	switch c.status {
	case codeDenied:
		return false, http.StatusBadRequest, VeeamDeclinedMessage
	case codeApproved:
		return true, 0, ""
	}
	c.pending++
	if s.opts.PendingCheckError {
		return false, http.StatusBadRequest, veeamPendingMessage
	}
	return false, 0, ""
}

func (a *veeamAPI) OrganizationAdd(_ context.Context, req veeamgen.OrganizationAddRequestObject) (veeamgen.OrganizationAddResponseObject, error) {
	if req.Body == nil || req.Body.UserCode == nil || !a.s.consume(*req.Body.UserCode) {
		return veeamgen.OrganizationAdddefaultJSONResponse{StatusCode: http.StatusBadRequest, Body: a.fail("ParameterValidationFailure", "The user code is not authenticated.")}, nil
	}
	id := newUUID()
	a.s.mu.Lock()
	a.s.st.orgs[id.String()] = true
	a.s.mu.Unlock()
	name := "contoso.onmicrosoft.com"
	typ := veeamgen.Office365
	org := veeamgen.RestOrganizationComposed{Id: &id, Name: &name, Type: &typ, Region: req.Body.Region}
	if a.s.opts.Version == "v8" {
		return veeamgen.OrganizationAdd201JSONResponse(org), nil
	}
	return veeamRaw{http.StatusOK, org}, nil // v6, v7: 200
}

func (a *veeamAPI) ApplicationCreateApplication(_ context.Context, req veeamgen.ApplicationCreateApplicationRequestObject) (veeamgen.ApplicationCreateApplicationResponseObject, error) {
	if !a.s.knownOrg(req.OrganizationId.String()) {
		return veeamgen.ApplicationCreateApplicationdefaultJSONResponse{StatusCode: http.StatusNotFound, Body: a.fail("ResourceNotFound", "Organization not found.")}, nil
	}
	if req.Body == nil || req.Body.UserCode == nil || !a.s.consume(*req.Body.UserCode) {
		return veeamgen.ApplicationCreateApplicationdefaultJSONResponse{StatusCode: http.StatusBadRequest, Body: a.fail("ParameterValidationFailure", "The user code is not authenticated.")}, nil
	}
	n := int32(1)
	if req.Body.Count != nil {
		n = *req.Body.Count
	}
	if n < 1 || n > maxVeeamApps {
		return veeamgen.ApplicationCreateApplicationdefaultJSONResponse{StatusCode: http.StatusBadRequest,
			Body: a.fail("ParameterValidationFailure", "count must be between 1 and 100.")}, nil
	}
	page := veeamgen.PageOfRESTApplication{Limit: n, Results: []veeamgen.RESTApplication{}}
	for range n {
		id := newUUID()
		page.Results = append(page.Results, veeamgen.RESTApplication{ApplicationId: &id, DisplayName: req.Body.DisplayName})
	}
	return veeamgen.ApplicationCreateApplication200JSONResponse(page), nil
}

// maxVeeamApps bounds one request's applications: the fake builds its
// answer from the count, and a sandbox must not be talked out of memory.
const maxVeeamApps = 100
