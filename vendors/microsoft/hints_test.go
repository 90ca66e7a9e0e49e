package microsoft

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/deviceflow"
)

// TestExplainDecodesAADSTS: Entra's error_codes, kept raw by the engine,
// become VendorCodes here; a malformed member is ignored without losing the
// RFC error, and the public-client hint keys off the decoded code.
func TestExplainDecodesAADSTS(t *testing.T) {
	tests := []struct {
		extra     string
		wantCodes []int
		wantHint  bool
	}{
		{`{"error_codes":[70016]}`, []int{70016}, false},
		{`{"error_codes":[7000218]}`, []int{7000218}, true},
		{`{"error_codes":"7000218"}`, nil, false},
		{`{}`, nil, false},
	}
	for _, tt := range tests {
		var extra map[string]json.RawMessage
		if err := json.Unmarshal([]byte(tt.extra), &extra); err != nil {
			t.Fatal(err)
		}
		oe := &deviceflow.OAuthError{Code: "invalid_client", StatusCode: 401, Extra: extra}
		err := explain("token", oe)
		var got *deviceflow.OAuthError
		if !errors.As(err, &got) || !slices.Equal(got.VendorCodes, tt.wantCodes) || got.Code != "invalid_client" {
			t.Errorf("%s: explain = %#v", tt.extra, err)
		}
		if hint := strings.Contains(err.Error(), "Allow public client flows"); hint != tt.wantHint {
			t.Errorf("%s: hint %v, want %v (%v)", tt.extra, hint, tt.wantHint, err)
		}
	}
}
