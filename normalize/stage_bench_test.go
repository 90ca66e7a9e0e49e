package normalize

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
)

// BenchmarkStages splits Decode of the GitLab fixture into its stages, to
// show where the time goes relative to a plain encoding/json Unmarshal:
//
//	go test ./normalize -run='^$' -bench=Stages -benchmem
func BenchmarkStages(b *testing.B) {
	body, _ := os.ReadFile("testdata/gitlab/rfc.json")
	v, _ := decodeValue(body)
	obj := v.(map[string]any)
	d := decoding{shape: &gitlabShape, obj: obj}
	o := collect([]Option{WithIssuedAt(time.Unix(1e9, 0))})
	dc, extra := d.mapFields(o)
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r gitlabgen.DeviceAuthorizationResponse
			_ = json.Unmarshal(body, &r)
		}
	})
	b.Run("decodeValue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = decodeValue(body)
		}
	})
	b.Run("vendorSchema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = validate(gitlabShape.schema, obj)
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d := decoding{shape: &gitlabShape, obj: obj}
			_, _ = d.mapFields(o)
		}
	})
	b.Run("rules", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = dc.rules()
		}
	})
	b.Run("canonical", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = dc.canonicalProblems(extra)
		}
	})
}
