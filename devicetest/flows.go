package devicetest

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
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

// ErrUnknownUserCode is Approve or Deny for a user code never issued.
var ErrUnknownUserCode = errors.New("devicetest: unknown user code")

// flow is one issued device code.
type flow struct {
	deviceCode, userCode string
	scope                string // as requested
	issued, expires      time.Time
	decision             Decision
	polls                int
	redeemed             bool
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
	refresh map[string]bool
}

func newFlows(c clock.Clock, p Person) *flows {
	if c == nil {
		c = clock.System()
	}
	return &flows{clock: c, person: p, byDC: map[string]*flow{}, byUC: map[string]*flow{},
		refresh: map[string]bool{}}
}

// issue creates a device code for scope valid for lifetime.
func (fs *flows) issue(lifetime time.Duration, scope string) flow {
	now := fs.clock.Now()
	f := &flow{deviceCode: "dc-" + random(24), userCode: userCode(), scope: scope, issued: now, expires: now.Add(lifetime)}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.byDC[f.deviceCode], fs.byUC[f.userCode] = f, f
	return *f
}

// decide records a person's decision on the code they typed.
func (fs *flows) decide(userCode string, d Decision) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.byUC[strings.ToUpper(strings.TrimSpace(userCode))]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownUserCode, userCode)
	}
	f.decision = d
	return nil
}

// pollResult is what a token poll finds.
type pollResult int

const (
	pollUnknown pollResult = iota // no such device code (or redeemed)
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

// settle says where the code of a counted poll stands; an approved code
// is redeemed by the poll that sees it, so a second one finds nothing.
func (fs *flows) settle(deviceCode string) (pollResult, *flow) {
	now := fs.clock.Now()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.byDC[deviceCode]
	if ok && f.decision == Undecided && fs.person != nil {
		f.decision = fs.person(now.Sub(f.issued))
	}
	switch {
	case !ok || f.redeemed:
		return pollUnknown, nil
	case !now.Before(f.expires):
		return pollExpired, f
	case f.decision == Denied:
		return pollDenied, f
	case f.decision == Approved:
		f.redeemed = true
		return pollApproved, f
	}
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
