package cohesity_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// A poll answered with a success status other than 201 and a body that is
// no JSON object (truncated, or not JSON) is an invalid response, as the
// other vendors say, and still the *Error with its status; a JSON object
// with 200 stays a plain *Error (Cohesity's error body). Found by
// internal/faultmatrix: the truncated answer was an *Error alone, which
// errors.Is(err, devicecode.ErrInvalidResponse) missed.
func TestTokenPoll2xxNotJSON(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		invalid bool
	}{
		{"truncated", `{"accessToken":"at","expi`, true},
		{"empty", ``, true},
		{"error body", `{"errorCode":"KPermissionDenied","message":"Access denied."}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := rawCluster(t, map[string]rawAnswer{devicePath: {201, goodDevice}, tokenPath: {http.StatusOK, tt.body}}, cohesity.Config{})
			fl, err := c.Start(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			_, err = fl.Wait(context.Background())
			var e *cohesity.Error
			if !errors.As(err, &e) || e.StatusCode != http.StatusOK || devicecode.IsTransient(err) {
				t.Fatalf("err = %v, want a terminal *cohesity.Error with HTTP 200", err)
			}
			if got := errors.Is(err, devicecode.ErrInvalidResponse); got != tt.invalid {
				t.Errorf("errors.Is(%v, ErrInvalidResponse) = %v, want %v", err, got, tt.invalid)
			}
		})
	}
}
