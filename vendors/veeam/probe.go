package veeam

import (
	"context"
	"fmt"
	"net/http"

	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// probe finds the newest version the server serves: GET /vN/ServiceInstance
// answers 200, or 401/403 without a token, where vN exists and 404 where
// it does not. Any other answer stops the probe: guessing past a 500 or a
// proxy page could pick a version the server does not speak.
func (c *Client) probe(ctx context.Context) (Version, error) {
	for _, v := range Versions {
		api, err := c.generated(v)
		if err != nil {
			return "", err
		}
		resp, err := api.ServiceInstanceGet(ctx) //nolint:bodyclose // vendorkit.ReadBody closes it
		if err != nil {
			return "", err
		}
		body, err := vendorkit.ReadBody(resp)
		if err != nil {
			return "", err
		}
		switch resp.StatusCode {
		case http.StatusOK, http.StatusUnauthorized, http.StatusForbidden:
			return v, nil
		case http.StatusNotFound:
			continue
		}
		return "", fmt.Errorf("GET /%s/ServiceInstance: %w", v, readError(resp, body, c.s.Clock.Now(), c.mask))
	}
	return "", ErrNoVersion
}
