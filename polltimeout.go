package devicecode

import (
	"context"
	"time"
)

// expiryGrace lets the final poll, sent at expiry, still get its answer.
const expiryGrace = 5 * time.Second

// pollContext bounds one poll request by the poll timeout and by the
// code's remaining lifetime (in real time: the request's wait is on the
// network, whatever the flow's clock says).
func (p *Poller[T]) pollContext(ctx context.Context) (context.Context, context.CancelFunc) {
	left := remaining(p.State(), p.cfg.Clock.Now()) + expiryGrace
	limit := p.cfg.PollTimeout
	if limit <= 0 || left < limit {
		limit = left
	}
	return context.WithTimeout(ctx, limit)
}
