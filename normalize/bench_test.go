package normalize_test

import (
	"encoding/json"
	"testing"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/normalize"
)

// BenchmarkDecode measures Decode (parse, vendor schema, mapping, rules,
// canonical schema) next to a bare encoding/json Unmarshal of the same bytes
// into the generated struct, in the same run:
//
//	go test ./normalize -run='^$' -bench=Decode -benchmem
func BenchmarkDecode(b *testing.B) {
	for _, bc := range []struct {
		vendor normalize.Vendor
		file   string
		wire   func() any
	}{
		{normalize.GitLab, "gitlab/rfc.json", func() any { return new(gitlabgen.DeviceAuthorizationResponse) }},
		{normalize.Microsoft, "microsoft/v2.json", func() any { return new(microsoftgen.DeviceCodeResponse) }},
		{normalize.Microsoft, "microsoft/v1.json", func() any { return new(microsoftgen.DeviceCodeResponseV1) }},
		{normalize.Cohesity, "cohesity/camel.json", func() any { return new(cohesitygen.GenerateM365DeviceCodeResponseParams) }},
		{normalize.Veeam, "veeam/device-code-response.json", func() any { return new(veeamgen.RESTDeviceCodeResponse) }},
		{normalize.Veeam, "veeam/device-code-info.json", func() any { return new(veeamgen.RESTDeviceCodeInfo) }},
	} {
		body := readFile(b, "testdata/"+bc.file)
		b.Run(bc.file+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := json.Unmarshal(body, bc.wire()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.file+"/normalize", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			opt := normalize.WithClock(fixedClock)
			for b.Loop() {
				if _, err := normalize.Decode(bc.vendor, body, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
