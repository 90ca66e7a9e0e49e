package cohesitycmd

import (
	"errors"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// check finds what the flag parser cannot, then reads the files and the
// key, in the order a person fixes things.
func (o *Options) check() error {
	switch {
	case o.baseURL == "":
		return cmdutil.Usagef("--base-url is required")
	case o.domain == "":
		return cmdutil.Usagef("--domain is required")
	case o.Timeout < 0:
		return cmdutil.Usagef("--timeout must not be negative")
	case o.clusterID < 0:
		return cmdutil.Usagef("--access-cluster-id must not be negative")
	case o.createApps < 0:
		return cmdutil.Usagef("--create-apps must not be negative")
	case o.createApps > 0 && o.m365User == "":
		return cmdutil.Usagef("--create-apps N needs --m365-user USER")
	case o.createApps == 0 && o.m365User != "":
		return cmdutil.Usagef("--m365-user goes with --create-apps N")
	case o.createApps == 0 && o.region.Value != "":
		return cmdutil.Usagef("--region goes with --create-apps N")
	}
	if err := shared.CheckHosts(o.AllowHosts); err != nil {
		return err
	}
	key, _, err := apiKey.Read(o.keyFile)
	switch {
	case err != nil:
		return err
	case key == "":
		return apiKey.Required()
	}
	o.apiKey = key
	o.caPEM, err = shared.ReadCAFile(o.caFile)
	return err
}

// configUsage turns a *cohesity.ConfigError into a usage error naming the
// flag; other errors pass through.
func (o *Options) configUsage(err error) error {
	var ce *cohesity.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	switch ce.Field {
	case "BaseURL":
		return cmdutil.Usagef("--base-url %s", ce.Reason)
	case "Domain":
		return cmdutil.Usagef("--domain %s", ce.Reason)
	case "CAPEM/Pins":
		return shared.CAFileError(o.caFile, ce.Reason)
	}
	return cmdutil.Usagef("%s", err)
}
