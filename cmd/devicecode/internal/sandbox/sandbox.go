// Package sandbox is `devicecode sandbox`: the vendors' fakes on loopback
// until interrupted, and `sandbox approve|deny CODE`, the person in the
// browser, from another terminal.
package sandbox

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/loopback"
	"github.com/devicecode/devicecode/internal/safetext"
)

// defaultSandboxAddr is fixed rather than 0, so that `sandbox approve`
// finds a sandbox started with the defaults.
const defaultSandboxAddr = "127.0.0.1:7878"

// NewCmd is `devicecode sandbox` with its approve and deny commands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	var o options
	c := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the vendors' fakes on loopback until interrupted",
		Long: `Runs devicecode's faithful fakes of the vendors (package devicetest) on one
loopback address until interrupted, and prints each vendor's base URL and a
login command to try against it, as they paste into a shell. A person's
decision is 'devicecode sandbox approve CODE' (or deny) from another
terminal. Each sign-in's progress (code issued, decided, polled, token
issued) is logged on stderr.

--tls serves https, with a certificate signed by a CA made for the run
(valid for a day; its key never leaves memory), whose certificate goes to
--write-ca (default: devicecode/sandbox-PORT-ca.pem in the user's cache
directory). Clients trust it with SSL_CERT_FILE=FILE (Go programs on
Linux, the printed commands) or REQUESTS_CA_BUNDLE=FILE (Python).`,
		Example: `  devicecode sandbox
  # then, in another terminal:
  devicecode login gitlab --base-url http://127.0.0.1:7878/gitlab \
      --client-id any
  devicecode sandbox approve WDJB-MJHT`,
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return run(c, o, f) },
	}
	c.Flags().StringVar(&o.addr, "addr", defaultSandboxAddr, "loopback `HOST:PORT` to listen on (port 0 picks one)")
	c.Flags().BoolVar(&o.tls, "tls", false, "serve https, with a CA made for the run")
	c.Flags().StringVar(&o.writeCA, "write-ca", "", "with --tls, write the CA certificate to `PATH` (default: in the user's cache directory)")
	c.AddCommand(newDecideCmd("approve", "Approve a pending sign-in in a running sandbox", f),
		newDecideCmd("deny", "Decline a pending sign-in in a running sandbox", f))
	return c
}

// options are the sandbox command's flags.
type options struct {
	addr, writeCA string
	tls           bool
}

// run serves the fakes on addr until ctx ends (Ctrl-C, SIGTERM).
func run(c *cobra.Command, o options, f *cmdutil.Factory) error {
	addr, err := sandboxAddr(o.addr)
	if err != nil {
		return err
	}
	if o.writeCA != "" && !o.tls {
		return cmdutil.Usagef("--write-ca goes with --tls")
	}
	opts := devicetest.Options{Logger: slog.New(newProgressHandler(f.IO.ErrOut))}
	newSandbox := devicetest.NewSandbox
	if o.tls {
		newSandbox = devicetest.NewSandboxTLS
	}
	sb, err := newSandbox(addr, opts)
	if err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox cannot listen on %s: %w", addr, listenReason(err))}
	}
	defer sb.Close() //nolint:errcheck // on exit after Ctrl-C: nobody reads the listener's close error
	b := banner{sb: sb, cli: invocation(), cols: bannerWidth(f.IO)}
	if o.tls {
		if b.caFile, err = caFile(o.writeCA, sb.URL); err != nil {
			return err
		}
		if err := writeCAFile(b.caFile, sb.CACertificatePEM); err != nil {
			return &cmdutil.FlowError{Err: err}
		}
	}
	if err := b.write(f.IO.Out); err != nil {
		return &cmdutil.FlowError{Err: err}
	}
	<-c.Context().Done() // until Ctrl-C or SIGTERM
	return nil
}

