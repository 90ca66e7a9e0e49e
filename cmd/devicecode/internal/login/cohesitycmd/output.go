package cohesitycmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// output is --output json for `login cohesity`.
type output struct {
	AccessToken  string      `json:"access_token"`
	ExpiresIn    int64       `json:"expires_in,omitempty"`
	Applications []appOutput `json:"applications,omitempty"`
}

type appOutput struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// write prints the result on stdout: the token and the application
// secrets only when --output json asks for them.
func (o *Options) write(w io.Writer, r result) error {
	tok, apps := r.token, r.apps
	if o.Output.Value == "json" {
		out := output{AccessToken: tok.AccessToken, ExpiresIn: tok.ExpiresIn}
		for _, app := range apps {
			out.Applications = append(out.Applications, appOutput{ClientID: app.ClientID, ClientSecret: string(app.ClientSecret)})
		}
		return cmdutil.WriteJSON(w, out) // --output json asks for the token and secrets
	}
	line := fmt.Sprintf("signed in to cohesity for %s: access token (redacted)%s", safetext.Show(o.domain), cmdutil.ExpiresIn(tok))
	if len(apps) > 0 {
		ids := make([]string, len(apps))
		for i, app := range apps {
			ids[i] = safetext.Show(app.ClientID)
		}
		line += fmt.Sprintf("; %d Azure applications created, client ids %s (secrets: --output json)", len(apps), strings.Join(ids, ", "))
	}
	_, err := fmt.Fprintln(w, line)
	return err
}
