package devicecode

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// Sentinels for errors.Is. The engine treats ErrAuthorizationPending and
// ErrSlowDown as "poll again", ErrTransient as "back off and poll again", and
// everything else as the end of the flow. Their texts carry no package
// prefix: the vendor package that returns them adds its own, once.
var (
	// ErrAuthorizationPending: the user has not finished (RFC 8628 §3.5
	// authorization_pending).
	ErrAuthorizationPending = errors.New("the sign-in is still pending")
	// ErrSlowDown: the server asks for a longer interval (§3.5 slow_down).
	ErrSlowDown = errors.New("the server asked to poll more slowly")
	// ErrAccessDenied: the user declined (access_denied; vendors map their
	// own codes with [WithErrorCodes]).
	ErrAccessDenied = errors.New("the sign-in was declined")
	// ErrExpiredToken: the device code expired, by the server's verdict
	// (expired_token) or locally. The caller's own cancellation or deadline
	// is reported as the context's error instead.
	ErrExpiredToken = errors.New("the code expired before the sign-in was completed")
	// ErrInvalidDeviceCode: the server does not know the device code
	// (invalid_grant; vendors map their own codes with [WithErrorCodes]).
	ErrInvalidDeviceCode = errors.New("the server does not recognize the device code")
	// ErrDeviceFlowUnsupported: the server or the client registration does
	// not offer the device flow (HTTP 404, unauthorized_client,
	// device_flow_disabled, unsupported_grant_type).
	ErrDeviceFlowUnsupported = errors.New("the device flow is not available to this client")
	// ErrTransient: a failure worth retrying later (connection errors,
	// timeouts, HTTP 429, 502, 503, 504, temporarily_unavailable).
	ErrTransient = errors.New("the server is temporarily unavailable")
	// ErrTooEarly: PollOnce was called before the next poll was due; no
	// request was sent. State().NextPollAt says when to come back.
	ErrTooEarly = errors.New("polled before the interval elapsed")
	// ErrInvalidResponse: a response the engine cannot interpret. It is
	// normalize's sentinel, so a device answer that did not normalize
	// (*normalize.Error, *normalize.HostError) matches it too.
	ErrInvalidResponse = normalize.ErrInvalidResponse
	// ErrResponseTooLarge: a response body exceeded the client's cap.
	ErrResponseTooLarge = errors.New("response body too large")
	// ErrUnauthorized: the server refused the client's credentials (HTTP
	// 401) — Cohesity's API key, session id or login, VB365's user name
	// and password — whichever appliance refused them.
	ErrUnauthorized = errors.New("the server refused the credentials")
	// ErrForbidden: the credentials lack the privilege for the operation
	// (HTTP 403; Cohesity's PROTECTION_MODIFY, a VB365 role).
	ErrForbidden = errors.New("the credentials lack the privilege for this operation")
	// ErrNotFound: the server has no such resource (HTTP 404): a Microsoft
	// 365 domain, an organization, a restore session; on Helios, check the
	// routing (AccessClusterID, RegionID).
	ErrNotFound = errors.New("the server has no such resource")
)

// standardCodes maps the error codes of RFC 6749 §5.2 and RFC 8628 §3.5 onto
// sentinels, plus device_flow_disabled, which several servers send for a
// flow switched off. Vendor codes (Entra's bad_verification_code) belong to
// the vendor package: WithErrorCodes.
var standardCodes = map[string]error{
	"authorization_pending":   ErrAuthorizationPending,
	"slow_down":               ErrSlowDown,
	"access_denied":           ErrAccessDenied,
	"expired_token":           ErrExpiredToken,
	"invalid_grant":           ErrInvalidDeviceCode,
	"unauthorized_client":     ErrDeviceFlowUnsupported,
	"unsupported_grant_type":  ErrDeviceFlowUnsupported,
	"device_flow_disabled":    ErrDeviceFlowUnsupported,
	"temporarily_unavailable": ErrTransient,
}

