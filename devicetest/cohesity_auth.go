package devicetest

import (
	"encoding/json"
	"net/http"
	"strings"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// guard records every request and requires the cluster's real
// authentication (401 without it; 403 for ForbiddenAPIKey) on all but the
// login, as the cluster does.
func (c *CohesityServer) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if decisionHook(w, r, c.Approve, c.Deny) {
			return
		}
		rec := CohesityRequest{At: c.clock.Now(), Method: r.Method, Path: r.URL.Path,
			Auth: cohesityAuthKind(r), AccessClusterID: r.Header.Get("accessClusterId"), RegionID: r.Header.Get("regionId"), UserAgent: r.UserAgent()}
		sw := c.reqs.add(rec, w, func(e *CohesityRequest) *int { return &e.Status })
		switch {
		case c.opts.Intercept != nil && c.opts.Intercept(sw, r):
		case r.URL.Path == "/v2/access-tokens":
			next.ServeHTTP(sw, r)
		case !c.authenticated(r):
			cohesityError(sw, http.StatusUnauthorized, CohesityUnauthorized, "Unauthorized")
		case c.opts.ForbiddenAPIKey != "" && r.Header.Get("apiKey") == c.opts.ForbiddenAPIKey:
			cohesityError(sw, http.StatusForbidden, CohesityForbidden, "User does not have the privilege PROTECTION_MODIFY")
		default:
			next.ServeHTTP(sw, r)
		}
	})
}

func cohesityAuthKind(r *http.Request) string {
	for _, h := range []string{"apiKey", "session-id", "Authorization"} {
		if r.Header.Get(h) != "" {
			return h
		}
	}
	return ""
}

// authenticated accepts exactly one credential the options name.
func (c *CohesityServer) authenticated(r *http.Request) bool {
	o := c.opts
	if k := r.Header.Get("apiKey"); k != "" {
		return k == o.APIKey || (o.ForbiddenAPIKey != "" && k == o.ForbiddenAPIKey)
	}
	if s := r.Header.Get("session-id"); s != "" {
		return o.SessionID != "" && s == o.SessionID
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logins[token]
}

func cohesityError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(cohesitygen.Error{ErrorCode: &code, Message: &msg})
}
