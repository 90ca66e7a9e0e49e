package devicetest

import (
	"log/slog"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// The steps a fake logs through Options.Logger (CohesityOptions.Logger,
// VeeamOptions.Logger), one record each, at level Info. Every record has
// the attributes "vendor" and, but for a poll of a code the fake never
// issued, "user_code"; the others are the step's own.
const (
	// LogIssued is a code issued: "expires" (a time.Time), and what the
	// client asked for as it sent it ("client_id", "scope"; Cohesity's
	// "domain").
	LogIssued = "issued"
	// LogDecided is the person's decision: "decision" ("approved" or
	// "denied") and, when an option decided, "by" ("Person", or VB365's
	// "ApproveAfterChecks").
	LogDecided = "decided"
	// LogPolled is a poll the fake answered without a token: "answer"
	// (pending, slow_down, denied, expired, unknown, another client's code,
	// or a scripted fault: too_many, unavailable, dropped) and "poll", the flow's poll count
	// (none for "unknown": a device code never issued, or used up).
	LogPolled = "polled"
	// LogToken is the poll that got the token (VB365: the check that
	// answered authenticated): "poll".
	LogToken = "token issued"
	// LogUsed is a VB365 user code spent by the call that needed the
	// sign-in (adding the organization, creating the applications).
	LogUsed = "code used"
)

// progress logs each sign-in's steps for a person watching a sandbox. It
// never logs a device code, token, password or API key: the user code is
// the one code it names, and that one is public (the person types it).
type progress struct {
	log    *slog.Logger // nil: silent
	vendor normalize.Vendor
}

func newProgress(l *slog.Logger, v normalize.Vendor) progress { return progress{log: l, vendor: v} }

func (p progress) record(msg, userCode string, attrs ...slog.Attr) {
	if p.log == nil {
		return
	}
	head := []slog.Attr{slog.String("vendor", string(p.vendor))}
	if userCode != "" {
		head = append(head, slog.String("user_code", userCode))
	}
	args := make([]any, 0, len(head)+len(attrs))
	for _, a := range append(head, attrs...) {
		args = append(args, a)
	}
	p.log.Info(msg, args...) // the fakes' steps outlive no request context worth passing
}

func (p progress) issued(userCode string, expires time.Time, attrs ...slog.Attr) {
	p.record(LogIssued, userCode, append([]slog.Attr{slog.Time("expires", expires)}, attrs...)...)
}

// decided logs d; by is "" for Approve, Deny, the decision hook and the
// verification pages (which all decide the same way), the option's name
// ("Person", "ApproveAfterChecks") for an option standing in for them.
func (p progress) decided(userCode string, d Decision, by string) {
	attrs := []slog.Attr{slog.String("decision", map[Decision]string{Approved: "approved", Denied: "denied"}[d])}
	if by != "" {
		attrs = append(attrs, slog.String("by", by))
	}
	p.record(LogDecided, userCode, attrs...)
}

// polled logs a poll's answer; poll 0 (a code never issued) is left out.
func (p progress) polled(userCode, answer string, poll int) {
	attrs := []slog.Attr{slog.String("answer", answer)}
	if poll > 0 {
		attrs = append(attrs, slog.Int("poll", poll))
	}
	p.record(LogPolled, userCode, attrs...)
}

func (p progress) token(userCode string, poll int) {
	p.record(LogToken, userCode, slog.Int("poll", poll))
}

// scriptedAnswer names a scripted answer as LogPolled's "answer" does.
func scriptedAnswer(a Answer) string {
	return map[Answer]string{Pending: "pending", PendingOK: "pending", Slow: "pending", SlowDown: "slow_down",
		TooMany: "too_many", Unavailable: "unavailable", Drop: "dropped"}[a]
}

// scriptedPoll logs a poll of deviceCode the script answered (a, poll n).
func (fs *flows) scriptedPoll(deviceCode string, a Answer, n int) {
	if a == Decide {
		return
	}
	fs.mu.Lock()
	f := fs.byDC[deviceCode]
	fs.mu.Unlock()
	if f != nil {
		fs.progress.polled(f.userCode, scriptedAnswer(a), n)
	}
}
