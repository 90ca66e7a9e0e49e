// Package shared is what every `devicecode login VENDOR` shares: the flags
// under the same names (Options, and OAuth for the vendors that hand the
// token to the CLI), and Run, the one sign-in on devicecode's contract —
// the client built from the flags, Start, the prompt, Wait under
// --timeout — before the vendor's own completion steps and output.
package shared

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// Options are the flags every login command has.
type Options struct {
	Output     *cmdutil.Choice // -o, --output text|json
	Timeout    time.Duration   // --timeout
	Open       bool            // --open
	AllowHosts []string        // --allow-verification-host
}

// AddFlags defines the flags on c. outputs says what each output holds
// ("text (…) or json (…)"); hostsOwner whose hosts a verification URI is
// accepted on without --allow-verification-host.
func (o *Options) AddFlags(c *cobra.Command, outputs, hostsOwner string) {
	o.Output = cmdutil.NewChoice("text", "text", "json")
	cmdutil.ChoiceVar(c, o.Output, "output", "o", outputs)
	fs := c.Flags()
	fs.DurationVar(&o.Timeout, "timeout", 0, "give up after `DURATION` (e.g. 2m); 0 waits until the code expires")
	fs.BoolVar(&o.Open, "open", false, "open the verification page in a browser: the command $DEVICECODE_BROWSER or $BROWSER names (the URL its last argument), else the default one")
	fs.StringArrayVar(&o.AllowHosts, "allow-verification-host", nil,
		"also accept a verification URI on `HOST`, beyond "+hostsOwner+" (repeatable)")
}

// CheckHosts refuses what is not a host name: a URL would never match,
// and the user would not learn why the policy still refuses.
func CheckHosts(hosts []string) error {
	for _, h := range hosts {
		switch {
		case h == "":
			return cmdutil.Usagef("--allow-verification-host needs a host name")
		case strings.ContainsAny(h, "/ \t@?#"):
			return cmdutil.Usagef("--allow-verification-host %q: want a host name such as gitlab.example.com, not a URL", h)
		}
	}
	return nil
}
