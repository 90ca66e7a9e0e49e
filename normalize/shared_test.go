package normalize_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/normalize"
)

// TestSharedFixtures runs the real captured responses (../shared/fixtures,
// read in place, never copied here) through Decode and checks every
// canonical field against the property the vendor sent it in, so a mapping
// that drops or crosses a field fails here too, not only a rejection. No
// Cohesity capture exists; the Entra one has its codes replaced by
// "redacted", which is still a valid user code.
func TestSharedFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures")
	for _, tt := range []struct {
		file   string
		vendor normalize.Vendor
		keys   map[string]string // canonical name → the vendor's property
	}{
		{"gitlab/device_authorization_response.json", normalize.GitLab, map[string]string{
			"device_code": "device_code", "user_code": "user_code", "verification_uri": "verification_uri",
			"verification_uri_complete": "verification_uri_complete", "expires_in": "expires_in", "interval": "interval",
		}},
		{"entra/devicecode_v2_response.json", normalize.Microsoft, map[string]string{
			"device_code": "device_code", "user_code": "user_code", "verification_uri": "verification_uri",
			"expires_in": "expires_in", "interval": "interval", "message": "message",
		}},
		{"veeam/device_code_response.json", normalize.Veeam, map[string]string{
			"user_code": "userCode", "verification_uri": "verificationUrl", "expires_in": "expiresIn", "message": "message",
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			body := readFile(t, filepath.Join(dir, tt.file))
			dc, err := normalize.Decode(tt.vendor, body, normalize.WithClock(fixedClock))
			if err != nil {
				t.Fatal(err)
			}
			var raw, canon map[string]any
			if err := json.Unmarshal(body, &raw); err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(dc)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &canon); err != nil {
				t.Fatal(err)
			}
			for name, key := range tt.keys {
				if canon[name] != raw[key] {
					t.Errorf("%s = %v, want %s %v", name, canon[name], key, raw[key])
				}
			}
			if len(dc.Extra) != len(raw)-len(tt.keys) {
				t.Errorf("Extra = %v; every other property belongs there", dc.Extra)
			}
			if _, sent := tt.keys["interval"]; !sent && dc.Interval != normalize.DefaultInterval {
				t.Errorf("Interval = %v, want the default %v", dc.Interval, normalize.DefaultInterval)
			}
			if want := issued.Add(time.Duration(raw[tt.keys["expires_in"]].(float64)) * time.Second); !dc.ExpiresAt.Equal(want) { //nolint:durationcheck // a count of seconds, not a duration
				t.Errorf("ExpiresAt = %v, want %v", dc.ExpiresAt, want)
			}
		})
	}
}
