package shared

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/prompt"
	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/normalize"
)

// Run is a login once its flags are checked, the same for every vendor:
// client builds the vendor's devicecode.Client from the flags (its error
// is the command line's: a usage error naming the flag), the sign-in runs
// on the contract with the prompt on stderr and --timeout, complete runs
// the vendor's own steps on the Outcome, and write prints the result on
// stdout.
func Run[C devicecode.Client, R any](ctx context.Context, f *cmdutil.Factory, o *Options,
	client func(opts ...devicecode.Option) (C, error),
	complete func(ctx context.Context, c C, out *devicecode.Outcome) (R, error),
	write func(w io.Writer, r R) error) error {
	ui := prompt.NewStatusLine(f.IO)
	c, err := client(clientOptions(f, ui, o.AllowHosts)...)
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, o.Timeout)
	defer cancel()
	out, err := signIn(ctx, c, ui, pageOpener(o.Open, f))
	if err != nil {
		return &cmdutil.FlowError{Err: hostHint(timeoutCause(ctx, err))}
	}
	r, err := complete(ctx, c, out)
	if err != nil {
		return &cmdutil.FlowError{Err: timeoutCause(ctx, err)}
	}
	if err := write(f.IO.Out, r); err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("writing output: %w", err)}
	}
	return nil
}

// clientOptions are the options of every vendor client login builds:
// the polling events shown on ui, the hosts --allow-verification-host
// adds, and the Factory's own.
func clientOptions(f *cmdutil.Factory, ui *prompt.StatusLine, allowHosts []string) []devicecode.Option {
	return append([]devicecode.Option{devicecode.WithObserver(prompt.Observer(ui)),
		devicecode.WithVerificationHosts(allowHosts...)}, f.ClientOptions...)
}

// browserFunc opens a URL in a browser (cmdutil.Factory.Browser).
type browserFunc = func(url string, stderr io.Writer) error

// pageOpener is the browser to open the page in: none without --open.
func pageOpener(open bool, f *cmdutil.Factory) browserFunc {
	if !open {
		return nil
	}
	return f.Browser
}

// signIn is every vendor's sign-in, on the contract: Start, show the
// flow's prompt (and open the page in browser, for --open), then Wait with
// the countdown running. The status line is cleared before signIn
// returns, whatever ended the wait.
func signIn(ctx context.Context, c devicecode.Client, ui *prompt.StatusLine, browser browserFunc) (*devicecode.Outcome, error) {
	fl, err := c.Start(ctx)
	if err != nil {
		return nil, err
	}
	p := fl.Prompt()
	prompt.Show(ui, p, time.Now()) // the expiry in local time
	if browser != nil {
		prompt.Open(ui, p, browser)
	}
	stop := prompt.Waiting(ui, p.ExpiresAt)
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