// OAuthError is an error response of RFC 6749 §5.2, whatever its HTTP
// status (an error body sent with 200 is still an error). Its text is not
// contractual; match with errors.Is against the sentinels.
type OAuthError struct {
	Code        string // "error"
	Description string // "error_description"
	URI         string // "error_uri"
	StatusCode  int    // HTTP status; 0 when not from HTTP
	// Extra keeps the body's members beyond RFC 6749 §5.2 and interval,
	// verbatim, for the vendor package to read (e.g. Entra's error_codes,
	// trace_id and correlation_id). Error() never prints them.
	Extra map[string]json.RawMessage
	// Interval is a polling interval the server sent with the error (some
	// servers add one to slow_down); zero when absent.
	Interval time.Duration
	// RetryAfter is the HTTP Retry-After header as a wait; zero when absent.
	RetryAfter time.Duration
}

var _ error = (*OAuthError)(nil)

// Error says what the answer means in words, then the server's own code
// (for grep and support requests) and description, sanitized: the text
// comes from the server and may be hostile.
func (e *OAuthError) Error() string { return e.describe(e.meaning()) }

// meaning is the sentence for the code: its sentinel's, or a generic one.
func (e *OAuthError) meaning() string {
	if s, ok := codeWords[e.Code]; ok {
		return s
	}
	if s := e.Unwrap(); s != nil {
		return s.Error()
	}
	return "the server refused the request"
}

// codeWords words the RFC 6749 §5.2 codes that have no sentinel.
var codeWords = map[string]string{
	"invalid_request": "the server rejected the request as malformed",
	"invalid_client":  "the server rejected the client credentials",
	"invalid_scope":   "the server refused the requested scope",
	"server_error":    "the server failed",
}

func (e *OAuthError) describe(words string) string {
	var b strings.Builder
	b.WriteString(words)
	fmt.Fprintf(&b, " (%s", safetext.Show(e.Code))
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ", HTTP %d", e.StatusCode)
	}
	b.WriteString(")")
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", safetext.Show(e.Description))
	}
	if e.URI != "" {
		fmt.Fprintf(&b, " <%s>", safetext.Show(e.URI))
	}
	return b.String()
}

// Unwrap returns the sentinel of the RFC code. An unknown code takes the
// meaning of its HTTP status, as an *HTTPError would: 429/502/503/504 are
// transient, and 404 means the device flow is not offered (frameworks
// answer a missing route with JSON such as Rails' {"error":"Not Found"}).
func (e *OAuthError) Unwrap() error {
	if s, ok := standardCodes[e.Code]; ok {
		return s
	}
	return statusSentinel(e.StatusCode)
}

// HTTPError is a response that carries no OAuth error body: an HTML page
// from a proxy, an empty 404, a redirect the client refused to follow.
type HTTPError struct {
	StatusCode int
	// Status is the status line as the server wrote it ("502 Bad
	// Gateway"), sanitized; Error() uses the standard text instead.
	Status string
	// ContentType is the raw header; Error() shows it sanitized.
	ContentType string
	RetryAfter  time.Duration
}

var _ error = (*HTTPError)(nil)

func (e *HTTPError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	words := "unexpected answer"
	if s := e.Unwrap(); s != nil {
		words = s.Error()
	}
	return fmt.Sprintf("%s (HTTP %d %s, %s)", words, e.StatusCode, http.StatusText(e.StatusCode), safetext.Show(ct))
}

// Unwrap classifies the status: 429/502/503/504 are transient, 404 means the
// device flow is not offered, anything else has no sentinel (terminal).
func (e *HTTPError) Unwrap() error { return statusSentinel(e.StatusCode) }

// statusSentinel is the meaning of an HTTP status alone.
func statusSentinel(code int) error {
	switch {
	case transientStatus(code):
		return ErrTransient
	case code == http.StatusNotFound:
		return ErrDeviceFlowUnsupported
	}
	return nil
}

func transientStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
