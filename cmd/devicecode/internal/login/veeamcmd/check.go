package veeamcmd

import (
	"errors"
	"strings"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// check finds what the flag parser cannot, and reads the password and
// the CA file, in the order a person fixes things: the server and
// account, the target, then the extras.
func (o *Options) check() error {
	var err error
	if o.password, o.passwordFromEnv, err = password.Read(o.passwordFile); err != nil {
		return err
	}
	switch {
	case o.baseURL == "":
		return cmdutil.Usagef("--base-url is required")
	case o.username == "":
		return cmdutil.Usagef("--username is required")
	case o.password == "":
		return password.Required()
	case o.Timeout < 0:
		return cmdutil.Usagef("--timeout must not be negative")
	}
	if err := o.checkTarget(); err != nil {
		return err
	}
	if err := shared.CheckHosts(o.AllowHosts); err != nil {
		return err
	}
	o.caPEM, err = shared.ReadCAFile(o.caFile)
	return err
}

func (o *Options) checkTarget() error {
	n := 0
	for _, set := range []bool{o.newOrg, o.orgID != "", o.restoreSession != ""} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return cmdutil.Usagef("exactly one of --new-organization, --organization ID, --restore-session ID is required")
	case o.region.Value != "" && !o.newOrg:
		return cmdutil.Usagef("--region goes with --new-organization")
	case o.createApps < 0:
		return cmdutil.Usagef("--create-apps must not be negative")
	case o.createApps > 0 && o.orgID == "":
		return cmdutil.Usagef("--create-apps N needs --organization ID")
	case o.createApps > 0 && o.displayName == "":
		return cmdutil.Usagef("--create-apps N needs --display-name NAME")
	case o.createApps == 0 && o.displayName != "":
		return cmdutil.Usagef("--display-name goes with --create-apps N")
	}
	return nil
}

// configFlags names the flag behind each Config field.
var configFlags = map[string]string{
	"BaseURL":    "--base-url",
	"Username":   "--username",
	"Password":   "--password-file",
	"APIVersion": "--api-version",
}

// configUsage turns a *veeam.ConfigError into a usage error naming the
// flag (or the variable the password came from).
func (o *Options) configUsage(err error) error {
	var ce *veeam.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	switch ce.Field {
	case "CAPEM/Pins":
		return shared.CAFileError(o.caFile, ce.Reason)
	case "Target":
		return cmdutil.Usagef("%s %s", o.targetFlag(), ce.Reason)
	}
	name, ok := configFlags[ce.Field]
	if !ok {
		return cmdutil.Usagef("%s", err)
	}
	if ce.Field == "Password" && o.passwordFromEnv {
		name = "$" + PasswordEnv
	}
	reason := ce.Reason
	if strings.HasPrefix(reason, "missing") {
		reason = "is " + reason
	}
	return cmdutil.Usagef("%s %s", name, reason)
}

// targetFlag names the flag that chose the target, for an error about it.
func (o *Options) targetFlag() string {
	switch {
	case o.orgID != "":
		return "--organization"
	case o.restoreSession != "":
		return "--restore-session"
	}
	return "--new-organization"
}
