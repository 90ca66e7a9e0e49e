package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// veeamResult is --output json.
type veeamResult struct {
	UserCode      string              `json:"user_code"`
	Authenticated bool                `json:"authenticated"`
	APIVersion    string              `json:"api_version"`
	Applications  []veeam.Application `json:"applications,omitempty"`
}

// runVeeam is `devicecode login veeam` once the flags are checked.
func runVeeam(ctx context.Context, a *veeamArgs, s stdio) error {
	ui := newStatusLine(s)
	c, err := a.client(observer(ui))
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, a.timeout)
	defer cancel()
	res, err := a.login(ctx, c, ui)
	if err != nil {
		return &flowError{err: hostHint(timeoutCause(ctx, err))}
	}
	if err := writeVeeam(s.out, a, res); err != nil {
		return &flowError{err: fmt.Errorf("writing output: %w", err)}
	}
	return nil
}

func (a *veeamArgs) client(observe observeFunc) (*veeam.Client, error) {
	var caPEM []byte
	if a.caFile != "" {
		pem, err := os.ReadFile(a.caFile)
		if err != nil {
			return nil, usagef("--ca-file: %v", err)
		}
		caPEM = pem
	}
	opts := []devicecode.Option{devicecode.WithObserver(observe), devicecode.WithVerificationHosts(a.allowHosts...)}
	c, err := veeam.New(veeam.Config{BaseURL: a.baseURL, Username: a.username, Password: devicecode.Secret(a.password),
		Target: a.target(), APIVersion: veeam.Version(a.apiVersion.value), CAPEM: caPEM},
		append(opts, veeamOptions...)...)
	if err != nil {
		return nil, a.configUsage(err)
	}
	return c, nil
}

func (a *veeamArgs) target() veeam.Target {
	switch {
	case a.orgID != "":
		return veeam.ExistingOrganization(a.orgID)
	case a.restoreSession != "":
		return veeam.RestoreSession(a.restoreSession)
	}
	return veeam.NewOrganization(veeam.Region(a.region.value))
}

// login runs the flow, prompting on stderr, and spends the code on
// applications when asked.
func (a *veeamArgs) login(ctx context.Context, c *veeam.Client, ui *statusLine) (*veeamResult, error) {
	out, err := signIn(ctx, c, ui, a.open)
	if err != nil {
		return nil, err
	}
	v, err := c.APIVersion(ctx)
	if err != nil {
		return nil, err
	}
	res := &veeamResult{UserCode: out.UserCode, Authenticated: true, APIVersion: string(v)}
	if a.createApps > 0 {
		if res.Applications, err = c.CreateApplications(ctx, a.orgID, a.displayName, out.UserCode, a.createApps); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func writeVeeam(w io.Writer, a *veeamArgs, r *veeamResult) error {
	if a.output.value == "json" {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
		return err
	}
	if _, err := fmt.Fprintf(w, "signed in through veeam (%s): user code %s is authenticated\n",
		r.APIVersion, safetext.Show(r.UserCode)); err != nil {
		return err
	}
	for _, app := range r.Applications {
		if _, err := fmt.Fprintf(w, "created application %s %s\n", safetext.Show(app.ID), safetext.Show(app.DisplayName)); err != nil {
			return err
		}
	}
	return nil
}