// caFile is --write-ca, made absolute (the printed commands may run
// elsewhere), or the default for the sandbox at root.
func caFile(flag, root string) (string, error) {
	if flag != "" {
		abs, err := filepath.Abs(flag)
		if err != nil {
			return "", cmdutil.Usagef("--write-ca: %v", err)
		}
		return abs, nil
	}
	u, err := url.Parse(root)
	if err != nil {
		return "", &cmdutil.FlowError{Err: err}
	}
	return defaultCAFile(u.Host)
}

// sandboxAddr checks --addr before anything listens: only a malformed
// address is the command line's fault; a port in use is the machine's.
// "LOCALHOST" is spelt as devicetest accepts it.
func sandboxAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if _, perr := strconv.ParseUint(port, 10, 16); err != nil || perr != nil || !loopback.Host(host) {
		return "", cmdutil.Usagef("--addr %s is not a loopback HOST:PORT", safetext.Show(addr))
	}
	if strings.EqualFold(host, "localhost") {
		host = "localhost"
	}
	return net.JoinHostPort(host, port), nil
}

// listenReason is the OS's reason a listen failed ("bind: address already
// in use"), without net.OpError's repetition of the address.
func listenReason(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

func newDecideCmd(verb, short string, f *cmdutil.Factory) *cobra.Command {
	var addr string
	var tls bool
	c := &cobra.Command{
		Use:   verb + " CODE",
		Short: short,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.Usagef("want one user CODE, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			return decide(c.Context(), map[bool]string{false: "http", true: "https"}[tls], addr, verb, args[0], f)
		},
	}
	c.Flags().StringVar(&addr, "addr", defaultSandboxAddr, "`HOST:PORT` of the running sandbox")
	c.Flags().BoolVar(&tls, "tls", false, "the sandbox serves https (sandbox --tls; trust its CA with SSL_CERT_FILE)")
	return c
}

// decideClient talks to the sandbox only: no redirect is followed, and a
// sandbox that does not answer fails in seconds.
var decideClient = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// decide posts the decision to the sandbox's hook, on loopback only: the
// user code is the person's sign-in.
func decide(ctx context.Context, scheme, addr, verb, code string, f *cmdutil.Factory) error {
	if host, _, err := net.SplitHostPort(addr); err != nil || !loopback.Host(host) {
		return cmdutil.Usagef("--addr %s is not a loopback HOST:PORT", safetext.Show(addr))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, scheme+"://"+addr+"/devicetest/"+verb,
		strings.NewReader(url.Values{"user_code": {code}}.Encode()))
	if err != nil {
		return cmdutil.Usagef("%s", safetext.Show(err.Error()))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := decideClient.Do(req)
	var unknownCA x509.UnknownAuthorityError
	if errors.As(err, &unknownCA) {
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: its certificate is not trusted: run with SSL_CERT_FILE=FILE, the CA file the sandbox printed", addr)}
	}
	var dial *net.OpError
	if errors.As(err, &dial) && dial.Op == "dial" { // on loopback: nothing listens
		return &cmdutil.FlowError{Err: fmt.Errorf("no sandbox answers at %s (%w): start the sandbox first, or give this command its --addr", addr, dial.Err)}
	}
	if err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: %w", addr, err)}
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent:
	case http.StatusNotFound:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: no sign-in has the code %s", addr, safetext.Show(code))}
	case http.StatusConflict:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: the code %s was already used: its sign-in was decided", addr, safetext.Show(code))}
	case http.StatusGone:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: the code %s has expired: start the sign-in again", addr, safetext.Show(code))}
	case http.StatusBadRequest: // Go's https server's answer to plain http
		if scheme == "http" {
			return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: it answers https only (sandbox --tls): add --tls", addr)}
		}
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: unexpected answer HTTP %d", addr, resp.StatusCode)}
	default:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: unexpected answer HTTP %d", addr, resp.StatusCode)}
	}
	_, err = fmt.Fprintf(f.IO.Out, "%s %s\n", map[string]string{"approve": "approved", "deny": "denied"}[verb], safetext.Show(code))
	return err
}
