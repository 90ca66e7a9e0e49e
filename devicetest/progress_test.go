package devicetest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
)

// syncBuffer is a log destination the fakes' handlers write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressLog: each of the sandbox's four fakes logs a sign-in's
// steps — the code issued, the person's decision, the polls (a scripted
// one and a real pending one) and the token — naming the user code,
// and never a device code, token, password or API key.
func TestProgressLog(t *testing.T) {
	var buf syncBuffer
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Interval: time.Second,
		Script: []devicetest.Answer{devicetest.Pending}, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	secrets := []string{devicetest.CohesityAPIKey, devicetest.SandboxVeeamPassword}
	codes := map[normalize.Vendor]string{}
	var wg sync.WaitGroup
	for v, c := range sandboxClients(t, sb) {
		wg.Go(func() {
			out, dc, err := signInAfterPolls(ctx, sb, c, 2)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("%s: %v", v, err)
				return
			}
			codes[v] = dc.UserCode
			secrets = append(secrets, dc.DeviceCode)
			if out.Token != nil {
				secrets = append(secrets, out.Token.AccessToken, out.Token.RefreshToken)
			}
		})
	}
	wg.Wait()
	log := buf.String()
	for _, s := range secrets {
		if s != "" && strings.Contains(log, s) {
			t.Errorf("the log holds a secret %.6s…:\n%s", s, log)
		}
	}
	for v, code := range codes {
		steps := progressSteps(t, log, v, code)
		want := []string{"issued", "polled pending 1", "decided approved", "token issued"}
		if v != normalize.Veeam { // VB365's clients poll every 5 s: once before the approval
			want = append(want, "polled pending 2") // settle's answer; the first was the script's
		}
		for _, want := range want {
			if !strings.Contains(steps, want) {
				t.Errorf("%s: steps %q lack %q", v, steps, want)
			}
		}
	}
}

// signInAfterPolls starts a sign-in, lets it poll n times, approves it
// through the sandbox and waits for the outcome.
func signInAfterPolls(ctx context.Context, sb *devicetest.Sandbox, c devicecode.Client, n int) (devicecode.Outcome, normalize.DeviceCode, error) {
	fl, err := c.Start(ctx)
	if err != nil {
		return devicecode.Outcome{}, normalize.DeviceCode{}, err
	}
	dc := fl.State().DeviceCode
	time.AfterFunc(time.Duration(n)*time.Second+500*time.Millisecond, func() { _ = sb.Approve(dc.UserCode) })
	out, err := fl.Wait(ctx)
	if err != nil {
		return devicecode.Outcome{}, dc, err
	}
	return *out, dc, nil
}

// progressSteps is the log's records for one vendor's user code, one
// "msg [decision [by]|answer poll]" per record, joined by "; ".
func progressSteps(t *testing.T, log string, v normalize.Vendor, code string) string {
	t.Helper()
	var steps []string
	for line := range strings.Lines(log) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		if r["vendor"] != string(v) || r["user_code"] != code {
			continue
		}
		s := r["msg"].(string)
		for _, k := range []string{"decision", "by", "answer", "poll"} {
			if x, ok := r[k]; ok {
				s += " " + strings.Trim(strings.TrimSuffix(strings.TrimSuffix(jsonText(x), ".0"), "\n"), `"`)
			}
		}
		steps = append(steps, s)
	}
	return strings.Join(steps, "; ")
}

func jsonText(x any) string {
	b, _ := json.Marshal(x)
	return string(b)
}

