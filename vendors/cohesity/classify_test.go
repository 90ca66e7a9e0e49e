package cohesity_test

import (
	"errors"
	"net/http"
	"time"

	"testing"

	"github.com/devicecode/devicecode/devicetest"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// TestDefaultClassifier pins each branch of the UNVERIFIED policy.
func TestDefaultClassifier(t *testing.T) {
	tests := []struct {
		status  int
		hasBody bool
		want    error
	}{
		{400, true, devicecode.ErrAuthorizationPending},
		{404, true, devicecode.ErrAuthorizationPending},
		{409, true, devicecode.ErrAuthorizationPending},
		{400, false, nil}, // a proxy's page, not Cohesity
		{401, true, nil},
		{403, true, nil},
		{429, false, devicecode.ErrTransient},
		{500, true, devicecode.ErrTransient},
		{503, false, devicecode.ErrTransient},
		{200, true, nil},
		{302, false, nil},
	}
	for _, tt := range tests {
		got := cohesity.DefaultClassifier(&cohesity.Error{StatusCode: tt.status, HasBody: tt.hasBody})
		if got != tt.want {
			t.Errorf("%d (body %t) = %v, want %v", tt.status, tt.hasBody, got, tt.want)
		}
	}
}

// TestClassifierEndsTransient checks that a classifier may call a 503
// final: the engine does not retry it.
func TestClassifierEndsTransient(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{Script: []devicetest.Answer{devicetest.Unavailable}},
		cohesity.Config{Classify: func(*cohesity.Error) error { return nil }})
	_, _, err := signIn(t, fake, c, true)
	var e *cohesity.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusServiceUnavailable || errors.Is(err, devicecode.ErrTransient) || len(polls(fake)) != 1 {
		t.Errorf("err = %v after %d polls, want the 503 *Error, final, after 1", err, len(polls(fake)))
	}
}

// TestClassifierOutcomes runs a flow whose first poll is Cohesity's
// (scripted) pending answer, read by a classifier as each outcome.
func TestClassifierOutcomes(t *testing.T) {
	tests := []struct {
		name    string
		meaning error
		wantErr error // nil: signed in on the second poll
		gap     time.Duration
	}{
		{"pending", devicecode.ErrAuthorizationPending, nil, 5 * time.Second},
		{"slow down", devicecode.ErrSlowDown, nil, 10 * time.Second},
		{"transient", devicecode.ErrTransient, nil, 5 * time.Second},
		{"denied", devicecode.ErrAccessDenied, devicecode.ErrAccessDenied, 0},
		{"expired", devicecode.ErrExpiredToken, devicecode.ErrExpiredToken, 0},
		{"terminal as is", nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			classify := func(e *cohesity.Error) error {
				if e.ErrorCode == devicetest.CohesityPendingCode {
					return tt.meaning
				}
				return cohesity.DefaultClassifier(e)
			}
			fake, c := setup(t, devicetest.CohesityOptions{Script: []devicetest.Answer{devicetest.Pending}},
				cohesity.Config{Classify: classify})
			_, _, err := signIn(t, fake, c, true)
			p := polls(fake)
			switch {
			case tt.gap > 0:
				if err != nil || len(p) != 2 || p[1].At.Sub(p[0].At) < tt.gap {
					t.Errorf("err = %v, %d polls; want signed in on the 2nd, %s later", err, len(p), tt.gap)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) || len(p) != 1 {
					t.Errorf("err = %v after %d polls, want %v after 1", err, len(p), tt.wantErr)
				}
			default:
				var e *cohesity.Error
				if !errors.As(err, &e) || e.ErrorCode != devicetest.CohesityPendingCode || len(p) != 1 {
					t.Errorf("err = %v after %d polls, want the *Error after 1", err, len(p))
				}
			}
		})
	}
}

// Config.DeclinedErrors ends the flow as declined on the cluster's code,
// at the first poll that carries it, before Classify is asked.
func TestDeclinedErrors(t *testing.T) {
	asked := false
	fake, c := setup(t, devicetest.CohesityOptions{Person: devicetest.DenyAfter(0)},
		cohesity.Config{DeclinedErrors: []string{"KOther", devicetest.CohesityDeniedCode},
			Classify: func(e *cohesity.Error) error { asked = true; return cohesity.DefaultClassifier(e) }})
	_, _, err := signIn(t, fake, c, false)
	if !errors.Is(err, devicecode.ErrAccessDenied) || len(polls(fake)) != 1 || asked {
		t.Fatalf("err = %v after %d polls (Classify asked: %v); want declined after 1, Classify not asked", err, len(polls(fake)), asked)
	}
}
