package normalize_test

import (
	"path/filepath"
	"testing"

	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/normalize"
)

// TestSharedFixtures runs the real captured responses (../shared/fixtures,
// read in place, never copied here) through Decode. No Cohesity capture
// exists; the Entra one has its codes replaced by "redacted", which is still
// a valid user code.
func TestSharedFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures")
	for _, tt := range []struct {
		file   string
		vendor normalize.Vendor
	}{
		{"gitlab/device_authorization_response.json", normalize.GitLab},
		{"entra/devicecode_v2_response.json", normalize.Microsoft},
		{"veeam/device_code_response.json", normalize.Veeam},
	} {
		t.Run(tt.file, func(t *testing.T) {
			dc, err := normalize.Decode(tt.vendor, readFile(t, filepath.Join(dir, tt.file)), normalize.WithClock(fixedClock))
			if err != nil {
				t.Fatal(err)
			}
			if dc.UserCode == "" || dc.ExpiresIn <= 0 || dc.Interval != normalize.DefaultInterval {
				t.Errorf("implausible result %v", dc)
			}
		})
	}
}
