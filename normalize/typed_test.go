package normalize_test

import (
	"encoding/json"
	"errors"
	"path"
	"reflect"
	"testing"
	"time"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/normalize"
)

type typedCase struct {
	file  string
	wire  any // the generated struct the fixture is unmarshalled into
	typed func() (*normalize.DeviceCode, error)
}

// TestTypedMatchesDecode: each adapter, fed the generated struct unmarshalled
// from a fixture, yields exactly what Decode yields from the bytes.
func TestTypedMatchesDecode(t *testing.T) {
	opt := normalize.WithClock(fixedClock)
	var (
		gl  gitlabgen.DeviceAuthorizationResponse
		ms  microsoftgen.DeviceCodeResponse
		ms1 microsoftgen.DeviceCodeResponseV1
		co  cohesitygen.GenerateM365DeviceCodeResponseParams
		ve  veeamgen.RESTDeviceCodeResponse
		vi  veeamgen.RESTDeviceCodeInfo
	)
	tests := []typedCase{
		{"gitlab/rfc.json", &gl, func() (*normalize.DeviceCode, error) { return normalize.FromGitLab(&gl, opt) }},
		{"microsoft/v2.json", &ms, func() (*normalize.DeviceCode, error) { return normalize.FromMicrosoft(&ms, opt) }},
		{"microsoft/v1.json", &ms1, func() (*normalize.DeviceCode, error) { return normalize.FromMicrosoftV1(&ms1, opt) }},
		{"cohesity/camel.json", &co, func() (*normalize.DeviceCode, error) { return normalize.FromCohesity(&co, opt) }},
		{"veeam/device-code-response.json", &ve, func() (*normalize.DeviceCode, error) { return normalize.FromVeeam(&ve, opt) }},
		{"veeam/device-code-info.json", &vi, func() (*normalize.DeviceCode, error) { return normalize.FromVeeamInfo(&vi, opt) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readFile(t, "testdata/"+tt.file)
			if err := json.Unmarshal(body, tt.wire); err != nil {
				t.Fatal(err)
			}
			want, err := normalize.Decode(normalize.Vendor(path.Dir(tt.file)), body, opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.typed()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("typed %v\n!= raw %v", got, want)
			}
		})
	}
}

// TestTypedAppliesRules: the typed path refuses what the raw path refuses.
func TestTypedAppliesRules(t *testing.T) {
	uri, code, secs := "http://evil.example", "AB\x1b[2J", int64(-5)
	_, err := normalize.FromVeeam(&veeamgen.RESTDeviceCodeResponse{UserCode: &code, VerificationUrl: &uri, ExpiresIn: &secs})
	var ne *normalize.Error
	if !errors.As(err, &ne) || len(ne.Problems) != 3 {
		t.Fatalf("err = %v, want three problems", err)
	}
	if _, err := normalize.FromGitLab(nil); !errors.As(err, &ne) {
		t.Errorf("nil response: %v", err)
	}
	// An empty RESTDeviceCodeInfo still reports RESTDeviceCodeInfo's names.
	_, err = normalize.FromVeeamInfo(&veeamgen.RESTDeviceCodeInfo{}, normalize.WithIssuedAt(time.Unix(0, 0)))
	if !errors.As(err, &ne) || ne.Problems[0].Field != "/expiresOnUtc" {
		t.Errorf("err = %v, want /expiresOnUtc first", err)
	}
}
