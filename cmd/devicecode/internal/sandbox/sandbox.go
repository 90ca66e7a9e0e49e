// Package sandbox is `devicecode sandbox`: the vendors' fakes on loopback
// until interrupted, and `sandbox approve|deny CODE`, the person in the
// browser, from another terminal.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/loopback"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// defaultSandboxAddr is fixed rather than 0, so that `sandbox approve`
// finds a sandbox started with the defaults.
const defaultSandboxAddr = "127.0.0.1:7878"

// NewCmd is `devicecode sandbox` with its approve and deny commands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	var addr string
	c := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the vendors' fakes on loopback until interrupted",
		Long: `Runs devicecode's faithful fakes of the vendors (package devicetest) on one
loopback address until interrupted, and prints each vendor's base URL and a
login command to try against it. A person's decision is
'devicecode sandbox approve CODE' (or deny) from another terminal.`,
		Example: `  devicecode sandbox
  # then, in another terminal:
  devicecode login gitlab --base-url http://127.0.0.1:7878/gitlab \
      --client-id any
  devicecode sandbox approve WDJB-MJHT`,
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return run(c, addr, f) },
	}
	c.Flags().StringVar(&addr, "addr", defaultSandboxAddr, "loopback `HOST:PORT` to listen on (port 0 picks one)")
	c.AddCommand(newDecideCmd("approve", "Approve a pending sign-in in a running sandbox", f),
		newDecideCmd("deny", "Decline a pending sign-in in a running sandbox", f))
	return c
}

// run serves the fakes on addr until ctx ends (Ctrl-C, SIGTERM).
func run(c *cobra.Command, addr string, f *cmdutil.Factory) error {
	addr, err := sandboxAddr(addr)
	if err != nil {
		return err
	}
	sb, err := devicetest.NewSandbox(addr, devicetest.Options{})
	if err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox cannot listen on %s: %w", addr, listenReason(err))}
	}
	defer sb.Close() //nolint:errcheck // on exit after Ctrl-C: nobody reads the listener's close error
	if err := writeSandbox(f.IO.Out, sb); err != nil {
		return &cmdutil.FlowError{Err: err}
	}
	<-c.Context().Done() // until Ctrl-C or SIGTERM
	return nil
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

// trustPage lets a brokered login accept the sandbox's Microsoft page:
// the sandbox's Cohesity and Veeam fakes send the person there, on the
// sandbox's host, where a client accepts only Microsoft's hosts unless
// told otherwise.
func trustPage(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return " --allow-verification-host " + u.Hostname()
}

// writeSandbox prints where each fake is and how to sign in to it.
func writeSandbox(w io.Writer, sb *devicetest.Sandbox) error {
	lines := []string{"devicecode sandbox on " + sb.URL + " (Ctrl-C stops it)"}
	for _, v := range normalize.Vendors() {
		if base, ok := sb.URLs[v]; ok {
			lines = append(lines, fmt.Sprintf("  %-10s %s", v, base), "    try: "+sandboxLogin(v, base))
		}
	}
	lines = append(lines, "decide: devicecode sandbox approve CODE (or deny CODE)")
	_, err := fmt.Fprintln(w, strings.Join(lines, "\n"))
	return err
}

// sandboxLogin is a login command line that works against the fake.
func sandboxLogin(v normalize.Vendor, base string) string {
	switch v {
	case normalize.GitLab:
		return "devicecode login gitlab --base-url " + base + " --client-id any"
	case normalize.Microsoft:
		return "devicecode login microsoft --authority-host " + base + " --tenant organizations --client-id any --scope User.Read"
	case normalize.Cohesity:
		return "DEVICECODE_COHESITY_API_KEY=" + devicetest.CohesityAPIKey + " devicecode login cohesity --base-url " + base +
			" --domain contoso.onmicrosoft.com" + trustPage(base)
	case normalize.Veeam:
		return "DEVICECODE_VEEAM_PASSWORD=" + devicetest.SandboxVeeamPassword + " devicecode login veeam --base-url " + base +
			" --username " + devicetest.SandboxVeeamUser + " --new-organization" + trustPage(base)
	}
	return "devicecode login " + string(v) + " --help"
}

func newDecideCmd(verb, short string, f *cmdutil.Factory) *cobra.Command {
	var addr string
	c := &cobra.Command{
		Use:   verb + " CODE",
		Short: short,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.Usagef("want one user CODE, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return decide(c.Context(), addr, verb, args[0], f) },
	}
	c.Flags().StringVar(&addr, "addr", defaultSandboxAddr, "`HOST:PORT` of the running sandbox")
	return c
}

// decideClient talks to the sandbox only: no redirect is followed, and a
// sandbox that does not answer fails in seconds.
var decideClient = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// decide posts the decision to the sandbox's hook, on loopback only: the
// user code is the person's sign-in.
func decide(ctx context.Context, addr, verb, code string, f *cmdutil.Factory) error {
	if host, _, err := net.SplitHostPort(addr); err != nil || !loopback.Host(host) {
		return cmdutil.Usagef("--addr %s is not a loopback HOST:PORT", safetext.Show(addr))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/devicetest/"+verb,
		strings.NewReader(url.Values{"user_code": {code}}.Encode()))
	if err != nil {
		return cmdutil.Usagef("%s", safetext.Show(err.Error()))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := decideClient.Do(req)
	if err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: %w", addr, err)}
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent:
	case http.StatusNotFound:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: no pending sign-in has the code %s", addr, safetext.Show(code))}
	default:
		return &cmdutil.FlowError{Err: fmt.Errorf("sandbox at %s: unexpected answer HTTP %d", addr, resp.StatusCode)}
	}
	_, err = fmt.Fprintf(f.IO.Out, "%s %s\n", map[string]string{"approve": "approved", "deny": "denied"}[verb], safetext.Show(code))
	return err
}
