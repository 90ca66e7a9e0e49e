package devicetest

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// The errors of Approve and Deny, and of a verification page, for a code
// the person cannot decide.
var (
	// ErrUnknownUserCode is a user code never issued.
	ErrUnknownUserCode = errors.New("devicetest: unknown user code")
	// ErrExpiredUserCode is a user code past its lifetime.
	ErrExpiredUserCode = errors.New("devicetest: user code expired")
	// ErrUsedUserCode is a user code already decided: GitLab and Entra
	// take a code once, and a completed sign-in's code is used up.
	ErrUsedUserCode = errors.New("devicetest: user code already used")
)

// refusalStatus is the HTTP status of a code the person cannot decide,
// for the pages and the decision hook alike: 410 expired, 409 used, 404
// unknown.
func refusalStatus(err error) int {
	switch {
	case errors.Is(err, ErrExpiredUserCode):
		return http.StatusGone
	case errors.Is(err, ErrUsedUserCode):
		return http.StatusConflict
	}
	return http.StatusNotFound
}

// canonicalUserCode is a user code as the fakes match it: RFC 8628 §6.1
// recommends ignoring case and punctuation the person may type
// ("wdjb mjht", "wdjbmjht" and "WDJB-MJHT" are one code). Entra's page
// accepts any case; GitLab's behaviour is not documented, so the fake
// follows the RFC's recommendation there too.
func canonicalUserCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// CodeInfo is what a verification page shows of a pending code: the
// application asking and what it asks for.
type CodeInfo struct {
	UserCode string // as issued
	ClientID string // the application; "" when the vendor's request had none
	Scope    string // as requested, space-separated
	Expires  time.Time
	// App is the application's name as the vendor's page shows it, when
	// the fake knows it (the brokered fakes' appliances); "" otherwise.
	App string
}

// codeBook is a fake's issued codes as a verification page sees them: look
// finds the code the person typed (or ErrUnknownUserCode,
// ErrExpiredUserCode, ErrUsedUserCode) and decide records the person's
// decision, with the same errors.
type codeBook interface {
	look(userCode string) (CodeInfo, error)
	decide(userCode string, d Decision) error
}
