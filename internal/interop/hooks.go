package interop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ErrUnknownUserCode is returned by Approve and Deny for a user code the
// server never issued.
var ErrUnknownUserCode = errors.New("interop: unknown user code")

// HookError is a test hook's unexpected answer.
type HookError struct {
	Hook       string // "approve" or "deny"
	StatusCode int
	Body       string
}

func (e *HookError) Error() string {
	return fmt.Sprintf("interop: %s hook: HTTP %d: %s", e.Hook, e.StatusCode, e.Body)
}

// Approve completes the device authorization for userCode as Subject, as
// if a person had signed in on the verification page and consented.
func (s *Server) Approve(ctx context.Context, userCode string) error {
	return s.hook(ctx, "approve", userCode)
}

// Deny declines the device authorization for userCode; the client's next
// poll gets access_denied.
func (s *Server) Deny(ctx context.Context, userCode string) error {
	return s.hook(ctx, "deny", userCode)
}

func (s *Server) hook(ctx context.Context, name, userCode string) error {
	form := url.Values{"user_code": {userCode}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.BaseURL+"/test/"+name,
		strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.http.Do(req)
	if err != nil {
		return fmt.Errorf("interop: %s hook: %w", name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch resp.StatusCode {
	case http.StatusNoContent:
		return nil
	case http.StatusNotFound:
		return fmt.Errorf("%w %q", ErrUnknownUserCode, userCode)
	}
	return &HookError{Hook: name, StatusCode: resp.StatusCode, Body: strings.TrimSpace(string(body))}
}