// TestProgressLogEnds: a denied and an expired sign-in, on a clock that
// runs by itself, log the Person's decision and the answers that end
// them, on GitLab's and Entra's fakes (Cohesity's and VB365's clients
// stop polling at the expiry they computed; their Person's decisions are
// TestProgressLogBrokeredPerson's).
func TestProgressLogEnds(t *testing.T) {
	for name, tc := range map[string]struct {
		person devicetest.Person
		want   []string
	}{
		"denied":  {devicetest.DenyAfter(7 * time.Second), []string{"issued", "polled pending 1", "decided denied", "polled denied 2"}},
		"expired": {nil, []string{"issued", "polled pending 1", "polled expired"}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf syncBuffer
			clk := fakeclock.NewAuto(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
			sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Clock: clk, Person: tc.person,
				Lifetime: time.Minute, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
			if err != nil {
				t.Fatal(err)
			}
			defer sb.Close()
			for v, c := range sandboxClients(t, sb, devicecode.WithClock(clk)) {
				if v != normalize.GitLab && v != normalize.Microsoft {
					continue
				}
				fl, err := c.Start(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fl.Wait(t.Context()); err == nil {
					t.Fatalf("%s: signed in", v)
				}
				steps := progressSteps(t, buf.String(), v, fl.State().DeviceCode.UserCode)
				for _, want := range tc.want {
					if !strings.Contains(steps, want) {
						t.Errorf("%s: steps %q lack %q", v, steps, want)
					}
				}
			}
		})
	}
}

// TestProgressLogBrokeredPerson: the Cohesity and VB365 fakes log a
// decision of the Person option, and VB365's of ApproveAfterChecks, by
// name, as GitLab's and Entra's do, before the poll it answers.
func TestProgressLogBrokeredPerson(t *testing.T) {
	var buf syncBuffer
	clk := fakeclock.NewAuto(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Clock: clk, Person: devicetest.DenyAfter(7 * time.Second),
		Lifetime: time.Minute, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for v, c := range sandboxClients(t, sb, devicecode.WithClock(clk)) {
		if v != normalize.Cohesity && v != normalize.Veeam {
			continue
		}
		fl, err := c.Start(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fl.Wait(t.Context()) // Cohesity's client reads the refusal as pending until expiry
		steps := progressSteps(t, buf.String(), v, fl.State().DeviceCode.UserCode)
		if want := "decided denied Person; polled denied"; !strings.Contains(steps, want) {
			t.Errorf("%s: steps %q lack %q", v, steps, want)
		}
	}

	var vbuf syncBuffer
	ve, err := veeamFlow(t, devicetest.VeeamOptions{Logger: slog.New(slog.NewJSONHandler(&vbuf, nil))},
		func(s *devicetest.VeeamServer, _ string) { s.ApproveAfterChecks(1) })
	if err != nil {
		t.Fatal(err)
	}
	steps := progressSteps(t, vbuf.String(), normalize.Veeam, ve.UserCodes()[0])
	if want := "polled pending 1; decided approved ApproveAfterChecks; token issued 2"; !strings.Contains(steps, want) {
		t.Errorf("steps %q lack %q", steps, want)
	}
}

// TestProgressLogRefusals: a poll too soon after the last (slow_down) and
// a poll with another client's code are logged as such.
func TestProgressLogRefusals(t *testing.T) {
	var buf syncBuffer
	fake := devicetest.NewGitLab(devicetest.Options{Interval: time.Hour, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	defer fake.Close()
	var dc struct {
		DeviceCode string `json:"device_code"`
		UserCode   string `json:"user_code"`
	}
	postForm(t, fake.URL+"/oauth/authorize_device", url.Values{"client_id": {"app"}}, &dc)
	for _, client := range []string{"app", "app", "other"} {
		postForm(t, fake.URL+"/oauth/token", url.Values{"client_id": {client}, "device_code": {dc.DeviceCode},
			"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}}, nil)
	}
	steps := progressSteps(t, buf.String(), normalize.GitLab, dc.UserCode)
	if want := "issued; polled pending 1; polled slow_down 2; polled another client's code 3"; steps != want {
		t.Errorf("steps %q, want %q", steps, want)
	}
	if strings.Contains(buf.String(), dc.DeviceCode) {
		t.Errorf("the log holds the device code:\n%s", buf.String())
	}
}

// postForm posts form to u and decodes the JSON answer into v (nil: none).
func postForm(t *testing.T, u string, form url.Values, v any) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
}
