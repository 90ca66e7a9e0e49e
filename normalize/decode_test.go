package normalize_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

const gitlabOK = `{"device_code":"dc-secret-1","user_code":"WDJB-MJHT","verification_uri":"https://gitlab.devicecode.test/oauth/device","expires_in":300,"interval":5}`

// with replaces one property of gitlabOK ("" as value deletes it).
func with(key, value string) []byte {
	props := map[string]string{
		"device_code": `"dc-secret-1"`, "user_code": `"WDJB-MJHT"`,
		"verification_uri": `"https://gitlab.devicecode.test/oauth/device"`,
		"expires_in":       `300`, "interval": `5`,
	}
	props[key] = value
	var parts []string
	for _, k := range []string{"device_code", "user_code", "verification_uri", "expires_in", "interval", key} {
		if v := props[k]; v != "" {
			parts = append(parts, `"`+k+`":`+v)
			props[k] = ""
		}
	}
	return []byte("{" + strings.Join(parts, ",") + "}")
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name   string
		vendor normalize.Vendor
		body   []byte
		field  string // the field a problem must name
		reason string // a substring of its reason
	}{
		{"missing user code", normalize.GitLab, with("user_code", ""), "/user_code", "missing"},
		{"empty user code", normalize.GitLab, with("user_code", `""`), "/user_code", "is empty"},
		{"null user code", normalize.GitLab, with("user_code", `null`), "/user_code", ""},
		{"empty verification uri", normalize.GitLab, with("verification_uri", `""`), "/verification_uri", "is empty"},
		{"empty device code", normalize.GitLab, with("device_code", `""`), "/device_code", "is empty"},
		{"duplicate user code", normalize.GitLab, []byte(`{"user_code":"ABCD","user_code":"EVIL",` + gitlabOK[1:]), "/user_code", "twice"},
		{"duplicate via escape", normalize.GitLab, []byte(`{"user\u005fcode":"EVIL",` + gitlabOK[1:]), "/user_code", "twice"},
		{"duplicate nested in extra", normalize.GitLab, []byte(`{"x":{"a":1,"a":2},` + gitlabOK[1:]), "/x/a", "twice"},
		{"OAuth error body", normalize.GitLab, []byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`), "", "error response: invalid_client: Client authentication failed"},
		{"Entra error body", normalize.Microsoft, []byte(`{"error":"invalid_request","error_description":"AADSTS900144: \u001b]0;x\u0007missing scope","error_codes":[900144]}`), "", "error response: invalid_request: AADSTS900144: missing scope"},
		{"Cohesity error body", normalize.Cohesity, []byte(`{"errorCode":"KValidationError","message":"domain is invalid","taskLogId":"t1"}`), "", "error response: KValidationError: domain is invalid"},
		{"Veeam error body", normalize.Veeam, []byte(`{"message":"Organization not found."}`), "", "error response: Organization not found."},
		{"Veeam v8 error body", normalize.Veeam, []byte(`{"message":"Timeout","errorCode":"Timeout","stackTrace":"at Veeam..."}`), "", "error response: Timeout: Timeout"},
		{"long user code", normalize.GitLab, with("user_code", `"`+strings.Repeat("A", 65)+`"`), "/user_code", "longer than 64"},
		{"escape in user code", normalize.GitLab, with("user_code", `"AB\u001b[2JCD"`), "/user_code", "escape sequence"},
		{"C1 CSI in user code", normalize.GitLab, with("user_code", `"AB\u009b2JCD"`), "/user_code", "escape sequence"},
		{"bidi override in user code", normalize.GitLab, with("user_code", `"AB\u202eCD"`), "/user_code", "non-printable"},
		{"newline in user code", normalize.GitLab, with("user_code", `"AB\nCD"`), "/user_code", "control"},
		{"javascript uri", normalize.GitLab, with("verification_uri", `"javascript:alert(1)"`), "/verification_uri", "https"},
		{"plain http", normalize.GitLab, with("verification_uri", `"http://evil.example"`), "/verification_uri", "https"},
		{"relative uri", normalize.GitLab, with("verification_uri", `"/oauth/device"`), "/verification_uri", ""},
		{"userinfo uri", normalize.GitLab, with("verification_uri", `"https://gitlab.com@evil.example/"`), "/verification_uri", "user information"},
		{"data uri", normalize.GitLab, with("verification_uri", `"data:text/html,hi"`), "/verification_uri", "https"},
		{"negative lifetime", normalize.GitLab, with("expires_in", `-5`), "/expires_in", "positive"},
		{"zero lifetime", normalize.GitLab, with("expires_in", `0`), "/expires_in", "positive"},
		{"null lifetime", normalize.GitLab, with("expires_in", `null`), "/expires_in", ""},
		{"string lifetime", normalize.GitLab, with("expires_in", `"abc"`), "/expires_in", "integer"},
		{"lifetime over a day", normalize.GitLab, with("expires_in", `86401`), "/expires_in", "24h"},
		{"huge lifetime", normalize.GitLab, with("expires_in", `1e300`), "/expires_in", ""},
		{"exponent beyond math/big", normalize.GitLab, with("expires_in", `1e1000001`), "/expires_in", "out of range"},
		{"fractional lifetime", normalize.GitLab, with("expires_in", `300.5`), "/expires_in", ""},
		{"negative interval", normalize.GitLab, with("interval", `-1`), "/interval", "negative"},
		{"interval above lifetime", normalize.GitLab, with("interval", `301`), "/interval", "lifetime"},
		{"missing device code", normalize.GitLab, with("device_code", ""), "/device_code", "missing"},
		{"not an object", normalize.GitLab, []byte(`[1,2]`), "", "object"},
		{"not JSON", normalize.GitLab, []byte(`{"user_code":`), "", "JSON"},
		{"trailing data", normalize.GitLab, []byte(gitlabOK + `{}`), "", "after"},
		{"2 MiB body", normalize.GitLab, []byte(`{"pad":"` + strings.Repeat("x", 2<<20) + `"}`), "", "1 MiB"},
		{"unknown vendor", normalize.Vendor("okta"), []byte(gitlabOK), "/vendor", "unknown"},
		{"v1 abc lifetime", normalize.Microsoft, []byte(`{"device_code":"d","user_code":"U","verification_url":"https://aka.ms/devicelogin","expires_in":"abc"}`), "/expires_in", ""},
		{"v2 string interval without v1 url", normalize.Microsoft, []byte(`{"device_code":"d","user_code":"U","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":"x"}`), "/interval", ""},
		{"cohesity both spellings", normalize.Cohesity, []byte(`{"deviceCode":"d","device_code":"e","userCode":"U","verificationUri":"https://microsoft.com/devicelogin","expiresInSecs":900}`), "/device_code", "duplicates"},
		{"cohesity snake missing lifetime", normalize.Cohesity, []byte(`{"device_code":"d","user_code":"U","verification_uri":"https://microsoft.com/devicelogin"}`), "/expiresInSecs", "missing"},
		{"cohesity snake bad uri", normalize.Cohesity, []byte(`{"device_code":"d","user_code":"U","verification_uri":"http://evil.example","expires_in_secs":900}`), "/verification_uri", "https"},
		{"cohesity wrong type", normalize.Cohesity, []byte(`{"deviceCode":"d","userCode":7,"verificationUri":"https://microsoft.com/devicelogin","expiresInSecs":900}`), "/userCode", "string"},
		{"veeam info bad date", normalize.Veeam, []byte(`{"userCode":"U","verificationUri":"https://microsoft.com/devicelogin","expiresOnUtc":"tomorrow"}`), "/expiresOnUtc", "date-time"},
		{"veeam info missing expiry", normalize.Veeam, []byte(`{"userCode":"U","verificationUri":"https://microsoft.com/devicelogin"}`), "/expiresOnUtc", "missing"},
		{"veeam short lifetime below default interval", normalize.Veeam, []byte(`{"userCode":"U","verificationUrl":"https://microsoft.com/devicelogin","expiresIn":3}`), "/interval", "lifetime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dc, err := normalize.Decode(tt.vendor, tt.body, normalize.WithClock(fixedClock))
			if dc != nil {
				t.Errorf("Decode returned a DeviceCode with error %v", err)
			}
			var ne *normalize.Error
			if !errors.As(err, &ne) {
				t.Fatalf("error = %#v, want *normalize.Error", err)
			}
			for _, p := range ne.Problems {
				if p.Field == tt.field && strings.Contains(p.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("no problem at %q mentioning %q in %v", tt.field, tt.reason, ne)
		})
	}
}

func TestDecodeListsEveryProblem(t *testing.T) {
	body := `{"device_code":"d","user_code":"A\u001bB","verification_uri":"http://evil.example","expires_in":-5,"interval":-1}`
	_, err := normalize.Decode(normalize.GitLab, []byte(body))
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		t.Fatalf("error = %v", err)
	}
	fields := map[string]bool{}
	for _, p := range ne.Problems {
		if fields[p.Field] {
			t.Errorf("field %s reported twice: %v", p.Field, ne)
		}
		fields[p.Field] = true
	}
	for _, f := range []string{"/user_code", "/verification_uri", "/expires_in", "/interval"} {
		if !fields[f] {
			t.Errorf("missing a problem for %s in %v", f, ne)
		}
	}
}

func TestDecodeLoopbackHTTP(t *testing.T) {
	for _, host := range []string{"localhost:8080", "127.0.0.1", "127.9.9.9:1", "[::1]:9"} {
		body := with("verification_uri", `"http://`+host+`/device"`)
		if _, err := normalize.Decode(normalize.GitLab, body); err != nil {
			t.Errorf("http://%s: %v", host, err)
		}
	}
}

func TestDecodeTime(t *testing.T) {
	dc, err := normalize.Decode(normalize.GitLab, []byte(gitlabOK),
		normalize.WithIssuedAt(issued), normalize.WithLatency(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if want := issued.Add(300*time.Second - 2*time.Second); !dc.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v (issue time minus latency plus lifetime)", dc.ExpiresAt, want)
	}
	if dc.ExpiresIn != 300*time.Second || dc.Interval != 5*time.Second {
		t.Errorf("ExpiresIn, Interval = %v, %v", dc.ExpiresIn, dc.Interval)
	}
}

func TestErrorNeverEchoesTheBody(t *testing.T) {
	const secret = "s3cr3t-device-code"
	bodies := []string{
		`{"device_code":"` + secret + `","user_code":"` + secret + "\u001b" + `","verification_uri":"javascript:` + secret + `","expires_in":"` + secret + `"}`,
		`{"device_code":` + secret + `}`,
		`{"device_code":"` + secret + `",` + `"` + secret + `":1}extra`,
		// jsonschema/v5 words a format failure as "<value> is not valid
		// <format>"; a value holding that phrase must not leak through.
		`{"device_code":"d","user_code":"U","verification_uri":"` + secret + ` is not valid ` + secret + `","expires_in":300,"interval":5}`,
	}
	for _, b := range bodies {
		_, err := normalize.Decode(normalize.GitLab, []byte(b))
		if err == nil {
			t.Fatalf("accepted %s", b)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error echoes input: %v", err)
		}
	}
}

func TestDecodeVerificationHosts(t *testing.T) {
	body := []byte(gitlabOK)
	if _, err := normalize.Decode(normalize.GitLab, body); err != nil {
		t.Fatalf("no policy: %v", err)
	}
	ok := normalize.WithVerificationHosts("other.example", "GITLAB.devicecode.test.")
	if _, err := normalize.Decode(normalize.GitLab, body, ok); err != nil {
		t.Fatalf("allowed host (case and trailing dot ignored): %v", err)
	}
	_, err := normalize.Decode(normalize.GitLab, body, normalize.WithVerificationHosts("gitlab.example.com"))
	var he *normalize.HostError
	if !errors.As(err, &he) || he.Host != "gitlab.devicecode.test" || he.Field != "/verification_uri" {
		t.Fatalf("err = %v, want a *HostError naming gitlab.devicecode.test", err)
	}
	withPort := with("verification_uri", `"https://gitlab.devicecode.test:8443/oauth/device"`)
	if _, err := normalize.Decode(normalize.GitLab, withPort, ok); err != nil {
		t.Fatalf("the port is not part of the host: %v", err)
	}
	for _, spelled := range []string{"gitlab.devicecode.test:443", "https://gitlab.devicecode.test/x", " GitLab.DeviceCode.Test "} {
		if _, err := normalize.Decode(normalize.GitLab, body, normalize.WithVerificationHosts(spelled)); err != nil {
			t.Errorf("allowed as %q: %v", spelled, err)
		}
	}
	idn := with("verification_uri", `"https://münchen.example/oauth/device"`)
	for _, spelled := range []string{"xn--mnchen-3ya.example", "MÜNCHEN.example"} {
		if _, err := normalize.Decode(normalize.GitLab, idn, normalize.WithVerificationHosts(spelled)); err != nil {
			t.Errorf("IDN host allowed as %q: %v", spelled, err)
		}
	}
	v6 := with("verification_uri", `"https://[::1]:8443/oauth/device"`)
	if _, err := normalize.Decode(normalize.GitLab, v6, normalize.WithVerificationHosts("[::1]")); err != nil {
		t.Errorf("IPv6 host: %v", err)
	}
}

func TestDecodeCaptureLifetime(t *testing.T) {
	old := []byte(`{"userCode":"ABCD","verificationUri":"https://microsoft.com/devicelogin","expiresOnUtc":"2021-03-04T05:06:07Z"}`)
	if _, err := normalize.Decode(normalize.Veeam, old); err == nil || !strings.Contains(err.Error(), "lies in the past") {
		t.Fatalf("today: %v, want 'lies in the past'", err)
	}
	dc, err := normalize.Decode(normalize.Veeam, old, normalize.WithCaptureLifetime(15*time.Minute))
	if err != nil || dc.ExpiresIn != 15*time.Minute {
		t.Fatalf("as captured: %v, %v", dc, err)
	}
	issued := time.Date(2021, 3, 4, 5, 0, 0, 0, time.UTC)
	dc, err = normalize.Decode(normalize.Veeam, old, normalize.WithCaptureLifetime(time.Hour), normalize.WithIssuedAt(issued))
	if err != nil || dc.ExpiresIn != 6*time.Minute+7*time.Second {
		t.Fatalf("an explicit issue time wins: %v, %v", dc, err)
	}
}
