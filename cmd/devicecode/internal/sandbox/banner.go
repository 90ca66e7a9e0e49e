package sandbox

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
)

// banner is what the sandbox prints on start: where each fake is and the
// commands to sign in to it and to decide, which work pasted as printed.
type banner struct {
	sb     *devicetest.Sandbox
	cli    []string // how to run the CLI (invocation)
	caFile string   // --tls: the CA certificate's file; "" for http
	cols   int      // the width the lines fit in
}

// bannerWidth is stdout's terminal width, 80 columns when it is none.
func bannerWidth(s *cmdutil.IOStreams) int {
	if w, ok := s.OutTerminalWidth(); ok {
		return w
	}
	return cmdutil.HelpWidth
}

func (b banner) write(w io.Writer) error {
	var l []string
	l = append(l, "devicecode sandbox on "+b.sb.URL+" until Ctrl-C; it logs each sign-in on stderr.")
	if b.caFile != "" {
		l = append(l, "The CA of its certificate, made for this run and valid for a day:", "  "+shellQuote(b.caFile),
			"Clients trust it with SSL_CERT_FILE (Go programs on Linux; the commands below do) or REQUESTS_CA_BUNDLE (Python).")
	}
	l = append(l, "Sign in from another terminal in this directory:")
	for _, v := range normalize.Vendors() {
		if base, ok := b.sb.URLs[v]; ok {
			l = append(l, "", fmt.Sprintf("%-10s %s", v, base))
			l = append(l, b.login(v, base).lines(2, b.cols)...)
		}
	}
	l = append(l, "", "Then approve on the page the login shows (in a browser), or with the code it shows (deny declines):")
	l = append(l, b.decide().lines(2, b.cols)...)
	_, err := fmt.Fprintln(w, cmdutil.Wrap(strings.Join(l, "\n"), b.cols))
	return err
}

// run is the CLI's words and args as one unit, after the environment the
// command needs (the CA file under --tls).
func (b banner) run(envs [][]string, args ...string) shellCmd {
	var c shellCmd
	if b.caFile != "" {
		c = append(c, env("SSL_CERT_FILE", b.caFile))
	}
	c = append(c, envs...)
	return append(c, words(append(append([]string(nil), b.cli...), args...)...))
}

// login is a login command line that works against the fake.
func (b banner) login(v normalize.Vendor, base string) shellCmd {
	switch v {
	case normalize.GitLab:
		return append(b.run(nil, "login", "gitlab"), words("--base-url", base), words("--client-id", "any"))
	case normalize.Microsoft:
		return append(b.run(nil, "login", "microsoft"), words("--authority-host", base),
			words("--tenant", "organizations"), words("--client-id", "any"), words("--scope", "User.Read"))
	case normalize.Cohesity:
		return append(b.run([][]string{env("DEVICECODE_COHESITY_API_KEY", devicetest.CohesityAPIKey)}, "login", "cohesity"),
			words("--base-url", base), words("--domain", "contoso.onmicrosoft.com"), trustPage(base),
			// Cohesity documents no error for a refusal; the fake's is
			// this one, so that deny ends the login at once.
			words("--declined-error", devicetest.CohesityDeniedCode))
	case normalize.Veeam:
		return append(b.run([][]string{env("DEVICECODE_VEEAM_PASSWORD", devicetest.SandboxVeeamPassword)}, "login", "veeam"),
			words("--base-url", base), words("--username", devicetest.SandboxVeeamUser), words("--new-organization"), trustPage(base))
	}
	return b.run(nil, "login", string(v), "--help")
}

// trustPage lets a brokered login accept the sandbox's Microsoft page:
// the sandbox's Cohesity and Veeam fakes send the person there, on the
// sandbox's host, where a client accepts only Microsoft's hosts unless
// told otherwise.
func trustPage(base string) []string {
	u, err := url.Parse(base)
	if err != nil {
		return nil
	}
	return words("--allow-verification-host", u.Hostname())
}

// decide is the approve command line for this sandbox: --addr unless it
// is the default, --tls with the CA under --tls.
func (b banner) decide() shellCmd {
	c := b.run(nil, "sandbox", "approve")
	u, err := url.Parse(b.sb.URL)
	if err == nil && u.Host != defaultSandboxAddr {
		c = append(c, words("--addr", u.Host))
	}
	if b.caFile != "" {
		c = append(c, words("--tls"))
	}
	return append(c, words("CODE"))
}
