package veeam

import (
	"context"
	"fmt"
	"net/http"

	"github.com/devicecode/devicecode"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/normalize"
)

// check is one poll. "authenticated": false (or absent) is pending; a 2xx
// body that is an error answer (errorCode) ends the flow. An
// error answer after the code's lifetime is the code's expiry (UNVERIFIED:
// VB365 may answer false or an error then; Config.KeepCheckErrors keeps
// the error); before it, transient statuses are retried and others end the
// flow, unless Config.PendingCheckErrors makes a 400 mean pending.
func (c *Client) check(ctx context.Context, dc *normalize.DeviceCode) (string, error) {
	resp, body, err := c.call(ctx, func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) { //nolint:bodyclose // c.call has read and closed the body
		return api.OrganizationCheckDeviceCode(ctx, veeamgen.RESTCheckDeviceCode{UserCode: dc.UserCode}, auth)
	})
	if err != nil {
		return "", err
	}
	now := c.s.Clock.Now()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := readError(resp, body, now, c.mask)
		expired := !now.Before(dc.ExpiresAt)
		switch {
		case devicecode.IsTransient(e):
		case expired && !c.cfg.KeepCheckErrors:
			return "", fmt.Errorf("%w (the server's answer: %v)", devicecode.ErrExpiredToken, e) //nolint:errorlint // described, not wrapped: one outcome, not two
		case !expired && c.cfg.PendingCheckErrors && resp.StatusCode == http.StatusBadRequest:
			return "", fmt.Errorf("%w (the server's answer: %v)", devicecode.ErrAuthorizationPending, e) //nolint:errorlint // as above
		}
		return "", e
	}
	if err := errorIn2xx(resp, body, now, c.mask); err != nil {
		return "", err
	}
	ok, err := authenticated(body)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", devicecode.ErrAuthorizationPending
	}
	return dc.UserCode, nil
}

func authenticated(body []byte) (bool, error) {
	var a struct {
		Authenticated *bool `json:"authenticated"`
	}
	if err := decodeAnswer(body, &a, jsonstrict.FoldTop, "check answer"); err != nil {
		return false, err
	}
	return a.Authenticated != nil && *a.Authenticated, nil
}
