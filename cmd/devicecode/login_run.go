package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/normalize"
)

// observeFunc receives the polling events (devicecode.WithObserver).
type observeFunc = func(context.Context, devicecode.Event)

// runLogin is `devicecode login gitlab|microsoft` once the flags are
// checked.
func runLogin(ctx context.Context, a *loginArgs, s stdio) error {
	ui := newStatusLine(s)
	c, err := a.client(observer(ui))
	if err != nil {
		return a.configUsage(err)
	}
	ctx, cancel := withTimeout(ctx, a.timeout)
	defer cancel()
	out, err := signIn(ctx, c, ui, a.open)
	if err != nil {
		return &flowError{err: hostHint(timeoutCause(ctx, err))}
	}
	if err := writeToken(s.out, a, out.Token); err != nil {
		return &flowError{err: fmt.Errorf("writing output: %w", err)}
	}
	return nil
}

// signIn is every vendor's sign-in, on the contract: Start, show the
// flow's prompt (and open the page with --open), then Wait with the
// countdown running. The status line is cleared before signIn returns,
// whatever ended the wait.
func signIn(ctx context.Context, c devicecode.Client, ui *statusLine, open bool) (*devicecode.Outcome, error) {
	fl, err := c.Start(ctx)
	if err != nil {
		return nil, err
	}
	p := fl.Prompt()
	showPrompt(ui, p)
	if open {
		openPage(ui, p)
	}
	stop := waiting(ui, p.ExpiresAt)
	defer stop()
	return fl.Wait(ctx)
}

// hostHint names the flag that lets a refused verification host through,
// for a person who knows the host is theirs (a custom domain, an Entra
// External ID tenant), in the ASCII form the flag takes. A name that mixes
// scripts, or has no ASCII form, gets a warning instead: it is built to
// pass for another, and the flag is no fix for that.
func hostHint(err error) error {
	var he *normalize.HostError
	if !errors.As(err, &he) {
		return err
	}
	switch n := (hostname.Name{ASCII: he.Host, Scripts: he.MixedScripts}); {
	case n.Mixed():
		return fmt.Errorf("%w; do not sign in there: the page may pose as another site", err)
	case n.Escaped():
		return fmt.Errorf("%w; do not sign in there: its name is not a valid host name", err)
	}
	return fmt.Errorf("%w; only if you know and trust %s, pass --allow-verification-host %s", err, he.Host, he.Host)
}

// timeoutError is the cause of a context ended by --timeout.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("--timeout %s elapsed before the sign-in completed", e.d)
}

// withTimeout applies --timeout; 0 leaves the code's own expiry as the
// only limit.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, &timeoutError{d: d})
}

// timeoutCause says that --timeout ended the flow. The engine words a
// wait it stopped by the context's cause; a request cut short says only
// "context deadline exceeded", so the cause is added, keeping the vendor
// and the operation in front.
func timeoutCause(ctx context.Context, err error) error {
	var te *timeoutError
	if errors.Is(err, context.DeadlineExceeded) && errors.As(context.Cause(ctx), &te) && !errors.Is(err, te) {
		return fmt.Errorf("%w (%w)", err, te)
	}
	return err
}
