package devicecode_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/jsonstrict"
)

// An error answer with a member twice is refused, at any depth and however
// the name is escaped, exactly when jsonstrict finds the duplicate; commas,
// quotes and backslashes inside strings do not miscount the members.
func TestErrorBodyDuplicates(t *testing.T) {
	for _, tt := range []struct {
		body string
		dup  bool
	}{
		{`{"error":"authorization_pending","error_description":"still, \"pending\""}`, false},
		{`{"error":"authorization_pending","x":"\\","y":",{["}`, false},
		{`{"error":"a","error":"authorization_pending"}`, true},
		{`{"error":"a","\u0065rror":"authorization_pending"}`, true},
		{`{"error":"authorization_pending","x":"\\","x":"z"}`, true},
		{`{"error":"authorization_pending","x":"\"","x":"b"}`, true},
		{`{"error":"authorization_pending","error_description":{"k":1,"k":2}}`, true},
		{`{"error":"authorization_pending","codes":[{"k":1},{"k":1,"k":2}]}`, true},
		{`{"error":"authorization_pending","codes":[{"k":1},{"k":2}],"trace":{"a":"b"}}`, false},
	} {
		resp := &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}}}
		err := devicecode.CheckResponse(resp, []byte(tt.body), t0)
		_, scanned := jsonstrict.Duplicate([]byte(tt.body))
		if refused := errors.Is(err, devicecode.ErrInvalidResponse); refused != tt.dup || scanned != tt.dup {
			t.Errorf("%s: refused %v (%v), jsonstrict %v; want %v", tt.body, refused, err, scanned, tt.dup)
		}
		if !tt.dup && !errors.Is(err, devicecode.ErrAuthorizationPending) {
			t.Errorf("%s: %v, want pending", tt.body, err)
		}
	}
}
