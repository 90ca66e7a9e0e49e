package devicetest

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Decision is where a person stands with one device code.
type Decision int

// The decisions of Approve and Deny.
const (
	Undecided Decision = iota
	Approved
	Denied
)

// flow is one issued device code.
type flow struct {
	deviceCode, userCode string
	clientID, scope      string // as requested
	issued, expires      time.Time
	decision             Decision
	polls                int
	redeemed             bool
	lastPoll             time.Time // the last admitted poll (slowdown.go)
}

// flows is the authorization server's memory of issued codes: what a
// person decides (Approve, Deny) and what the client polls. It is safe
// for concurrent use.
type flows struct {
	clock  clock.Clock
	person Person // nil: only Approve and Deny decide
	mu     sync.Mutex
	byDC   map[string]*flow
	byUC   map[string]*flow
	// refresh holds the refresh tokens issued and not yet used: a refresh
	// rotates them, as GitLab and Entra do.
	refresh  map[string]bool
	progress progress // Options.Logger; set by the vendor's handler
}

func newFlows(c clock.Clock, p Person) *flows {
	if c == nil {
		c = clock.System()
	}
	return &flows{clock: c, person: p, byDC: map[string]*flow{}, byUC: map[string]*flow{},
		refresh: map[string]bool{}}
}

// issue creates a device code for clientID and scope valid for lifetime.
func (fs *flows) issue(lifetime time.Duration, clientID, scope string) flow {
	now := fs.clock.Now()
	f := &flow{deviceCode: "dc-" + random(24), userCode: userCode(), clientID: clientID, scope: scope,
		issued: now, expires: now.Add(lifetime)}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.byDC[f.deviceCode], fs.byUC[canonicalUserCode(f.userCode)] = f, f
	fs.progress.issued(f.userCode, f.expires, slog.String("client_id", clientID), slog.String("scope", scope))
	return *f
}

// decide records a person's decision on the code they typed. A code is
// decided once: the vendors' pages take a code until it is decided or
// expires, so a completed sign-in's code cannot be approved again.
func (fs *flows) decide(userCode string, d Decision) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, err := fs.find(userCode)
	if err != nil {
		return err
	}
	f.decision = d
	fs.progress.decided(f.userCode, d, "")
	return nil
}

// look is a pending code as a verification page shows it.
func (fs *flows) look(userCode string) (CodeInfo, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, err := fs.find(userCode)
	if err != nil {
		return CodeInfo{}, err
	}
	return CodeInfo{UserCode: f.userCode, ClientID: f.clientID, Scope: f.scope, Expires: f.expires}, nil
}

// find is the undecided, unexpired flow of the code the person typed;
// fs.mu is held.
func (fs *flows) find(userCode string) (*flow, error) {
	f, ok := fs.byUC[canonicalUserCode(userCode)]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w %q", ErrUnknownUserCode, userCode)
	case f.decision != Undecided || f.redeemed:
		return nil, fmt.Errorf("%w %q", ErrUsedUserCode, userCode)
	case !fs.clock.Now().Before(f.expires):
		return nil, fmt.Errorf("%w %q", ErrExpiredUserCode, userCode)
	}
	return f, nil
}

var _ codeBook = (*flows)(nil)

// pollResult is what a token poll finds.
type pollResult int

const (
	pollUnknown pollResult = iota // no such device code
	pollUsed                      // its token was issued
	pollPending
	pollApproved
	pollDenied
	pollExpired
)

// count notes one token request for deviceCode and returns the code's
// poll count, from 1; 0 for a code never issued.
func (fs *flows) count(deviceCode string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.byDC[deviceCode]
	if !ok {
		return 0
	}
	f.polls++
	return f.polls
}

// settle says where the code of a counted poll stands, and logs it; an
// approved code is redeemed by the poll that sees it, so a second one
// finds nothing.
func (fs *flows) settle(deviceCode string) (pollResult, *flow) {
	now := fs.clock.Now()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.byDC[deviceCode]
	switch {
	case !ok:
		fs.progress.polled("", "unknown", 0)
		return pollUnknown, nil
	case f.redeemed:
		fs.progress.polled("", "unknown", 0)
		return pollUsed, nil
	case f.decision == Undecided && fs.person != nil:
		if f.decision = fs.person(now.Sub(f.issued)); f.decision != Undecided {
			fs.progress.decided(f.userCode, f.decision, "Person")
		}
	}
	switch {
	case !now.Before(f.expires):
		fs.progress.polled(f.userCode, "expired", f.polls)
		return pollExpired, f
	case f.decision == Denied:
		fs.progress.polled(f.userCode, "denied", f.polls)
		return pollDenied, f
	case f.decision == Approved:
		f.redeemed = true
		fs.progress.token(f.userCode, f.polls)
		return pollApproved, f
	}
	fs.progress.polled(f.userCode, "pending", f.polls)
	return pollPending, f
}

// userCode is eight characters from an alphabet without look-alikes,
// shown as XXXX-XXXX like Entra's and GitLab's.
func userCode() string {
	const alphabet = "BCDFGHJKLMNPQRSTVWXZ23456789"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// random is n characters of base32, for codes and tokens nobody types.
func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:n]
}
