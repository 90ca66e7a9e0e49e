package cohesity

import (
	"errors"
	"net/http"
	"slices"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/meaning"
)

// Classifier decides what a non-201 answer to the token poll
// (GenerateM365DeviceAccessToken) means, because Cohesity does not
// document it. It returns one of
//
//   - devicecode.ErrAuthorizationPending: poll again after the interval;
//   - devicecode.ErrSlowDown: raise the interval by 5 s, then poll again;
//   - devicecode.ErrTransient: back off (Retry-After honoured), poll again;
//   - devicecode.ErrAccessDenied or devicecode.ErrExpiredToken: the flow
//     ends with that outcome;
//   - nil: the flow ends with e as it is.
//
// Whatever it returns, errors.As still finds e in the flow's error.
type Classifier func(e *Error) error

// DefaultClassifier is the UNVERIFIED default policy: no public source
// shows what Cohesity answers while the sign-in is pending, so
//
//   - 401 and 403 end the flow at once (the cluster's own credentials or
//     privileges are wrong; waiting cannot fix them);
//   - 429 and every 5xx are transient;
//   - any other 4xx with a JSON Error body is pending, until the code
//     expires: the expiry error then quotes the last errorCode and
//     message;
//   - anything else (a 4xx without an Error body, a 1xx–3xx) ends the flow.
//
// A caller that learns Cohesity's pending, declined or expired errorCode
// wraps it:
//
//	Classify: func(e *cohesity.Error) error {
//		if e.ErrorCode == "KDeclined" {
//			return devicecode.ErrAccessDenied
//		}
//		return cohesity.DefaultClassifier(e)
//	}
func DefaultClassifier(e *Error) error {
	switch {
	case e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden:
		return nil
	case e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500:
		return devicecode.ErrTransient
	case e.StatusCode >= 400 && e.HasBody:
		return devicecode.ErrAuthorizationPending
	}
	return nil
}

// classifier is Config's policy: DeclinedErrors first, then Classify (or
// DefaultClassifier).
func (cfg Config) classifier() Classifier {
	classify := cfg.Classify
	if classify == nil {
		classify = DefaultClassifier
	}
	if len(cfg.DeclinedErrors) == 0 {
		return classify
	}
	declined := slices.Clone(cfg.DeclinedErrors)
	return func(e *Error) error {
		if slices.Contains(declined, e.ErrorCode) {
			return devicecode.ErrAccessDenied
		}
		return classify(e)
	}
}

// judge applies the classifier to a poll error that is an *Error.
func (c *Client) judge(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	switch m := c.classify(e); {
	case m != nil:
		return &meaning.Error{Meaning: m, Err: e, Text: m.Error() + " (" + e.Detail() + ")"}
	case errors.Is(e, devicecode.ErrTransient):
		// The classifier called a 429 or 5xx final: it must not read as
		// transient to the engine. errors.As still finds the *Error.
		return &meaning.Error{Err: e, Text: e.Error()}
	}
	return e
}
