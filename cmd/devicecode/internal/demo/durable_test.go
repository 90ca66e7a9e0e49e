package demo

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// The durable scenario, for every vendor: exit 0, one outcome stored, and
// the fake got the RFC minimum of requests; its JSON members are in the
// help. A vendor at a time, in parallel: each takes real seconds.
func TestDemoDurable(t *testing.T) {
	documented := documentedInHelp()
	for _, v := range demoVendors {
		t.Run(string(v.vendor), func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, "", "demo", "--scenario", "durable", "--vendor", string(v.vendor), "--output", "json")
			if code != cmdutil.ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q\n%s", code, stderr, stdout)
			}
			var r demoResult
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("%v: %s", err, stdout)
			}
			if !r.Expected || r.Outcomes == nil || *r.Outcomes != 1 || r.RFCMinimum == nil || *r.RFCMinimum != len(r.Requests) {
				t.Errorf("want expected, 1 outcome, %d requests the RFC minimum: %s", len(r.Requests), stdout)
			}
			var members map[string]json.RawMessage
			_ = json.Unmarshal([]byte(stdout), &members)
			for k := range members {
				if !documented(k) {
					t.Errorf("the JSON member %q is not in demo --help", k)
				}
			}
			clitest.NotShown(t, "stdout", stdout, nil, clitest.DeviceCodes)
		})
	}
}

// The text form, as a person sees it on a 40-column terminal: each step
// in order, each line within 40 columns, nothing unsanitized.
func TestDemoDurableText(t *testing.T) {
	f := clitest.Factory("")
	f.IO.OutWidth = func() (int, bool) { return 40, true }
	code, stdout, _ := clitest.Run(t, f, NewCmd(f), "demo", "--scenario", "durable", "--vendor", "gitlab")
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	// The words, wherever the wrapping breaks their lines.
	rest := strings.Join(strings.Fields(stdout), " ")
	for _, want := range []string{"32 random bytes", "== gitlab, scenario durable ==", "worker 1 started", "flow 1 begun, code ",
		"poll: authorization_pending", "status: pending, 1 poll", "worker 1 stopped", "the person approves", "worker 2 started",
		"poll: HTTP 200", "status: approved, 2 polls", "outcome stored once", "requests: 3, the RFC minimum",
		"outcome: signed in (as expected)"} {
		_, after, found := strings.Cut(rest, want)
		if !found {
			t.Errorf("output lacks %q after what came before:\n%s", want, stdout)
			continue
		}
		rest = after
	}
	for _, line := range strings.Split(stdout, "\n") {
		if cmdutil.Columns(line) > 40 {
			t.Errorf("wider than 40 columns: %q", line)
		}
	}
	if r, bad := safetext.Unsafe(stdout); bad {
		t.Errorf("output carries %U", r)
	}
}

// A flow that broke either claim fails the scenario, and the outcome says
// which claim.
func TestDurableJudge(t *testing.T) {
	start := time.Now()
	at := func(s float64) time.Time { return start.Add(time.Duration(s * float64(time.Second))) }
	gitlab := func(log ...served) *durableRun {
		return &durableRun{v: demoVendor{vendor: normalize.GitLab}, worker: 2, say: &progress{},
			set: demoSetup{served: func() []served { return log }}}
	}
	device, poll := "/oauth/authorize_device", "/oauth/token"
	for name, tc := range map[string]struct {
		run  *durableRun
		rows int
		want string
	}{
		"minimum": {gitlab(served{at(0), device, 200}, served{at(1), poll, 400}, served{at(3), poll, 200}), 1, ""},
		"twice":   {gitlab(served{at(0), device, 200}, served{at(1), poll, 400}, served{at(3), poll, 200}), 2, "outcome stored 2 times; want once"},
		"extra poll": {gitlab(served{at(0), device, 200}, served{at(1), poll, 400}, served{at(3), poll, 200}, served{at(4), poll, 400}), 1,
			"requests: 4; the RFC minimum is 3"},
		"early": {gitlab(served{at(0), device, 200}, served{at(0.5), poll, 400}, served{at(3), poll, 200}), 1, "1 poll came before the interval"},
	} {
		var res demoResult
		tc.run.judge(judged{phase: durable.PhaseApproved, rows: tc.rows, approvedAt: at(2)}, &res)
		if tc.want == "" && (!res.Expected || res.Outcome != "signed in") || tc.want != "" && (res.Expected || !strings.Contains(res.Outcome, tc.want)) {
			t.Errorf("%s: expected %t, outcome %q; want %q", name, res.Expected, res.Outcome, tc.want)
		}
	}
}
