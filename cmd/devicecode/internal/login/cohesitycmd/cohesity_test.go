package cohesitycmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/devicetest"
)

// cohesityFake is a fake cluster whose codes may be polled every second,
// so that a CLI flow costs one real second.
func cohesityFake(t *testing.T, o devicetest.CohesityOptions) *devicetest.CohesityServer {
	t.Helper()
	o.Interval = time.Second
	fake := devicetest.NewCohesity(o)
	t.Cleanup(fake.Close)
	return fake
}

// cohesityCLI runs `devicecode login cohesity` in-process; with approve,
// it approves the user code the prompt shows on stderr.
func cohesityCLI(t *testing.T, fake *devicetest.CohesityServer, approve bool, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	errOut := &clitest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		f := clitest.FactoryOn(nil, &out, errOut)
		exit <- clitest.Exec(ctx, f, clitest.Group("login", NewCmd(f)), append([]string{"login", "cohesity"}, args...)...)
	}()
	if approve {
		if err := fake.Approve(clitest.WaitForUserCode(ctx, t, errOut)); err != nil {
			t.Fatal(err)
		}
	}
	code := <-exit
	return code, out.String(), errOut.String()
}

func TestLoginCohesity(t *testing.T) {
	t.Setenv(KeyEnv, devicetest.CohesityAPIKey)
	fake := cohesityFake(t, devicetest.CohesityOptions{})
	code, stdout, stderr := cohesityCLI(t, fake, true, "--base-url", fake.URL, "--domain", "contoso.onmicrosoft.com",
		"--access-cluster-id", "42", "--region-id", "us-east-1")
	for _, r := range fake.Requests() {
		if r.AccessClusterID != "42" || r.RegionID != "us-east-1" {
			t.Errorf("%s: Helios headers %q %q", r.Path, r.AccessClusterID, r.RegionID)
		}
	}
	if code != cmdutil.ExitOK || !strings.HasPrefix(stdout, "signed in to cohesity for contoso.onmicrosoft.com: access token (redacted), expires in 59m59s\n") {
		t.Fatalf("exit %d, stdout %q\nstderr:\n%s", code, stdout, stderr)
	}
	// The person signs in to Microsoft, for the cluster that asked.
	if !strings.Contains(stderr, "To sign in to Microsoft for Cohesity at "+strings.TrimPrefix(fake.URL, "http://")+", open\n") ||
		!strings.Contains(stderr, "https://microsoft.com/devicelogin") {
		t.Errorf("stderr lacks whom to sign in to, or the verification URI:\n%s", stderr)
	}
}

