package devicecode_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// FuzzTokenResponse feeds any body, content type and Retry-After to the
// decoder of token and error answers: it never panics, a token always has
// an access token, and no error text carries a byte a terminal acts on.
func FuzzTokenResponse(f *testing.F) {
	for _, seed := range []struct {
		status       int
		ct, ra, body string
	}{
		{200, "application/json", "", `{"access_token":"AT","token_type":"bearer","expires_in":3600}`},
		{400, "application/json; charset=utf-8", "", `{"error":"slow_down","interval":"10"}`},
		{400, "application/json", "", `{"error":"access_denied","error_description":"\u001b]0;x\u0007no"}`},
		{429, "text/html", "Wed, 21 Oct 2015 07:28:00 GMT", `<html>busy</html>`},
		{503, "", "120", ``},
		{200, "text/plain", "", `{"error":"a","error":"b"}`},
		{200, "application/json", "", `{"access_token":"A","access_token":"B"}`},
		{200, "application/json", "", `{"access_token":"AT","token_type":"mac","mac_key":"k"}`},
		{200, "application/json", "", `{"access_token":"AT","token_type":"Bearer\u001b[2J"}`},
	} {
		f.Add(seed.status, seed.ct, seed.ra, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, ct, ra string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}, "Retry-After": {ra}}}
		tok, err := devicecode.ParseTokenResponse(resp, body, t0)
		switch {
		case err == nil && (tok == nil || tok.AccessToken == ""):
			t.Fatalf("token without an access token: %+v", tok)
		case err == nil:
			// Any type but Bearer is refused, in a text safe to show.
			if terr := devicecode.CheckTokenType(tok); terr != nil {
				assertSafe(t, terr)
			} else if tok.Type() != "Bearer" {
				t.Fatalf("token type %q accepted", tok.TokenType)
			}
		default:
			if r, bad := safetext.Unsafe(err.Error()); bad {
				t.Fatalf("error text carries %U: %q", r, err.Error())
			}
			var oe *devicecode.OAuthError
			if errors.As(err, &oe) && oe.Code == "" {
				t.Fatalf("an OAuthError without a code: %#v", oe)
			}
		}
	})
}

// FuzzState: a saved state from anywhere either is refused, with a safe
// text that never carries the device code, or resumes a poller whose
// device code passed normalize's rules, with the schedule the file wrote
// (no wrapped multiplication), and saves and reads back unchanged.
func FuzzState(f *testing.F) {
	good, _ := json.Marshal(devicecode.State{DeviceCode: *newDeviceCode(t0, 5*time.Second, 15*time.Minute),
		ExpiresAt: t0.Add(15 * time.Minute), Interval: 5 * time.Second, NextPollAt: t0, LastPollAt: t0, Polls: 3, Failures: 1})
	f.Add(good)
	f.Add([]byte(`{"interval":-1}`))
	f.Add([]byte(`{"device_code":{},"interval":5}`))
	// Tampered schedules: the flow must still end by the code's expiry.
	var m map[string]any
	_ = json.Unmarshal(good, &m)
	for _, edit := range []func(map[string]any){
		func(m map[string]any) { delete(m, "expires_at") },
		func(m map[string]any) { m["expires_at"] = "soon" },
		func(m map[string]any) { m["next_poll_at"] = "9999-12-31T00:00:00Z" },
		func(m map[string]any) { m["interval"] = 86400 },
		func(m map[string]any) { m["expires_at"] = "2025-06-01T13:00:00Z" },
	} {
		c := maps.Clone(m)
		edit(c)
		b, _ := json.Marshal(c)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var st devicecode.State
		if err := json.Unmarshal(b, &st); err != nil {
			assertSafe(t, err)
			if dc := deviceCodeIn(b); len(dc) >= 8 && strings.Contains(err.Error(), dc) {
				t.Fatalf("the device code is in the error %q", err)
			}
			return
		}
		if st.Interval < 0 || st.Polls < 0 || st.Failures < 0 {
			t.Fatalf("accepted a negative schedule: %v", st)
		}
		var wire struct{ Interval int64 }
		_ = json.Unmarshal(b, &wire)
		if int64(st.Interval/time.Second) != wire.Interval {
			t.Fatalf("interval %d read as %v", wire.Interval, st.Interval)
		}
		if err := st.DeviceCode.Validate(); err != nil {
			t.Fatalf("resumed a device code that fails Validate: %v", err)
		}
		if st.ExpiresAt.IsZero() {
			t.Fatalf("accepted a state without an expiry")
		}
		assertRoundTrip(t, st)
		assertEndsByExpiry(t, st)
	})
}

