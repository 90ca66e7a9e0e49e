package report

import "testing"

// The mapping is read from normalize's shape table and the generated code,
// so a member normalize starts or stops reading changes the report.
func TestLoadMapping(t *testing.T) {
	m := loadMapping(t, "veeam")
	for schema, want := range map[string]map[string]string{
		"RESTDeviceCodeResponse": {"userCode": "/user_code", "verificationUrl": "/verification_uri", "expiresIn": "/expires_in"},
		"RESTDeviceCodeInfo":     {"verificationUri": "/verification_uri", "expiresOnUtc": "/expires_at"},
	} {
		for member, ptr := range want {
			if got := m.Canonical[schema][member]; got != ptr {
				t.Errorf("%s.%s feeds %q, want %q", schema, member, got, ptr)
			}
		}
	}
	if f, ok := m.goField("RESTOrganizationComposed", "userCode"); !ok || f != "RestOrganizationComposed.UserCode" {
		t.Errorf("goField = %q %v: want the generated type's spelling", f, ok)
	}
	if !m.Used["UserCode"] {
		t.Error("vendors/veeam sets UserCode; not seen")
	}
	g := loadMapping(t, "gitlab")
	if got := g.Canonical["DeviceAuthorizationResponse"]["interval"]; got != "/interval" {
		t.Errorf("gitlab interval feeds %q", got)
	}
}