// TestLoginCohesityApps runs the JSON output with applications, over TLS
// with the cluster's self-signed certificate and the key from a file.
func TestLoginCohesityApps(t *testing.T) {
	t.Setenv(KeyEnv, "")
	fake := cohesityFake(t, devicetest.CohesityOptions{TLS: true,
		Script: []devicetest.Answer{devicetest.Pending, devicetest.Unavailable}, RetryAfter: time.Second})
	dir := t.TempDir()
	ca, key := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "key")
	if os.WriteFile(ca, fake.CertificatePEM, 0o600) != nil || os.WriteFile(key, []byte(devicetest.CohesityAPIKey+"\n"), 0o600) != nil {
		t.Fatal("writing the files")
	}
	code, stdout, stderr := cohesityCLI(t, fake, true, "--base-url", fake.URL+"/v2", "--domain", "contoso.onmicrosoft.com",
		"--api-key-file", key, "--ca-file", ca, "--create-apps", "2", "--m365-user", "admin@contoso.onmicrosoft.com",
		"--region", "us-gcc-high", "--output", "json")
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
	}
	var out struct {
		AccessToken  string `json:"access_token"`
		ExpiresIn    int64  `json:"expires_in"`
		Applications []struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
		} `json:"applications"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.AccessToken == "" || out.ExpiresIn != 3599 ||
		len(out.Applications) != 2 || out.Applications[1].ClientSecret == "" {
		t.Fatalf("stdout %s: %+v, %v", stdout, out, err)
	}
	if strings.Contains(stderr, out.AccessToken) || strings.Contains(stderr, devicetest.CohesityAPIKey) ||
		strings.Contains(stderr, out.Applications[0].ClientSecret) {
		t.Errorf("stderr shows a secret:\n%s", stderr)
	}
	if r := fake.AppRequests(); len(r) != 1 || *r[0].Username != "admin@contoso.onmicrosoft.com" || r[0].AppCount != 2 ||
		r[0].Microsoft365Region == nil || *r[0].Microsoft365Region != "UsGccHigh" {
		t.Errorf("app requests %+v", r)
	}
}

func TestLoginCohesityFails(t *testing.T) {
	fake := cohesityFake(t, devicetest.CohesityOptions{Domains: []string{"contoso.onmicrosoft.com"}})
	tests := []struct {
		name, key, domain, want string
	}{
		{"wrong API key", "wrong", "contoso.onmicrosoft.com",
			"devicecode: cohesity: requesting a device code: the server refused the credentials (HTTP 401 Unauthorized, KUnauthorized: Unauthorized)\n"},
		{"unknown organization", devicetest.CohesityAPIKey, "fabrikam.onmicrosoft.com",
			"devicecode: cohesity: requesting a device code: the server has no such resource (HTTP 404 Not Found, KNotFound: Organization fabrikam.onmicrosoft.com not found)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(KeyEnv, tt.key)
			code, stdout, stderr := cohesityCLI(t, fake, false, "--base-url", fake.URL, "--domain", tt.domain)
			if code != cmdutil.ExitError || stdout != "" || !strings.HasSuffix(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func TestLoginCohesityUsage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.pem")
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"--base-url", "https://cluster.example.com", "--domain", "contoso.onmicrosoft.com"}
	tests := []struct {
		name, key string
		args      []string
		want      string
	}{
		{"no base URL", "k", []string{"--domain", "d"}, "--base-url is required"},
		{"no domain", "k", []string{"--base-url", "https://c.example.com"}, "--domain is required"},
		{"no key", "", base, "the cluster's API key is required: set $DEVICECODE_COHESITY_API_KEY or pass --api-key-file"},
		{"plain http", "k", []string{"--base-url", "http://cluster.example.com", "--domain", "d"},
			"--base-url must use https (plain http only for loopback hosts)"},
		{"apps without user", "k", append(base, "--create-apps", "1"), "--create-apps N needs --m365-user USER"},
		{"user without apps", "k", append(base, "--m365-user", "u"), "--m365-user goes with --create-apps N"},
		{"region without apps", "k", append(base, "--region", "china"), "--region goes with --create-apps N"},
		{"negative apps", "k", append(base, "--create-apps", "-1"), "--create-apps must not be negative"},
		{"bad region", "k", append(base, "--create-apps", "1", "--m365-user", "u", "--region", "Mars"),
			`invalid argument "Mars" for "--region" flag: must be worldwide, china, germany, us-gcc-high or us-dod`},
		{"Cohesity's word for a region", "k", append(base, "--create-apps", "1", "--m365-user", "u", "--region", "UsGccHigh"),
			`invalid argument "UsGccHigh" for "--region" flag`},
		{"empty key file", "", append(base, "--api-key-file", os.DevNull), "--api-key-file " + os.DevNull + ": want one line holding the cluster's API key"},
		{"missing CA file", "k", append(base, "--ca-file", missing), "--ca-file: " + missing + ": no such file or directory"},
		{"CA file without PEM", "k", append(base, "--ca-file", notPEM), "--ca-file " + notPEM + ": the CA file holds no PEM certificate"},
		{"key as a flag", "k", append(base, "--api-key", "k"), "unknown flag: --api-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(KeyEnv, tt.key)
			code, stdout, stderr := runCLI(t, "", append([]string{"login", "cohesity"}, tt.args...)...)
			if code != cmdutil.ExitUsage || stdout != "" || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line with %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, clitest.Group("login", NewCmd(f)), args...)
}

func TestMain(m *testing.M) { clitest.Main(m) }

// TestRegions: every --region has Cohesity's word.
func TestRegions(t *testing.T) {
	for _, r := range shared.Regions {
		if _, ok := regions[r]; !ok {
			t.Errorf("--region %s has no Cohesity region", r)
		}
	}
	if len(regions) != len(shared.Regions) {
		t.Errorf("Cohesity maps %d regions, --region has %d", len(regions), len(shared.Regions))
	}
}

// Cohesity documents no error for a declined sign-in: with
// --declined-error naming the cluster's errorCode, the person's refusal
// ends the login at once (exit 1) instead of waiting for the code to
// expire (the fake's codes live 15 minutes; the test gives up after 20 s).
func TestLoginCohesityDeclined(t *testing.T) {
	t.Setenv(KeyEnv, devicetest.CohesityAPIKey)
	fake := cohesityFake(t, devicetest.CohesityOptions{Person: devicetest.DenyAfter(0)})
	code, stdout, stderr := cohesityCLI(t, fake, false, "--base-url", fake.URL, "--domain", "contoso.onmicrosoft.com",
		"--declined-error", "KOther", "--declined-error", devicetest.CohesityDeniedCode)
	if code != cmdutil.ExitError || stdout != "" || !strings.Contains(stderr, "declined") {
		t.Fatalf("exit %d, stdout %q\nstderr:\n%s", code, stdout, stderr)
	}
}
