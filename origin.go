package devicecode

import (
	"fmt"
	"time"

	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Origin is where a flow belongs: the server that issued its device code
// and the client it was issued to. A device code is a bearer secret, good
// at that server only; a State resumed elsewhere would hand it to another
// server. Vendor packages set it (WithOrigin), and Client.Resume
// (ResumeFlow) refuses a State of another origin before any request. It
// holds no secret.
type Origin struct {
	// Instance is the server: a base URL, or an authority and tenant.
	Instance string `json:"instance"`
	// Tenant scopes the flow within the instance where the vendor has
	// such a thing beside the URL (a Microsoft 365 domain); often empty.
	Tenant string `json:"tenant,omitempty"`
	// ClientID is the OAuth client the code was issued to; empty where the
	// vendor brokers the sign-in with its own (Cohesity, Veeam).
	ClientID string `json:"client_id,omitempty"`
}

// String shows the origin for messages; its parts come from the caller's
// configuration or a saved State, so they are shown sanitized.
func (o Origin) String() string {
	s := safetext.Show(hostname.URL(o.Instance)) // a saved State may carry anything
	if o.Instance == "" {
		s = "no recorded server"
	}
	if o.Tenant != "" {
		s += " tenant " + safetext.Show(o.Tenant)
	}
	if o.ClientID != "" {
		s += " client " + safetext.Show(o.ClientID)
	}
	return s
}

// WithOrigin records where the Poller's flow belongs: NewPoller writes it
// into the State, ResumeFlow (Client.Resume) refuses a State of any other origin (a
// *StateError for the member "origin").
func WithOrigin(o Origin) Option { return func(opts *Options) { opts.Origin = o } }

// checkResumable refuses a State the schedule cannot keep within the
// code's lifetime, or that belongs to another origin than want.
func checkResumable(st *State, want Origin) error {
	bad := func(field, format string, a ...any) error {
		return &StateError{Vendor: st.DeviceCode.Vendor, Field: field, Reason: fmt.Sprintf(format, a...)}
	}
	switch {
	case st.ExpiresAt.IsZero():
		return bad("/expires_at", "missing: a flow must know when its code expires")
	case !st.DeviceCode.ExpiresAt.IsZero() && st.ExpiresAt.After(st.DeviceCode.ExpiresAt):
		return bad("/expires_at", "later than the device code's own expiry (%s)", st.DeviceCode.ExpiresAt.UTC().Format(time.RFC3339))
	case st.Origin != want:
		return bad("/origin", "the flow belongs to %s, not to this client's %s", st.Origin, want)
	}
	return nil
}
