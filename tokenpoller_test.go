package devicecode_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/normalize"
)

// tokenPoller is the smallest PollFunc for a standard RFC 8628 §3.4 token
// endpoint (a public client), built from the engine's exported pieces the
// way a vendor package builds its own: one request, then
// ParseTokenResponse.
type tokenPoller struct {
	TokenURL   string
	ClientID   string
	HTTPClient *http.Client
	Clock      clock.Clock
}

func (tp *tokenPoller) PollFunc(dc *normalize.DeviceCode) devicecode.PollFunc[*oauth2.Token] {
	code := dc.DeviceCode
	return func(ctx context.Context) (*oauth2.Token, error) { return tp.Poll(ctx, code) }
}

func (tp *tokenPoller) Poll(ctx context.Context, deviceCode string) (*oauth2.Token, error) {
	form := url.Values{"grant_type": {devicecode.GrantType}, "device_code": {deviceCode}, "client_id": {tp.ClientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tp.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hc := http.Client{}
	if tp.HTTPClient != nil {
		hc = *tp.HTTPClient
	}
	// As the vendor packages' client: a redirect is an answer, not followed.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	now := clock.System().Now()
	if tp.Clock != nil {
		now = tp.Clock.Now()
	}
	return devicecode.ParseTokenResponse(resp, body, now)
}
