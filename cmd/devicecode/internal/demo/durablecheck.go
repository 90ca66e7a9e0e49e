package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/normalize"
)

// judged is how the durable flow ended, from the database.
type judged struct {
	phase      durable.Phase
	why        string // Status.Err: why it ended, if not approved
	rows       int    // the outcomes the handler stored for the flow
	approvedAt time.Time
}

// endpoints are a vendor's device-code and poll paths (their ends), the
// interval its fake announces in this scenario, and what else each
// process sends it: VB365 brokers the sign-in, so a client probes its
// version and signs in to it (POST /token) before its first call.
type endpoints struct {
	device, poll string
	interval     time.Duration
	perProcess   int
	perWhat      string
}

var flowEndpoints = map[normalize.Vendor]endpoints{
	normalize.GitLab:    {"/oauth/authorize_device", "/oauth/token", time.Second, 0, ""},
	normalize.Microsoft: {"/oauth2/v2.0/devicecode", "/oauth2/v2.0/token", time.Second, 0, ""},
	normalize.Cohesity:  {"/auth/device-code", "/auth/token", time.Second, 0, ""},
	normalize.Veeam: {"/DeviceCode", "/DeviceCode/check", 5 * time.Second, 2,
		"VB365's version probe and sign-in"},
}

// tally counts the requests the fake received, by kind.
type tally struct {
	device, before, after, other int
	early                        int // polls less than an interval after the request before
}

func (d *durableRun) tally(approvedAt time.Time) tally {
	ep := flowEndpoints[d.v.vendor]
	var t tally
	var last time.Time
	for _, r := range d.set.served() {
		switch {
		case strings.HasSuffix(r.Path, ep.poll):
			if !last.IsZero() && r.At.Sub(last) < ep.interval-pollSlack {
				t.early++
			}
			last = r.At
			if r.At.Before(approvedAt) {
				t.before++
			} else {
				t.after++
			}
		case strings.HasSuffix(r.Path, ep.device):
			t.device++
			last = r.At
		default:
			t.other++
		}
	}
	return t
}

// pollSlack is how much earlier than an interval after the previous
// request a poll may reach the fake: the two timestamps are taken on
// either side of the network stack.
const pollSlack = 20 * time.Millisecond

// judge checks the two claims of the scenario — the outcome stored once,
// the RFC minimum of requests — and says each; the verdict says which
// failed.
func (d *durableRun) judge(j judged, res *demoResult) {
	t := d.tally(j.approvedAt)
	minimum, why := d.minimum(t)
	total := t.device + t.before + t.after + t.other
	res.Outcomes, res.RFCMinimum = &j.rows, &minimum
	var failed []string
	fail := func(format string, a ...any) { failed = append(failed, fmt.Sprintf(format, a...)) }
	if j.phase != durable.PhaseApproved {
		fail("the flow ended %s: %s", j.phase, j.why)
	}
	if j.rows == 1 {
		d.say.plain("outcome stored once, by OnOutcome in the job's transaction")
	} else {
		fail("outcome stored %d times; want once", j.rows)
	}
	if total == minimum {
		d.say.plain("requests: %d, the RFC minimum: %s", total, why)
	} else {
		fail("requests: %d; the RFC minimum is %d: %s", total, minimum, why)
	}
	if t.early > 0 {
		fail("%d poll%s came before the interval", t.early, cmdutil.Plural(t.early))
	}
	res.Expected = len(failed) == 0
	res.Outcome = "signed in"
	if !res.Expected {
		res.Outcome = strings.Join(failed, "; ")
	}
}

// minimum is the fewest requests an RFC 8628 client sends here, and why:
// the device code, the polls before the person approved (at least one:
// the first worker was stopped after it), one that gets the answer, and
// what the vendor needs of each process besides.
func (d *durableRun) minimum(t tally) (int, string) {
	ep := flowEndpoints[d.v.vendor]
	n := 1 + t.before + 1 + ep.perProcess*d.worker
	why := fmt.Sprintf("1 device code, %d poll%s before approval, 1 after", t.before, cmdutil.Plural(t.before))
	if ep.perProcess > 0 {
		why += fmt.Sprintf(", and %s in each of %d processes", ep.perWhat, d.worker)
	}
	return n, why
}

// show prints a request the integrator's client sent, as it happens.
func (d *durableRun) show(e exchange) {
	ep := flowEndpoints[d.v.vendor]
	what := e.Path
	switch {
	case strings.HasSuffix(e.Path, ep.poll):
		what = "poll"
	case strings.HasSuffix(e.Path, ep.device):
		what = "device code"
	}
	answer := answerDetail(e)
	switch {
	case e.Status == 0:
		answer = "no answer"
	case answer == "":
		answer = fmt.Sprintf("HTTP %d", e.Status)
	}
	d.say.line("%s: %s", what, answer)
}
