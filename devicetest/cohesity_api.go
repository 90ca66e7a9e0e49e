package devicetest

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// cohesityAPI serves the generated strict interface for one fake.
type cohesityAPI struct{ c *CohesityServer }

var _ cohesitygen.StrictServerInterface = (*cohesityAPI)(nil)

// cohesityFail is the Error body any operation may answer (default).
type cohesityFail struct {
	status     int
	code, msg  string
	retryAfter string
}

func (f cohesityFail) write(w http.ResponseWriter) error {
	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	cohesityError(w, f.status, f.code, f.msg)
	return nil
}

func (f cohesityFail) VisitCreateAccessTokenResponse(w http.ResponseWriter) error { return f.write(w) }
func (f cohesityFail) VisitGenerateM365DeviceCodeResponse(w http.ResponseWriter) error {
	return f.write(w)
}
func (f cohesityFail) VisitGenerateM365DeviceAccessTokenResponse(w http.ResponseWriter) error {
	return f.write(w)
}
func (f cohesityFail) VisitCreateAzureApplicationsResponse(w http.ResponseWriter) error {
	return f.write(w)
}
func (f cohesityFail) VisitCreateOrUpdateAzureApplicationsResponse(w http.ResponseWriter) error {
	return f.write(w)
}
func (f cohesityFail) VisitRegisterProtectionSourceResponse(w http.ResponseWriter) error {
	return f.write(w)
}

func cohesityInvalid(msg string) cohesityFail {
	return cohesityFail{status: http.StatusBadRequest, code: CohesityInvalid, msg: msg}
}

func (a *cohesityAPI) CreateAccessToken(_ context.Context, r cohesitygen.CreateAccessTokenRequestObject) (cohesitygen.CreateAccessTokenResponseObject, error) {
	o, b := a.c.opts, r.Body
	if o.Username == "" || b == nil || cohesityStr(b.Username) != o.Username ||
		cohesityStr(b.Password) != o.Password || cohesityStr(b.Domain) != o.Domain {
		return cohesityFail{status: http.StatusUnauthorized, code: CohesityUnauthorized,
			msg: "Invalid username or password"}, nil
	}
	token := cohesityRandom("login-")
	a.c.mu.Lock()
	a.c.logins[token] = true
	a.c.mu.Unlock()
	return cohesitygen.CreateAccessToken201JSONResponse{AccessToken: &token, TokenType: cohesityPtr("Bearer"),
		Privileges: &[]string{"PROTECTION_MODIFY"}}, nil
}

func (a *cohesityAPI) GenerateM365DeviceCode(_ context.Context, r cohesitygen.GenerateM365DeviceCodeRequestObject) (cohesitygen.GenerateM365DeviceCodeResponseObject, error) {
	domain := ""
	if r.Body != nil {
		domain = cohesityStr(r.Body.Domain)
	}
	if domain == "" {
		return cohesityInvalid("domain is required"), nil
	}
	if d := a.c.opts.Domains; d != nil && !slices.Contains(d, domain) {
		return cohesityFail{status: http.StatusNotFound, code: CohesityNotFound,
			msg: fmt.Sprintf("Organization %s not found", domain)}, nil
	}
	now := a.c.clock.Now()
	f := &cohesityFlow{deviceCode: cohesityRandom("dc-"), userCode: cohesityUserCode(), domain: domain,
		issued: now, expires: now.Add(a.c.opts.lifetime())}
	a.c.mu.Lock()
	a.c.flows[f.deviceCode] = f
	a.c.mu.Unlock()
	a.c.logIssued(f)
	uri := a.c.opts.VerificationURI
	if uri == "" {
		uri = "https://microsoft.com/devicelogin"
	}
	answer := cohesitygen.GenerateM365DeviceCode201JSONResponse{DeviceCode: &f.deviceCode, UserCode: &f.userCode,
		VerificationUri: &uri, ExpiresInSecs: cohesityPtr(int64(a.c.opts.lifetime().Seconds()))}
	if !a.c.opts.OmitInterval {
		answer.IntervalSecs = cohesityPtr(int64(a.c.opts.interval().Seconds()))
	}
	return answer, nil
}

func (a *cohesityAPI) GenerateM365DeviceAccessToken(ctx context.Context, r cohesitygen.GenerateM365DeviceAccessTokenRequestObject) (cohesitygen.GenerateM365DeviceAccessTokenResponseObject, error) {
	if r.Body == nil {
		return cohesityInvalid("body is required"), nil
	}
	dc, domain := cohesityStr(r.Body.DeviceCode), cohesityStr(r.Body.Domain)
	ans, known := a.c.count(dc, domain)
	if !known {
		return cohesityInvalid("unknown device code for this domain"), nil
	}
	delay(ctx, a.c.clock, ans, or(a.c.opts.SlowBy, a.c.opts.interval()))
	if s := a.c.scripted(ans); s != nil {
		a.c.logScripted(dc, ans)
		return s, nil
	}
	a.c.mu.Lock()
	defer a.c.mu.Unlock()
	f := a.c.flows[dc]
	if f == nil || f.redeemed { // redeemed by a poll that overtook this one
		return cohesityInvalid("unknown device code for this domain"), nil
	}
	return a.c.logPoll(f, a.c.decided(f)), nil
}

