package devicetest

import "time"

// refusal is why a token poll is refused before its code's state is
// looked at: a fake's answer to a client, not to the person.
type refusal int

const (
	admitted    refusal = iota
	wrongClient         // the code was issued to another client: invalid_grant
	tooFast             // polled sooner than the interval after the last poll: slow_down
)

// admit checks a device-code poll from clientID ("" when the request
// names none) the way Doorkeeper's device grant does
// (doorkeeper-device_authorization_grant, DeviceCodeRequest, which GitLab
// runs): a code issued to another client is invalid_grant (RFC 6749 §5.2),
// whatever its state; an expired code is left to settle (expired_token
// comes before slow_down); a poll
// less than interval after the previous admitted one is slow_down (RFC
// 8628 §3.5) and is not itself remembered, so a client that waits the
// interval after a slow_down is on time again. The interval does not grow
// with each slow_down: Doorkeeper keeps its configured interval, and a
// client that adds 5 s (as §3.5 tells it to) polls later than it must
// but never too soon. Entra's rule is not documented; its fake uses the
// same one. interval 0 turns slow_down off (Options.NoSlowDown).
func (fs *flows) admit(deviceCode, clientID string, interval time.Duration) refusal {
	now := fs.clock.Now()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.byDC[deviceCode]
	switch {
	case !ok || f.redeemed:
		return admitted // settle answers these
	case clientID != "" && f.clientID != "" && clientID != f.clientID:
		fs.progress.polled(f.userCode, "another client's code", f.polls)
		return wrongClient
	case !now.Before(f.expires):
		return admitted
	case interval > 0 && !f.lastPoll.IsZero() && now.Sub(f.lastPoll) < interval:
		fs.progress.polled(f.userCode, "slow_down", f.polls)
		return tooFast
	}
	f.lastPoll = now
	return admitted
}

// pollInterval is the interval a fake holds clients to: the one it
// announces, 5 s when it announces none (RFC 8628 §3.2: the client's
// default), or 0 with NoSlowDown.
func (o Options) pollInterval() time.Duration {
	switch {
	case o.NoSlowDown:
		return 0
	case o.OmitInterval:
		return 5 * time.Second
	}
	return o.interval()
}