// assertRoundTrip: what MarshalJSON writes, UnmarshalJSON reads back as
// the same state, and writes again byte for byte.
func assertRoundTrip(t *testing.T, st devicecode.State) {
	t.Helper()
	saved, err := json.Marshal(st)
	if err != nil {
		t.Fatalf("an accepted state cannot be saved: %v", err)
	}
	var back devicecode.State
	if err := json.Unmarshal(saved, &back); err != nil {
		t.Fatalf("a saved state is refused: %v\n%s", err, saved)
	}
	again, _ := json.Marshal(back)
	if !bytes.Equal(saved, again) {
		t.Fatalf("round trip changed the state:\n%s\n%s", saved, again)
	}
	if back.Interval != st.Interval || back.Polls != st.Polls || back.Failures != st.Failures ||
		!back.NextPollAt.Equal(st.NextPollAt) || !back.LastPollAt.Equal(st.LastPollAt) || !back.ExpiresAt.Equal(st.ExpiresAt) {
		t.Fatalf("round trip changed the schedule: %v → %v", st, back)
	}
}

// assertEndsByExpiry resumes st (when ResumePoller takes it) against a
// server that answers pending forever, on a fake clock: the flow ends
// with ErrExpiredToken by the expiry — or at once, for a State past it —
// and a State ResumePoller refuses is refused with a *StateError. A
// schedule with more than 200 polls left is resumed 200 intervals before
// its expiry, as a late restart would: each poll is a step of the
// fuzzer's time.
func assertEndsByExpiry(t *testing.T, st devicecode.State) {
	t.Helper()
	start, iv := st.NextPollAt, st.Interval
	if iv <= 0 {
		iv = normalize.DefaultInterval // as ResumePoller reads it
	}
	if late := st.ExpiresAt.Add(-200 * iv); start.Before(late) {
		start = late
	}
	clk := fakeclock.NewAuto(start)
	s := &script{clk: clk}
	for range 400 {
		s.answers = append(s.answers, pending)
	}
	p, err := devicecode.ResumePoller(st, s.poll, devicecode.WithClock(clk))
	if err != nil {
		var se *devicecode.StateError
		if !errors.As(err, &se) {
			t.Fatalf("ResumePoller refused the state with %v, want a *StateError", err)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := p.Wait(ctx); !errors.Is(err, devicecode.ErrExpiredToken) {
		t.Fatalf("resumed flow ended with %v, want ErrExpiredToken", err)
	}
	end := st.ExpiresAt.Add(time.Second)
	if start.After(st.ExpiresAt) {
		end = start.Add(time.Second)
	}
	if clk.Now().After(end) {
		t.Fatalf("resumed flow ended at %s, past the expiry %s", clk.Now(), st.ExpiresAt)
	}
}

// deviceCodeIn is the device code a state file carries, if any.
func deviceCodeIn(b []byte) string {
	var w struct {
		DeviceCode struct {
			DeviceCode string `json:"device_code"`
		} `json:"device_code"`
	}
	_ = json.Unmarshal(b, &w)
	return w.DeviceCode.DeviceCode
}

func assertSafe(t *testing.T, err error) {
	t.Helper()
	if r, bad := safetext.Unsafe(err.Error()); bad {
		t.Fatalf("error text carries %U: %q", r, err.Error())
	}
}

// FuzzCheckResponse feeds any status, content type, Retry-After and body
// to the classifier of every endpoint's answers: the outcome is nil for a
// 2xx only, else an *OAuthError, an *HTTPError or ErrInvalidResponse; its
// text is safe for a terminal and never carries the secrets sent beside
// an error (device codes, tokens), which only Extra keeps.
func FuzzCheckResponse(f *testing.F) {
	for _, seed := range []struct {
		status       int
		ct, ra, body string
	}{
		{400, "application/json; charset=utf-8", "", `{"error":"authorization_pending","error_description":"..."}`},
		{400, "application/json", "", `{"error":"slow_down","interval":"10"}`},
		{400, "application/json", "", `{"error":"invalid_grant","error_codes":[70000],"trace_id":"t","correlation_id":"c","timestamp":"2025-06-01 12:00:00Z"}`},
		{200, "text/plain", "", `{"error":"access_denied","access_token":"zq9SECRETzq9"}`},
		{404, "application/json", "", `{"error":"Not Found"}`},
		{502, "text/html", "", `<html><body>Bad Gateway</body></html>`},
		{503, "", "-5", ``},
		{429, "", "Sun, 06 Nov 1994 08:49:37 GMT", ``},
		{400, "application/json", "", `{"error":"x","error":"y"}`},
		{400, "application/json", "", `{"error":"x","interval":1e400}`},
		{400, "application/problem+json", "", `{"error":"\xff\u001b[2J","error_uri":"\u202e"}`},
		{400, "application/json", "", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`},
	} {
		f.Add(seed.status, seed.ct, seed.ra, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, ct, ra string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		checkAnswer(t, status, ct, ra, body)
		if b, ok := withSecrets(body); ok && !bytes.Contains(body, []byte(secretMark)) && !strings.Contains(ct, secretMark) {
			if err := checkAnswer(t, status, ct, ra, b); err != nil && strings.Contains(err.Error(), secretMark) {
				t.Fatalf("a secret member is in the error %q", err)
			}
		}
	})
}

// secretMark is in every secret withSecrets adds; no wording of ours has it.
const secretMark = "SECRET"

// withSecrets adds a device code and tokens to a JSON object body.
func withSecrets(body []byte) ([]byte, bool) {
	t := bytes.TrimLeft(body, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	const s = `"device_code":"dc-SECRET-1","access_token":"at-SECRET-2","refresh_token":"rt-SECRET-3",`
	return append([]byte("{"+s), t[1:]...), true
}

// checkAnswer asserts the properties of CheckResponse on one answer.
func checkAnswer(t *testing.T, status int, ct, ra string, body []byte) error {
	t.Helper()
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}, "Retry-After": {ra}}}
	err := devicecode.CheckResponse(resp, body, t0)
	var oe *devicecode.OAuthError
	var he *devicecode.HTTPError
	switch {
	case err == nil:
		if status < 200 || status > 299 {
			t.Fatalf("HTTP %d accepted", status)
		}
		return nil
	case errors.As(err, &oe):
		if oe.Code == "" || oe.StatusCode != status || oe.Interval < 0 || oe.RetryAfter < 0 {
			t.Fatalf("OAuthError %#v from HTTP %d", oe, status)
		}
		bare := *oe
		bare.Extra = nil
		if bare.Error() != oe.Error() {
			t.Fatalf("Extra shows in the text: %q", oe)
		}
	case errors.As(err, &he):
		if he.StatusCode != status || (status >= 200 && status < 300) || he.RetryAfter < 0 {
			t.Fatalf("HTTPError %#v from HTTP %d", he, status)
		}
	case !errors.Is(err, devicecode.ErrInvalidResponse):
		t.Fatalf("untyped outcome %T: %v", err, err)
	}
	assertSafe(t, err)
	return err
}

// FuzzRetryAfter: a Retry-After in delay-seconds (any digits, leading
// zeros included) is that wait as sent, uncapped, an HTTP-date is the time
// until it (none once past), and nothing else — negative, signed,
// fractional, overflowing or malformed — gives a wait at all.
// ParseRetryAfter is the one parser: the engine's *HTTPError carries what
// it reads, as the vendor packages' errors do.
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []struct {
		raw  string
		secs uint64
		unix int64
	}{
		{"120", 120, t0.Unix() + 30},
		{"-1", 0, t0.Unix() - 30},
		{"4294967296", 1 << 32, 253402300799},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 1<<63 + 5, -62135596800},
		{"Sunday, 06-Nov-94 08:49:37 GMT", 99999999999, 0},
		{"Sun Nov  6 08:49:37 1994", 1, 1 << 40},
		{"1.5", 0, t0.Unix()},
		{" 7 ", 7, t0.Unix() + 1},
		{"0x10", 16, t0.Unix() + 1<<31},
		{"007", 7, t0.Unix() - 30},
		{"+5", 0, t0.Unix()},
		{"5.0", 5, t0.Unix() + 7200},
		{"99999999999999999999999", 3601, -62135596800},
		{"4294967295", 1<<32 - 1, t0.Unix()},
	} {
		f.Add(seed.raw, seed.secs, seed.unix)
	}
	f.Fuzz(func(t *testing.T, raw string, secs uint64, unix int64) {
		wait := func(ra string) time.Duration {
			resp := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {ra}}}
			var he *devicecode.HTTPError
			if !errors.As(devicecode.CheckResponse(resp, nil, t0), &he) {
				t.Fatalf("a 503 without a body is not an HTTPError")
			}
			if he.RetryAfter < 0 {
				t.Fatalf("Retry-After %q: negative wait %v", ra, he.RetryAfter)
			}
			if d, ok := devicecode.ParseRetryAfter(ra, t0); d != he.RetryAfter || !ok && d != 0 {
				t.Fatalf("Retry-After %q: ParseRetryAfter %v, %v; the engine carries %v", ra, d, ok, he.RetryAfter)
			}
			return he.RetryAfter
		}
		got := wait(raw)
		if digits := strings.TrimSpace(raw); digits != "" && strings.Trim(digits, "0123456789") == "" {
			want := time.Duration(0)
			if n, err := strconv.ParseUint(digits, 10, 32); err == nil {
				want = time.Duration(n) * time.Second
			}
			if got != want {
				t.Fatalf("Retry-After %q: wait %v, want %v", raw, got, want)
			}
		}
		want := time.Duration(0)
		if secs < 1<<32 {
			want = time.Duration(secs) * time.Second
		}
		if got := wait(strconv.FormatUint(secs, 10)); got != want {
			t.Fatalf("Retry-After %d: wait %v, want %v", secs, got, want)
		}
		if got := wait("-" + strconv.FormatUint(secs, 10)); got != 0 {
			t.Fatalf("Retry-After -%d: wait %v", secs, got)
		}
		date := time.Unix(unix, 0).UTC()
		if date.Year() < 0 || date.Year() > 9999 {
			return
		}
		if got, want := wait(date.Format(http.TimeFormat)), max(date.Sub(t0), 0); got != want {
			t.Fatalf("Retry-After %s: wait %v, want %v", date.Format(http.TimeFormat), got, want)
		}
	})
}
