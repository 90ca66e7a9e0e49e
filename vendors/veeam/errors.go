package veeam

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// The operations the client names in its errors, in a user's words.
const (
	opVersion  = "finding the API version"
	opLogin    = "signing in to the server"
	opAddOrg   = "adding the organization"
	opAddApps  = "creating applications"
	opOrgInput = "reading the organization ID"
)

// The outcomes of a failed call, matched with errors.Is.
var (
	// ErrNoVersion: the server answers none of v6, v7, v8.
	ErrNoVersion = errors.New("the server answers none of the API versions v8, v7, v6")
)

// Error is an error answer of the VB365 server: RESTExceptionInfo
// ({message, errorCode}; v8's stackTrace is never kept) or, from the token
// endpoint, OWIN's {error, error_description}. The fields hold the
// server's text with the client's password masked; Error() shows it
// sanitized.
type Error struct {
	StatusCode int
	Message    string        // RESTExceptionInfo.message or error_description
	ErrorCode  string        // RESTExceptionInfo.errorCode (v7+), any value
	OAuthCode  string        // the token endpoint's "error", if it sent one
	RetryAfter time.Duration // the Retry-After header, zero when absent
}

var _ error = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.words())
	fmt.Fprintf(&b, " (HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	for _, code := range []string{e.ErrorCode, e.OAuthCode} {
		if code != "" {
			b.WriteString(", " + safetext.Show(code))
		}
	}
	b.WriteString(")")
	if e.Message != "" {
		b.WriteString(": " + safetext.Show(e.Message))
	}
	return b.String()
}

func (e *Error) words() string {
	if s := e.sentinel(); s != nil {
		return s.Error()
	}
	return "the server refused the request"
}

func (e *Error) sentinel() error {
	// OWIN answers a wrong password with 400 invalid_grant, not 401.
	if e.OAuthCode == "invalid_grant" {
		return devicecode.ErrUnauthorized
	}
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return devicecode.ErrUnauthorized
	case http.StatusForbidden:
		return devicecode.ErrForbidden
	case http.StatusNotFound:
		return devicecode.ErrNotFound
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return devicecode.ErrTransient
	}
	return nil
}

// Unwrap yields the status's sentinel and, for a transient answer, the
// *devicecode.HTTPError that carries Retry-After to the polling engine.
func (e *Error) Unwrap() []error {
	s := e.sentinel()
	if s == nil {
		return nil
	}
	if errors.Is(s, devicecode.ErrTransient) {
		return []error{s, &devicecode.HTTPError{StatusCode: e.StatusCode, RetryAfter: e.RetryAfter}}
	}
	return []error{s}
}

// errorBody is every error member this client reads; stackTrace is left
// out on purpose.
type errorBody struct {
	Message          *string `json:"message"`
	ErrorCode        *string `json:"errorCode"`
	OAuthCode        *string `json:"error"`
	ErrorDescription *string `json:"error_description"`
}

// decodeAnswer reads an answer of the server into v, the one way
// (jsonstrict.Unmarshal); what names the answer in the error.
func decodeAnswer(body []byte, v any, mode jsonstrict.Mode, what string) error {
	err := jsonstrict.Unmarshal(body, v, mode)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return fmt.Errorf("%w: %s has the member %s twice", devicecode.ErrInvalidResponse, what, safetext.Show(dup.Pointer))
	}
	if err != nil {
		return fmt.Errorf("%w: %s is not the expected JSON object", devicecode.ErrInvalidResponse, what)
	}
	return nil
}

// readError turns a non-2xx answer into an *Error (or a refusal of a body
// that names a member twice), masking the client's password. Any body that
// is not a JSON object leaves the text empty: the status still says what
// happened.
func readError(resp *http.Response, body []byte, now time.Time, mask vendorkit.Masker) error {
	var eb errorBody
	err := jsonstrict.Unmarshal(body, &eb, jsonstrict.FoldTop)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return mask.Err(fmt.Errorf("%w: error answer (HTTP %d) has the member %s twice",
			devicecode.ErrInvalidResponse, resp.StatusCode, safetext.Show(dup.Pointer)))
	}
	e := &Error{StatusCode: resp.StatusCode}
	e.RetryAfter, _ = devicecode.ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if err == nil {
		e.Message = mask.Text(first(eb.Message, eb.ErrorDescription))
		e.ErrorCode = mask.Text(first(eb.ErrorCode))
		e.OAuthCode = mask.Text(first(eb.OAuthCode))
	}
	return e
}

// errorIn2xx reads a 2xx answer whose body is an error answer
// (RESTExceptionInfo's errorCode, or OWIN's "error") rather than the
// operation's, as frameworks and proxies sometimes send with 200: an error
// body is an error whatever the status, as the engine reads RFC 6749
// §5.2 bodies. It returns nil for any other body.
func errorIn2xx(resp *http.Response, body []byte, now time.Time, mask vendorkit.Masker) error {
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil || first(eb.ErrorCode, eb.OAuthCode) == "" {
		return nil //nolint:nilerr // a body that is no error answer is the operation's to decode
	}
	return readError(resp, body, now, mask)
}

func first(ss ...*string) string {
	for _, s := range ss {
		if s != nil && *s != "" {
			return *s
		}
	}
	return ""
}

// fail is every error the client returns: one prefix naming the vendor and
// the operation.
func fail(op string, err error) error { return fmt.Errorf("veeam: %s: %w", op, err) }

// step names a step inside an operation, without the vendor prefix that
// fail adds once ("veeam: requesting a device code: signing in to the
// server: …").
func step(op string, err error) error { return fmt.Errorf("%s: %w", op, err) }
