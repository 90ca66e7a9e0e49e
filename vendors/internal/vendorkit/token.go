package vendorkit

import (
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/deviceflow"
)

// ReadBody reads and closes a response body. The doer built by
// deviceflow.NewHTTPClient caps it, so an oversized body fails here with
// deviceflow.ErrResponseTooLarge.
func ReadBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	return body, nil
}

// ReadToken turns a token endpoint answer into a token or a classified
// error (deviceflow.ParseTokenResponse). clock dates the expiry.
func ReadToken(resp *http.Response, clock clock.Clock) (*oauth2.Token, error) {
	body, err := ReadBody(resp)
	if err != nil {
		return nil, err
	}
	return deviceflow.ParseTokenResponse(resp, body, clock.Now())
}
