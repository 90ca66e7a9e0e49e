package main

import (
	"errors"
	"strings"

	"github.com/devicecode/devicecode/vendors/veeam"
)

// check finds what the flag parser cannot, in the order a person fixes
// things: the server and account, the target, then the extras.
func (a *veeamArgs) check() error {
	switch {
	case a.baseURL == "":
		return usagef("--base-url is required")
	case a.username == "":
		return usagef("--username is required")
	case a.password == "" && a.passwordFile != "":
		return usagef("--password-file %s is empty", a.passwordFile)
	case a.password == "":
		return usagef("the password is required: set $%s or pass --password-file", veeamPasswordEnv)
	case a.timeout < 0:
		return usagef("--timeout must not be negative")
	}
	if err := a.checkTarget(); err != nil {
		return err
	}
	return checkHosts(a.allowHosts)
}

func (a *veeamArgs) checkTarget() error {
	n := 0
	for _, set := range []bool{a.newOrg, a.orgID != "", a.restoreSession != ""} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return usagef("exactly one of --new-organization, --organization ID, --restore-session ID is required")
	case a.region.value != "" && !a.newOrg:
		return usagef("--region goes with --new-organization")
	case a.createApps < 0:
		return usagef("--create-apps must be a positive number")
	case a.createApps > 0 && a.orgID == "":
		return usagef("--create-apps goes with --organization ID")
	case a.createApps > 0 && a.displayName == "":
		return usagef("--create-apps needs --display-name NAME")
	case a.createApps == 0 && a.displayName != "":
		return usagef("--display-name goes with --create-apps N")
	}
	return nil
}

// veeamConfigFlags names the flag behind each Config field.
var veeamConfigFlags = map[string]string{
	"BaseURL":    "--base-url",
	"Username":   "--username",
	"Password":   "--password-file",
	"APIVersion": "--api-version",
}

// configUsage turns a *veeam.ConfigError into a usage error naming the
// flag (or the variable the password came from).
func (a *veeamArgs) configUsage(err error) error {
	var ce *veeam.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	switch ce.Field {
	case "CAPEM/Pins":
		return usagef("--ca-file %s: %s", a.caFile, ce.Reason)
	case "Target":
		return usagef("%s %s", a.targetFlag(), ce.Reason)
	}
	name, ok := veeamConfigFlags[ce.Field]
	if !ok {
		return usagef("%s", err)
	}
	if ce.Field == "Password" && a.passwordFromEnv {
		name = "$" + veeamPasswordEnv
	}
	reason := ce.Reason
	if strings.HasPrefix(reason, "missing") {
		reason = "is " + reason
	}
	return usagef("%s %s", name, reason)
}

// targetFlag names the flag that chose the target, for an error about it.
func (a *veeamArgs) targetFlag() string {
	switch {
	case a.orgID != "":
		return "--organization"
	case a.restoreSession != "":
		return "--restore-session"
	}
	return "--new-organization"
}
