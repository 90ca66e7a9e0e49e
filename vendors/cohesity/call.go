package cohesity

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// fail is every error the package returns: one prefix naming the vendor
// and the operation ("cohesity: waiting for approval: …"), the login when
// it was the login that failed.
func fail(op string, err error) error {
	var le *loginError
	if errors.As(err, &le) {
		op = opLogin
	}
	return fmt.Errorf("cohesity: %s: %w", op, err)
}

// read reads one answer: its body on 201, else an *Error.
func (c *Client) read(resp *http.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	body, err := vendorkit.ReadBody(resp)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusCreated {
		return nil, newError(resp, body, c.settings.Clock.Now(), c.mask)
	}
	return body, nil
}

// decode reads a 201 answer into out, refusing a member sent twice.
func (c *Client) decode(resp *http.Response, err error, out any) error {
	body, err := c.read(resp, err)
	if err != nil {
		return err
	}
	return unmarshal(body, out)
}

func unmarshal(body []byte, out any) error {
	// Folded at every depth: the app credentials are a list of structs.
	err := jsonstrict.Unmarshal(bytes.TrimSpace(body), out, jsonstrict.FoldAll)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return fmt.Errorf("%w: the answer has the member %s twice", devicecode.ErrInvalidResponse, safetext.Show(dup.Pointer))
	}
	if err != nil {
		return fmt.Errorf("%w: the 201 answer is not the documented JSON: %s", devicecode.ErrInvalidResponse, safetext.Show(err.Error()))
	}
	return nil
}

// routing is the Helios headers of the config; nil sends none.
func (c *Client) routing() (*int64, *string) {
	var id *int64
	var region *string
	if c.cfg.AccessClusterID != 0 {
		id = &c.cfg.AccessClusterID
	}
	if c.cfg.RegionID != "" {
		region = &c.cfg.RegionID
	}
	return id, region
}

func showQuoted(s string) string { return fmt.Sprintf("%q", safetext.Show(s)) }
