package normalize_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/normalize"
)

// The fuzz targets feed arbitrary bodies to Decode per vendor: no panic,
// every rejection a *normalize.Error, every acceptance valid and
// round-trippable, and every fast path in agreement with the library it
// stands in for. Seeds: testdata/<vendor>/*.json plus the committed corpus
// in testdata/fuzz/<target>/.
//
//	go test ./normalize -run='^$' -fuzz=FuzzDecodeGitLab -fuzztime=1000000x

func FuzzDecodeGitLab(f *testing.F)    { fuzzDecode(f, normalize.GitLab) }
func FuzzDecodeMicrosoft(f *testing.F) { fuzzDecode(f, normalize.Microsoft) }
func FuzzDecodeCohesity(f *testing.F)  { fuzzDecode(f, normalize.Cohesity) }
func FuzzDecodeVeeam(f *testing.F)     { fuzzDecode(f, normalize.Veeam) }

func fuzzDecode(f *testing.F, v normalize.Vendor) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", string(v), "*.json"))
	for _, s := range seeds {
		f.Add(readFile(f, s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// Differential: the fast parser and schema verdicts must agree
		// with encoding/json and jsonschema/v5 on every input.
		if err := normalize.CheckFastPaths(v, body, normalize.WithClock(fixedClock)); err != nil {
			t.Fatal(err)
		}
		dc, err := normalize.Decode(v, body, normalize.WithClock(fixedClock))
		if err != nil {
			checkRejection(t, err)
			return
		}
		if err := dc.Validate(); err != nil {
			t.Fatalf("accepted a DeviceCode that fails Validate: %v", err)
		}
		if dc.DeviceCode != "" && !strings.Contains(dc.String(), "[REDACTED]") {
			t.Fatalf("String does not redact the device code")
		}
		if _, err := dc.MarshalJSON(); err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
	})
}

func checkRejection(t *testing.T, err error) {
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		t.Fatalf("rejection %T is not a *normalize.Error: %v", err, err)
	}
	if len(ne.Problems) == 0 {
		t.Fatal("*normalize.Error without problems")
	}
	for _, p := range ne.Problems {
		if p.Reason == "" {
			t.Fatalf("problem without a reason: %+v", p)
		}
	}
}
