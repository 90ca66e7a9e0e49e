package veeam

import (
	"context"
	"net/http"

	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// send issues one generated operation with the given request editor (the
// bearer token).
type send func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error)

// call runs op with a valid bearer token and, when the server answers 401
// (a token revoked or outlived on the server), signs in again once and
// repeats it. It returns the last answer and its body, whatever the status.
func (c *Client) call(ctx context.Context, op send) (*http.Response, []byte, error) {
	api, v, err := c.client(ctx)
	if err != nil {
		return nil, nil, err
	}
	tok, err := c.bearer(ctx, api, v)
	if err != nil {
		return nil, nil, step(opLogin, err)
	}
	resp, body, err := c.once(ctx, api, op, tok)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, body, err
	}
	if tok, err = c.relogin(ctx, api, v, tok); err != nil {
		return nil, nil, step(opLogin, err)
	}
	return c.once(ctx, api, op, tok)
}

func (c *Client) once(ctx context.Context, api *veeamgen.Client, op send, tok string) (*http.Response, []byte, error) {
	auth := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
	resp, err := op(ctx, api, auth)
	if err != nil {
		return nil, nil, err
	}
	body, err := vendorkit.ReadBody(resp)
	if err != nil {
		return nil, nil, err
	}
	return resp, body, nil
}
