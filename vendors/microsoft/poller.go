package microsoft

import (
	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// Poller returns the schedule Wait runs, for a backend that keeps many
// pending sign-ins without a goroutine each: it calls PollOnce when
// State().NextPollAt is due (earlier is devicecode.ErrTooEarly, and no
// request), keeps the flow while devicecode.IsPending(err), and saves
// State() to continue with Resume after a restart. PollOnce and Wait yield
// Wait's token and word errors like Wait. dc must come from Start.
func (c *Client) Poller(dc *normalize.DeviceCode) (*devicecode.Poller[*oauth2.Token], error) {
	return c.flow.Poller(dc)
}

// Resume continues a flow from a State saved earlier (Poller.State, e.g.
// stored as JSON), with its interval, expiry and next due time.
func (c *Client) Resume(st devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
	return c.flow.Resume(st)
}
