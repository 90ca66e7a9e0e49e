package normalize_test

import (
	"encoding/json"
	"errors"
	"path"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/specs"
)

func TestCanonicalRoundTrip(t *testing.T) {
	for _, name := range []string{"gitlab/rfc.json", "gitlab/slow-interval.json", "veeam/device-code-info.json", "microsoft/v2.json"} {
		t.Run(name, func(t *testing.T) {
			vendor := normalize.Vendor(path.Dir(name))
			dc, err := normalize.Decode(vendor, readFile(t, "testdata/"+name), normalize.WithClock(fixedClock))
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(dc)
			if err != nil {
				t.Fatal(err)
			}
			var back normalize.DeviceCode
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !back.ExpiresAt.Equal(dc.ExpiresAt) {
				t.Errorf("ExpiresAt %v != %v", back.ExpiresAt, dc.ExpiresAt)
			}
			back.ExpiresAt = dc.ExpiresAt
			if !reflect.DeepEqual(&back, dc) {
				t.Errorf("round trip:\n got %#v\nwant %#v", back, *dc)
			}
		})
	}
}

func TestUnmarshalValidates(t *testing.T) {
	for name, body := range map[string]string{
		"unknown field": `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5,"evil":1}`,
		"bad uri":       `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"http://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
		"bad time":      `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"soon","interval":5}`,
		"huge lifetime": `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":9223372036854775807,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
		"no vendor":     `{"device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
		// 5 + 2^55 seconds: times time.Second it wraps to exactly 5s, so
		// without a bound it read back as a valid interval.
		"wrapping interval":         `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":36028797018963973}`,
		"duplicate member":          `{"vendor":"gitlab","device_code":"d","device_code":"e","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
		"duplicate in another case": `{"vendor":"gitlab","device_code":"d","DEVICE_CODE":"e","user_code":"U","verification_uri":"https://x.test/","expires_in":300,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
		"wrapping lifetime":         `{"vendor":"gitlab","device_code":"d","user_code":"U","verification_uri":"https://x.test/","expires_in":36028797018963973,"expires_at":"2025-01-02T03:09:05Z","interval":5}`,
	} {
		var dc normalize.DeviceCode
		var ne *normalize.Error
		if err := json.Unmarshal([]byte(body), &dc); !errors.As(err, &ne) {
			t.Errorf("%s: error = %v, want *normalize.Error", name, err)
		}
	}
}

// TestCanonicalSchemaMatchesJSON keeps the schema and MarshalJSON in step:
// the same property names, the same required set (the keys always written).
func TestCanonicalSchemaMatchesJSON(t *testing.T) {
	var schema struct {
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(readFSFile(t, "canonical/device-code.schema.json"), &schema); err != nil {
		t.Fatal(err)
	}
	full := normalize.DeviceCode{Message: "m", VerificationURIComplete: "u", Extra: map[string]json.RawMessage{"k": json.RawMessage("1")}}
	if got, want := keys(t, full), sortedKeys(schema.Properties); !reflect.DeepEqual(got, want) {
		t.Errorf("MarshalJSON keys %v, schema properties %v", got, want)
	}
	sort.Strings(schema.Required)
	if got := keys(t, normalize.DeviceCode{}); !reflect.DeepEqual(got, schema.Required) {
		t.Errorf("keys always written %v, schema required %v", got, schema.Required)
	}
}

func keys(t *testing.T, dc normalize.DeviceCode) []string {
	b, err := json.Marshal(dc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return sortedKeys(m)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func readFSFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := specs.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCanonicalJSONIsTerminalSafe: Extra is kept verbatim and nobody vetted
// it, yet `devicecode normalize` prints the canonical JSON on a terminal.
// encoding/json escapes C0 controls but writes C1 controls (U+009B is CSI,
// which terminals obey in UTF-8 too), bidi overrides and other invisible
// characters raw, in values and in keys; MarshalJSON must escape them so
// that the same JSON value reaches the screen inert.
func TestCanonicalJSONIsTerminalSafe(t *testing.T) {
	body := `{"device_code":"d","user_code":"WDJB-MJHT","verification_uri":"https://gitlab.devicecode.test/oauth/device","expires_in":300,"interval":5,` +
		`"note":"\u009b2J\u001b[2J\u202eevil\u200b\u034f\u007f","k\u009b31m":{"deep":["\u009d0;title\u0007"]},"emoji":"🔐 ok é"}`
	dc, err := normalize.Decode(normalize.GitLab, []byte(body), normalize.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(dc)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range string(out) {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0x202e || r == 0x200b || r == 0x034f {
			t.Errorf("canonical JSON carries raw %U: %s", r, out)
		}
	}
	if !strings.Contains(string(out), "🔐 ok é") {
		t.Errorf("printable text escaped needlessly: %s", out)
	}
	// Still the same JSON value.
	var back struct {
		Extra map[string]any `json:"extra"`
	}
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"note", "k\u009b31m", "emoji"} {
		if !reflect.DeepEqual(back.Extra[k], want[k]) {
			t.Errorf("extra %q = %#v, want %#v", k, back.Extra[k], want[k])
		}
	}
}
