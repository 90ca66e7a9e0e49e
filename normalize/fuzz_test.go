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
// round-trippable. Seeds: testdata/<vendor>/*.json plus the committed corpus
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
		checkHostPolicy(t, v, body)
	})
}

// checkHostPolicy decodes an accepted body again under a host policy that
// refuses its host: the *HostError names the host in printable ASCII
// (never the Unicode of a look-alike), and allowing the host as named lets
// the body through, as the CLI's --allow-verification-host hint promises.
func checkHostPolicy(t *testing.T, v normalize.Vendor, body []byte) {
	_, err := normalize.Decode(v, body, normalize.WithClock(fixedClock), normalize.WithVerificationHosts("devicecode.invalid"))
	var he *normalize.HostError
	switch {
	case err == nil:
		return // its host is devicecode.invalid
	case !errors.As(err, &he):
		t.Fatalf("refused host: %T %v, want a *HostError", err, err)
	case !printableASCII(err.Error()):
		t.Fatalf("*HostError message beyond printable ASCII: %q", err)
	case strings.Contains(he.Host, `\`):
		return // no ASCII form, nothing to allow it by
	}
	if _, err := normalize.Decode(v, body, normalize.WithClock(fixedClock), normalize.WithVerificationHosts(he.Host)); err != nil {
		t.Fatalf("allowing %q as named: %v", he.Host, err)
	}
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
