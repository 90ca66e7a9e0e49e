package microsoft

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
)

// TestExplainDecodesAADSTS: Entra's members, kept raw by the engine, are
// decoded into *Error around the engine's untouched error; a malformed
// member is ignored without losing the RFC error, and the public-client
// hint keys off the decoded code.
func TestExplainDecodesAADSTS(t *testing.T) {
	tests := []struct {
		extra     string
		wantCodes []int
		wantHint  bool
	}{
		{`{"error_codes":[70016],"trace_id":"t-1","correlation_id":"c-1"}`, []int{70016}, false},
		{`{"error_codes":[1,"x"]}`, nil, false},
		{`{"error_codes":[7000218]}`, []int{7000218}, true},
		{`{"error_codes":"7000218"}`, nil, false},
		{`{}`, nil, false},
	}
	for _, tt := range tests {
		var extra map[string]json.RawMessage
		if err := json.Unmarshal([]byte(tt.extra), &extra); err != nil {
			t.Fatal(err)
		}
		oe := &devicecode.OAuthError{Code: "invalid_client", StatusCode: 401, Extra: extra}
		before := len(oe.Extra)
		err := explain("token", oe)
		var got *devicecode.OAuthError
		var entra *Error
		if !errors.As(err, &got) || got != oe || len(oe.Extra) != before || !errors.As(err, &entra) ||
			!slices.Equal(entra.ErrorCodes, tt.wantCodes) || entra.Err != oe {
			t.Errorf("%s: explain = %#v", tt.extra, err)
		}
		if len(tt.wantCodes) == 1 && tt.wantCodes[0] == 70016 &&
			(entra.TraceID != "t-1" || entra.CorrelationID != "c-1") {
			t.Errorf("ids not decoded: %+v", entra)
		}
		if hint := strings.Contains(err.Error(), "Allow public client flows"); hint != tt.wantHint {
			t.Errorf("%s: hint %v, want %v (%v)", tt.extra, hint, tt.wantHint, err)
		}
	}
}
