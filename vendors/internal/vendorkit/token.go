package vendorkit

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/normalize"
)

// ReadBody reads and closes a response body. The doer built by
// NewHTTPClient caps it, so an oversized body fails here with
// devicecode.ErrResponseTooLarge.
func ReadBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	var body []byte
	var err error
	if n := resp.ContentLength; n >= 0 && n <= normalize.MaxBodyBytes {
		body, err = readSized(resp.Body, n)
	} else {
		body, err = io.ReadAll(resp.Body)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	return body, nil
}

// readSized reads a body that declares its size in one allocation of that
// size, where io.ReadAll starts at 512 bytes (a pending answer is a fifth
// of that) and grows. A body longer than declared is read on regardless.
func readSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size+1) // one byte more: room for the read that meets EOF
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			rest, err := io.ReadAll(r)
			return append(b, rest...), err
		}
	}
}

// ReadToken turns a token endpoint answer into a token or a classified
// error (devicecode.ParseTokenResponse). clock dates the expiry.
func ReadToken(resp *http.Response, clock clock.Clock) (*oauth2.Token, error) {
	body, err := ReadBody(resp)
	if err != nil {
		return nil, err
	}
	return devicecode.ParseTokenResponse(resp, body, clock.Now())
}
