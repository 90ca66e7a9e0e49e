package cohesity

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Error is any answer but 201: the status and Cohesity's error body,
// whose members are empty when the body had none (or was not JSON). The
// fields hold the server's text raw but for the client's own secrets,
// which are masked; Error() shows it sanitized.
type Error struct {
	StatusCode int
	ErrorCode  string
	Message    string
	TaskLogID  string
	// HasBody reports a JSON object body: a Cohesity Error, as opposed to a
	// proxy's page or an empty answer.
	HasBody    bool
	RetryAfter time.Duration
	// ContentType is the raw header, for the HTTPError the engine reads.
	ContentType string
}

var _ error = (*Error)(nil)

func (e *Error) Error() string { return fmt.Sprintf("%s (%s)", e.words(), e.Detail()) }

// words is the outcome in a user's words.
func (e *Error) words() string {
	if s := e.sentinel(); s != nil {
		return s.Error()
	}
	return "unexpected answer"
}

// Detail is the status and the server's fields, sanitized: what the
// caller's own wording of the error should keep for grep and support.
func (e *Error) Detail() string {
	s := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.ErrorCode != "" {
		s += ", " + safetext.Show(e.ErrorCode)
	}
	if e.Message != "" {
		s += ": " + safetext.Show(e.Message)
	}
	if e.TaskLogID != "" {
		s += "; task log " + safetext.Show(e.TaskLogID)
	}
	return s
}

// Unwrap gives the status its meaning: 401, 403 and 404 their sentinels,
// 429 and 5xx devicecode.ErrTransient, and a success status other than
// 201 whose body is no JSON object devicecode.ErrInvalidResponse.
func (e *Error) Unwrap() error { return e.sentinel() }

func (e *Error) sentinel() error {
	switch {
	case e.StatusCode >= 200 && e.StatusCode < 300 && !e.HasBody:
		// Neither the operation's answer nor an Error (a truncated or
		// foreign body): what the other vendors call an invalid response.
		return devicecode.ErrInvalidResponse
	case e.StatusCode == http.StatusUnauthorized:
		return devicecode.ErrUnauthorized
	case e.StatusCode == http.StatusForbidden:
		return devicecode.ErrForbidden
	case e.StatusCode == http.StatusNotFound:
		return devicecode.ErrNotFound
	case e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500:
		return devicecode.ErrTransient
	}
	return nil
}

// As hands the engine a *devicecode.HTTPError for this answer, which is
// where it reads Retry-After from (Cohesity and Helios send it with 429).
func (e *Error) As(target any) bool {
	p, ok := target.(**devicecode.HTTPError)
	if ok {
		*p = &devicecode.HTTPError{StatusCode: e.StatusCode, Status: http.StatusText(e.StatusCode),
			ContentType: e.ContentType, RetryAfter: e.RetryAfter}
	}
	return ok
}

// errorBody is the wire form of Cohesity's Error (every member nullable).
type errorBody struct {
	ErrorCode *string `json:"errorCode"`
	Message   *string `json:"message"`
	TaskLogID *string `json:"taskLogId"`
}

// newError reads a non-201 answer, masking the client's secrets. A body
// that is not a JSON object keeps only the status; one with a member twice
// is refused, naming it.
func newError(resp *http.Response, body []byte, now time.Time, mask vendorkit.Masker) error {
	e := &Error{StatusCode: resp.StatusCode, ContentType: mask.Text(resp.Header.Get("Content-Type"))}
	// As sent, as every vendor carries it: the engine never waits past the
	// code's expiry whatever it asks.
	e.RetryAfter, _ = devicecode.ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '{' {
		return e
	}
	var b errorBody
	err := jsonstrict.Unmarshal(t, &b, jsonstrict.FoldTop)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return mask.Err(fmt.Errorf("%w: error answer (HTTP %d) has the member %s twice",
			devicecode.ErrInvalidResponse, resp.StatusCode, safetext.Show(dup.Pointer)))
	}
	if err != nil {
		return e
	}
	e.HasBody = true
	e.ErrorCode, e.Message, e.TaskLogID = mask.Text(deref(b.ErrorCode)), mask.Text(deref(b.Message)), mask.Text(deref(b.TaskLogID))
	return e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
