package deviceflow

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is. The engine treats ErrAuthorizationPending and
// ErrSlowDown as "poll again", ErrTransient as "back off and poll again", and
// everything else as the end of the flow.
var (
	// ErrAuthorizationPending: the user has not finished (RFC 8628 §3.5
	// authorization_pending).
	ErrAuthorizationPending = errors.New("deviceflow: authorization pending")
	// ErrSlowDown: the server asks for a longer interval (§3.5 slow_down).
	ErrSlowDown = errors.New("deviceflow: slow down")
	// ErrAccessDenied: the user declined (access_denied; vendors map their
	// own codes with [WithErrorCodes]).
	ErrAccessDenied = errors.New("deviceflow: access denied")
	// ErrExpiredToken: the device code expired, by the server's verdict
	// (expired_token) or locally. The caller's own cancellation or deadline
	// is reported as the context's error instead.
	ErrExpiredToken = errors.New("deviceflow: device code expired")
	// ErrInvalidDeviceCode: the server does not know the device code
	// (bad_verification_code, invalid_grant).
	ErrInvalidDeviceCode = errors.New("deviceflow: invalid device code")
	// ErrDeviceFlowUnsupported: the server or the client registration does
	// not offer the device flow (HTTP 404, unauthorized_client,
	// device_flow_disabled, unsupported_grant_type).
	ErrDeviceFlowUnsupported = errors.New("deviceflow: device flow unsupported")
	// ErrTransient: a failure worth retrying later (connection errors,
	// timeouts, HTTP 429, 502, 503, 504, temporarily_unavailable).
	ErrTransient = errors.New("deviceflow: transient failure")
	// ErrTooEarly: PollOnce was called before the next poll was due; no
	// request was sent. State().NextPollAt says when to come back.
	ErrTooEarly = errors.New("deviceflow: polled before the interval elapsed")
	// ErrInvalidResponse: a response the engine cannot interpret.
	ErrInvalidResponse = errors.New("deviceflow: invalid server response")
	// ErrResponseTooLarge: a response body exceeded the client's cap.
	ErrResponseTooLarge = errors.New("deviceflow: response body too large")
)

// standardCodes maps RFC 6749 §5.2 and RFC 8628 §3.5 error codes, plus the
// vendor-neutral ones every vendor agrees on, onto sentinels.
var standardCodes = map[string]error{
	"authorization_pending":   ErrAuthorizationPending,
	"slow_down":               ErrSlowDown,
	"access_denied":           ErrAccessDenied,
	"expired_token":           ErrExpiredToken,
	"bad_verification_code":   ErrInvalidDeviceCode,
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
	// VendorCodes holds numeric codes a vendor package decoded from its own
	// members in Extra (vendors/microsoft: Entra's AADSTS "error_codes").
	// The engine never sets it.
	VendorCodes []int
	// Extra keeps the body's members beyond RFC 6749 §5.2 and interval,
	// verbatim (e.g. Entra's trace_id and correlation_id for a support
	// request). Error() never prints them.
	Extra map[string]json.RawMessage
	// Interval is a polling interval the server sent with the error (some
	// servers add one to slow_down); zero when absent.
	Interval time.Duration
	// RetryAfter is the HTTP Retry-After header as a wait; zero when absent.
	RetryAfter time.Duration
}

var _ error = (*OAuthError)(nil)

func (e *OAuthError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "deviceflow: server error %q", e.Code)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
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
	StatusCode  int
	Status      string
	ContentType string
	RetryAfter  time.Duration
}

var _ error = (*HTTPError)(nil)

func (e *HTTPError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("deviceflow: unexpected HTTP %d %s (%s)", e.StatusCode, http.StatusText(e.StatusCode), ct)
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
