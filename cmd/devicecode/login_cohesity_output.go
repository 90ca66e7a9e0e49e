package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// cohesityOutput is --output json for `login cohesity`.
type cohesityOutput struct {
	AccessToken  string           `json:"access_token"`
	ExpiresIn    int64            `json:"expires_in,omitempty"`
	Applications []cohesityAppOut `json:"applications,omitempty"`
}

type cohesityAppOut struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// writeCohesity prints the result on stdout: the token and the
// application secrets only when --output json asks for them.
func writeCohesity(w io.Writer, a *cohesityArgs, tok *oauth2.Token, apps []cohesity.AppCredentials) error {
	if a.output.value == "json" {
		out := cohesityOutput{AccessToken: tok.AccessToken, ExpiresIn: tok.ExpiresIn}
		for _, app := range apps {
			out.Applications = append(out.Applications, cohesityAppOut{ClientID: app.ClientID, ClientSecret: string(app.ClientSecret)})
		}
		b, err := json.MarshalIndent(out, "", "  ") //nolint:gosec // G117: --output json asks for the token and secrets
		if err != nil {
			return err
		}
		// The values are the server's: C1 and bidi characters become \u escapes.
		_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
		return err
	}
	line := fmt.Sprintf("signed in to cohesity for %s: access token (redacted)%s", safetext.Show(a.domain), expiresIn(tok))
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