// decided is the real answer for f; c.mu is held.
func (c *CohesityServer) decided(f *cohesityFlow) cohesitygen.GenerateM365DeviceAccessTokenResponseObject {
	if !f.approved && !f.denied {
		d := decidedBy(c.opts.Person, c.clock.Now().Sub(f.issued))
		f.approved, f.denied = d == Approved, d == Denied
		if d != Undecided {
			c.progress().decided(f.userCode, d, "Person")
		}
	}
	switch {
	case c.clock.Now().After(f.expires): // valid through its last second, as Microsoft's
		return cohesityFail{status: http.StatusBadRequest, code: CohesityExpiredCode, msg: "expired_token: the device code expired"}
	case f.denied:
		return cohesityFail{status: http.StatusBadRequest, code: CohesityDeniedCode, msg: "access_denied: the user declined"}
	case !f.approved:
		return cohesityPending()
	}
	token := cohesityRandom("ms-")
	c.msTokens[token] = true
	f.redeemed = true // kept, so that its user code is used, not unknown
	return cohesitygen.GenerateM365DeviceAccessToken201JSONResponse{AccessToken: &token, ExpiresInSecs: cohesityPtr(int64(3599))}
}

func (a *cohesityAPI) CreateAzureApplications(_ context.Context, r cohesitygen.CreateAzureApplicationsRequestObject) (cohesitygen.CreateAzureApplicationsResponseObject, error) {
	list, fail := a.c.createApps(r.Body)
	if fail != nil {
		return *fail, nil
	}
	return cohesitygen.CreateAzureApplications201JSONResponse{Microsoft365AppCredentialsList: &list}, nil
}

func (a *cohesityAPI) CreateOrUpdateAzureApplications(_ context.Context, r cohesitygen.CreateOrUpdateAzureApplicationsRequestObject) (cohesitygen.CreateOrUpdateAzureApplicationsResponseObject, error) {
	list, fail := a.c.createApps(r.Body)
	if fail != nil {
		return *fail, nil
	}
	if r.Body.ExistingMicrosoft365AppCredentialsList != nil {
		list = append(*r.Body.ExistingMicrosoft365AppCredentialsList, list...)
	}
	return cohesitygen.CreateOrUpdateAzureApplications201JSONResponse{Microsoft365AppCredentialsList: &list}, nil
}

// createApps checks the Microsoft token and makes appCount credentials.
func (c *CohesityServer) createApps(b *cohesitygen.CreateAzureApplicationRequestParams) ([]cohesitygen.M365AppCredentials, *cohesityFail) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b == nil || !c.msTokens[cohesityStr(b.AccessToken)] {
		f := cohesityInvalid("the Microsoft 365 access token is not valid")
		return nil, &f
	}
	if b.AppCount < 1 || cohesityStr(b.Username) == "" {
		f := cohesityInvalid("appCount and username are required")
		return nil, &f
	}
	c.apps = append(c.apps, *b)
	list := make([]cohesitygen.M365AppCredentials, b.AppCount)
	for i := range list {
		list[i] = cohesitygen.M365AppCredentials{ClientId: cohesityPtr(cohesityRandom("app-")), ClientSecret: cohesityPtr(cohesityRandom("secret-"))}
	}
	return list, nil
}

func (a *cohesityAPI) RegisterProtectionSource(_ context.Context, r cohesitygen.RegisterProtectionSourceRequestObject) (cohesitygen.RegisterProtectionSourceResponseObject, error) {
	b := r.Body
	if b == nil || b.Environment != "kO365" || b.Office365Params == nil ||
		cohesityStr(b.Office365Params.Username) == "" || cohesityStr(b.Office365Params.Endpoint) == "" {
		return cohesityInvalid("environment kO365 with office365Params {username, endpoint} is required"), nil
	}
	a.c.mu.Lock()
	a.c.sources = append(a.c.sources, *b)
	id := int64(len(a.c.sources))
	a.c.mu.Unlock()
	name := cohesityStr(b.Name)
	if name == "" {
		name = cohesityStr(b.Office365Params.Endpoint)
	}
	return cohesitygen.RegisterProtectionSource201JSONResponse{Id: &id, SourceId: cohesityPtr(1000 + id),
		Name: &name, Environment: cohesityPtr("kO365")}, nil
}

func cohesityStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// cohesityUserCode is a Microsoft-style user code (9 letters and digits).
func cohesityUserCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := []byte(cohesityRandom(""))
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:9])
}

func cohesityPtr[T any](v T) *T { return &v }
